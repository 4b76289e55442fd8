"""The ``omop`` exporter: records.jsonl → OMOP CDM v5.4 tables (CSV and Parquet) plus ``omop/summary.json``.

``OUT/omop/<table>.csv`` and ``.parquet`` for PERSON, NOTE, NOTE_NLP, CONDITION_OCCURRENCE, MEASUREMENT,
PROCEDURE_OCCURRENCE, DRUG_EXPOSURE, OBSERVATION, EPISODE and EPISODE_EVENT (see :mod:`.rows`), with the
DDL in engine/data/omop_ddl (load with :func:`.load.load_postgres`). NOTE.note_text comes from the
``texts.jsonl`` beside the records file (written by ``oncostruct batch``); without it note_text is empty
and the summary says so. ``vocab``: a folder with the user's Athena CONCEPT.csv to resolve concept ids.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from oncostruct.engine.errors import ConfigError
from oncostruct.engine.exporters.export_input import group_patients, read_records, read_texts
from oncostruct.engine.exporters.omop.rows import TABLES, RowBuilder
from oncostruct.engine.exporters.omop.schema import coerce, write_csv, write_parquet
from oncostruct.engine.exporters.omop.vocab import resolve
from oncostruct.engine.settings import get_settings

OMOP_DIR = "omop"
SUMMARY_FILE = "summary.json"


class OmopExporter:
    name = "omop"
    version = "1"
    description = "OMOP CDM v5.4 + Oncology extension: omop/<table>.csv|.parquet and omop/summary.json (--vocab: Athena)"

    def __init__(self, vocab: str | Path | None = None, export_date: date | None = None) -> None:
        self.vocab = Path(vocab) if vocab else None
        if self.vocab is not None and not self.vocab.is_dir():
            raise ConfigError(f"--vocab {self.vocab}: not a folder (give the folder holding CONCEPT.csv)")
        self.export_date = export_date

    def export(self, records_path: Path, out_dir: Path) -> list[Path]:
        tables, summary = build_tables(records_path, vocab=self.vocab, export_date=self.export_date)
        out = out_dir / OMOP_DIR
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for table in TABLES:
            written.append(write_csv(out / f"{table}.csv", table, tables[table]))
            written.append(write_parquet(out / f"{table}.parquet", table, tables[table]))
        path = out / SUMMARY_FILE
        path.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return [*written, path]


def build_tables(records_path: Path, *, vocab: Path | None = None,
                 export_date: date | None = None) -> tuple[dict[str, list[dict[str, Any]]], dict[str, Any]]:
    """The OMOP rows of every table (coerced to the table specs) and the export summary."""
    settings = get_settings()
    records = read_records(records_path)
    texts = read_texts(records_path)
    patients = group_patients(records, settings.secret_key)
    builder = RowBuilder(export_date or date.today(), texts)
    for patient in patients:
        builder.add_patient(patient)
    unmapped = resolve(builder.tables, vocab)
    tables = {t: [coerce(t, r) for r in rows] for t, rows in builder.tables.items()}
    n_text = sum(1 for r in records if texts and r["document"]["source_sha256"] in texts)
    summary = {
        "cdm_version": "5.4", "records": len(records), "persons": len(patients),
        "persons_from_documents": sum(not p.has_patient_id for p in patients),
        "persons_linked_by_header": sum(not p.has_patient_id and len(p.records) > 1 for p in patients),
        "person_source_value": "HMAC-SHA256 (Settings.secret_key)" if settings.secret_key else
        "SHA-256 without a key: set ONCOSTRUCT_SECRET_KEY for keyed pseudonyms",
        "note_text": f"{n_text} of {len(records)} notes hold their text (texts.jsonl)" if texts is not None else
        "empty: no texts.jsonl beside the records file (run `oncostruct batch` to write one)",
        "vocabulary": str(vocab) if vocab else None,
        "episode_events_unresolved": dict(sorted(builder.unresolved.items())),
        "tables": {t: {"rows": len(tables[t]), "unmapped_concepts": sum(unmapped.get(t, {}).values()),
                       "unmapped_values": dict(sorted(unmapped.get(t, {}).items(), key=lambda kv: -kv[1])[:50])}
                   for t in TABLES},
    }
    return tables, summary
