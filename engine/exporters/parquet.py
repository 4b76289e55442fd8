"""The ``parquet`` exporter: key columns for querying plus the full Record as JSON (needs pyarrow)."""
from __future__ import annotations

import json
from pathlib import Path

from oncostruct.engine.errors import MissingDependencyError
from oncostruct.engine.jsonl import iter_jsonl

PARQUET_FILE = "records.parquet"


class ParquetExporter:
    name = "parquet"
    version = "1"
    description = "records.parquet: doc_id, type, language, patient, counts and the Record as JSON (pyarrow)"

    def export(self, records_path: Path, out_dir: Path) -> list[Path]:
        return [export_parquet(records_path, out_dir / PARQUET_FILE)]


def export_parquet(records_path: Path, parquet_path: Path) -> Path:
    """records.jsonl → Parquet: key columns for querying plus the full record as JSON."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise MissingDependencyError("the parquet export needs pyarrow (pip install 'oncostruct[distributed]')") from exc
    rows = [
        {"doc_id": r["document"]["doc_id"], "source_sha256": r["document"]["source_sha256"],
         "source_name": r["document"].get("source_name"), "doc_type": r["document"]["doc_type"],
         "language": r["document"].get("language"), "patient_id": r["document"].get("patient_id"),
         "n_fields": len(r["fields"]), "needs_review": any(f["status"] == "needs_review" for f in r["fields"]),
         "record": json.dumps(r, ensure_ascii=False)}
        for r in iter_jsonl(records_path) if "document" in r
    ]
    schema = pa.schema([("doc_id", pa.string()), ("source_sha256", pa.string()), ("source_name", pa.string()),
                        ("doc_type", pa.string()), ("language", pa.string()), ("patient_id", pa.string()),
                        ("n_fields", pa.int32()), ("needs_review", pa.bool_()), ("record", pa.string())])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), parquet_path)
    return parquet_path
