"""A structured batch for the OMOP/FHIR export tests, and a throw-away PostgreSQL server.

The batch: the bundled sample reports plus one rendered lab sheet (tests/synth_lab.py), through a manifest
that gives some documents a shared patient id so episodes link a pathology report, a discharge summary
and a lab report of one patient. The server: Debian's ``postgresql`` binaries, run as the unprivileged
``postgres`` user when the tests run as root (PostgreSQL refuses root), in a temporary data directory
on a free port of 127.0.0.1.
"""
from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from oncostruct.engine.cli_support import samples_dir

# sample file → patient id (the others have none: each becomes its own person)
PATIENTS = {"pathology_zh_1.txt": "P-LUNG-1", "discharge_1.txt": "P-LUNG-1", "petct_1.txt": "P-LUNG-1",
            "lab_chem.png": "P-LUNG-1", "discharge_2.txt": "P-COLON-2", "pathology_en_2.txt": "P-COLON-2"}


def write_batch_input(folder: Path) -> Path:
    """The sample reports and a rendered lab sheet in ``folder``, with a manifest; returns the manifest."""
    from tests import synth_lab

    folder.mkdir(parents=True, exist_ok=True)
    image, _ = synth_lab.render_sheet(7, kind="chem", blocks=1, n_rows=8)
    (folder / "lab_chem.png").write_bytes(synth_lab.encode_png(image))
    rows = []
    for src in sorted(samples_dir().iterdir()):
        shutil.copy(src, folder / src.name)
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in (".txt", ".png", ".jpg", ".jpeg", ".pdf"):
            row = {"path": path.name}
            if path.name in PATIENTS:
                row["patient_id"] = PATIENTS[path.name]
            rows.append(row)
    manifest = folder / "manifest.jsonl"
    manifest.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return manifest


# --- PostgreSQL ---------------------------------------------------------------------------------


def pg_bindir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin holding initdb, or the one on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def postgres_server() -> Iterator[str]:
    """A fresh PostgreSQL server for the duration of the block; yields its conninfo string."""
    bindir = pg_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql (make test installs it)")
    as_root = os.geteuid() == 0
    run_as = ["runuser", "-u", "postgres", "--"] if as_root else []
    root = Path(tempfile.mkdtemp(prefix="oncostruct-pg-"))
    data, log = root / "data", root / "server.log"
    if as_root:
        shutil.chown(root, "postgres", "postgres")
    port = _free_port()
    try:
        subprocess.run([*run_as, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                        "-E", "UTF8", "--locale=C", "--no-sync"], check=True, capture_output=True)
        opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c full_page_writes=off"
        subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(log), "-w",
                        "-t", "60", "start"], check=True, capture_output=True)
        try:
            yield f"host=127.0.0.1 port={port} user=postgres dbname=postgres"
        finally:
            subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                           capture_output=True)
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode(errors="replace")
        if log.exists():
            detail += log.read_text(errors="replace")
        raise RuntimeError(f"PostgreSQL did not start: {detail[-2000:]}") from None
    finally:
        shutil.rmtree(root, ignore_errors=True)


def structured_batch(base: Path, export: tuple[str, ...] = ("jsonl", "omop", "fhir")) -> Path:
    """Structure the test batch (samples + a lab sheet) into ``base/out`` with ``export``; returns the out folder."""
    from oncostruct.engine.batch import run_batch

    manifest = write_batch_input(base / "in")
    summary = run_batch(manifest, base / "out", progress=False, export=export, timeout_s=None)
    assert summary.failed == 0 and summary.done == len(manifest.read_text().splitlines())
    return base / "out"


def read_csv(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))
