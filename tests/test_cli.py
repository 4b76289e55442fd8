"""The command line, run as users run it: the installed ``oncostruct`` console script."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import ZH_PATHOLOGY

EXE = shutil.which("oncostruct") or str(Path(sys.executable).parent / "oncostruct")


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_cli_extract_prints_a_record(tmp_path: Path) -> None:
    doc = tmp_path / "report.txt"
    doc.write_text(ZH_PATHOLOGY, encoding="utf-8")
    proc = _run("extract", str(doc))
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["document"]["doc_type"] == "pathology"
    for f in record["fields"]:
        for p in f["provenance"]:
            if p["kind"] == "text":
                assert ZH_PATHOLOGY[p["start"]:p["end"]] == p["text"]


def test_cli_extract_errors_are_clear(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = _run("extract", str(empty))
    assert proc.returncode == 2
    assert "error [E101]" in proc.stderr and "empty" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_unknown_type_becomes_other_with_entities(tmp_path: Path) -> None:
    doc = tmp_path / "note.txt"
    doc.write_text("患者既往有高血压病史，今日来门诊随访，自述睡眠一般。", encoding="utf-8")
    proc = _run("extract", str(doc), "--compact")
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["document"]["doc_type"] == "other"
    assert all(f["name"].startswith("entities.") for f in record["fields"])  # entities only
    assert any("高血压" in e["text"] and e["label"] == "疾病和诊断" for e in record["entities"])


def test_cli_schema_and_run_records_validate(tmp_path: Path) -> None:
    proc = _run("schema")
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    proc = _run("run", "--out", str(tmp_path / "out"), "--no-progress")
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(l) for l in (tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) >= 11
    assert {r["document"]["doc_type"] for r in records} >= {"pathology", "petct", "discharge", "surgical_video"}
    for r in records:
        jsonschema.validate(r, schema)
    assert (tmp_path / "out" / "summary.md").read_text(encoding="utf-8").startswith("# oncostruct run summary")


def test_cli_bench_unknown_task_and_missing_data(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text("{}\n")
    proc = _run("bench", "nonsense", "--data", str(data), "--out", str(tmp_path / "r.json"))
    assert proc.returncode == 2 and "unknown bench task" in proc.stderr


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_cli_basic_flags(args: list[str]) -> None:
    assert _run(*args).returncode == 0


def test_cli_bench_tumour_contract(tmp_path: Path, fixtures_dir: Path) -> None:
    out = tmp_path / "r.json"
    proc = _run("bench", "tumour", "--data", str(fixtures_dir / "tumour_mini.jsonl"), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    printed = json.loads(proc.stdout.strip().splitlines()[-1])
    assert printed == json.loads(out.read_text(encoding="utf-8"))
    assert printed["task"] == "tumour" and printed["n"] > 0
    assert set(printed["per_field"]) == {"primary_site", "primary_size", "metastasis_sites"}
    assert all(0 <= printed["micro"][k] <= 1 for k in ("p", "r", "f1"))
