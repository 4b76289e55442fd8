"""The OMOP and FHIR exports on real reports: does every document export, every Bundle validate, every offset slice?

A seeded sample of ``--per-source`` documents from each of ../shared/data/tcga_path (English pathology),
ccks2019_tumour (Chinese CT / PET-CT) and ccks2019_ner (Chinese EMR passages), plus ``--lab`` lab-report
photos, is structured with ``--export jsonl,omop,fhir`` (every document its own person), then checked:
NOTE_NLP offsets against NOTE.note_text, term_modifiers length and JSON, the FHIR summary's invalid Bundles,
and (``--pg``) the round trip into a throw-away PostgreSQL (tables → COPY → keys → constraints → indices,
as tests/test_export_omop_postgres.py). Prints one JSON line; nothing from the data is written outside ``--out``.

    .venv/bin/python benchmarks/export_real.py --data ../shared/data --per-source 60 --lab 6 --out out/export_real --pg
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.export_helpers (the throw-away PostgreSQL server)

from oncostruct.engine.batch import run_batch  # noqa: E402

SOURCES = {"tcga_path": "pathology", "ccks2019_tumour": None, "ccks2019_ner": None}


def sample_rows(data: Path, per_source: int, n_lab: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for folder, doc_type in SOURCES.items():
        with (data / folder / "train.jsonl").open(encoding="utf-8") as fh:
            docs = [json.loads(line) for line in fh if line.strip()]
        for n, doc in enumerate(rng.sample(docs, min(per_source, len(docs)))):
            row = {"text": doc["text"], "doc_id": f"{folder}-{n}"}
            if doc_type:
                row["doc_type"] = doc_type
            rows.append(row)
    images = sorted((data / "lab_reports" / "images").iterdir())
    rows += [{"path": str(p), "doc_type": "lab_report"} for p in rng.sample(images, min(n_lab, len(images)))]
    return rows


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def check_files(out: Path) -> dict[str, Any]:
    notes = {r["note_id"]: r["note_text"] for r in _csv(out / "omop" / "note.csv")}
    nlp = _csv(out / "omop" / "note_nlp.csv")
    spans = [r for r in nlp if r["offset"]]
    bad = sum(notes[r["note_id"]][int(r["offset"]):int(r["offset"]) + len(r["lexical_variant"])] != r["lexical_variant"]
              for r in spans)
    long_mods = sum(len(r["term_modifiers"]) > 2000 for r in nlp)
    for r in nlp:
        json.loads(r["term_modifiers"])
    fhir = json.loads((out / "fhir" / "summary.json").read_text())
    return {"note_nlp_rows": len(nlp), "note_nlp_with_offset": len(spans), "offset_mismatches": bad,
            "term_modifiers_over_2000": long_mods, "fhir_bundles": fhir["bundles"],
            "fhir_invalid": len(fhir["invalid"]), "fhir_resources": fhir["resources"]}


def check_postgres(omop_dir: Path) -> dict[str, Any]:
    import psycopg

    from oncostruct.engine.exporters.omop.load import load_postgres
    from tests.export_helpers import postgres_server

    with postgres_server() as conninfo:
        start = time.perf_counter()
        counts = load_postgres(conninfo, omop_dir, "cdm")
        seconds = time.perf_counter() - start
        with psycopg.connect(conninfo) as conn:
            (bad,) = conn.execute(
                'SELECT count(*) FROM cdm.note_nlp nl JOIN cdm.note n USING (note_id) WHERE nl."offset" IS NOT NULL '
                'AND substring(n.note_text from nl."offset"::int + 1 for char_length(nl.lexical_variant)) '
                '<> nl.lexical_variant').fetchone()
            (dangling,) = conn.execute(
                "SELECT count(*) FROM cdm.measurement m LEFT JOIN cdm.condition_occurrence c "
                "ON c.condition_occurrence_id = m.measurement_event_id "
                "WHERE m.measurement_event_id IS NOT NULL AND c.condition_occurrence_id IS NULL").fetchone()
    return {"pg_rows": counts, "pg_load_s": round(seconds, 2), "pg_offset_mismatches": bad,
            "pg_dangling_modifiers": dangling}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--per-source", type=int, default=60)
    ap.add_argument("--lab", type=int, default=6)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=Path("out/export_real"))
    ap.add_argument("--pg", action="store_true", help="also load into a throw-away PostgreSQL")
    args = ap.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    manifest = args.out / "manifest.jsonl"
    rows = sample_rows(args.data, args.per_source, args.lab, args.seed)
    manifest.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    start = time.perf_counter()
    summary = run_batch(manifest, args.out / "batch", progress=False, export=("jsonl", "omop", "fhir"))
    result: dict[str, Any] = {"documents": len(rows), "done": summary.done, "failed": summary.failed,
                              "batch_and_export_s": round(time.perf_counter() - start, 1)}
    omop = json.loads((args.out / "batch" / "omop" / "summary.json").read_text())
    result["omop_rows"] = {t: v["rows"] for t, v in omop["tables"].items()}
    result.update(check_files(args.out / "batch"))
    if args.pg:
        result.update(check_postgres(args.out / "batch" / "omop"))
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
