"""The ``jsonl`` exporter: one Record per line (the batch journal's own format, torn lines dropped)."""
from __future__ import annotations

import os
from pathlib import Path

from oncostruct.engine.jsonl import iter_jsonl, json_line

RECORDS_FILE = "records.jsonl"


class JsonlExporter:
    name = "jsonl"
    version = "1"
    description = "records.jsonl: one CDM Record (JSON) per line"

    def export(self, records_path: Path, out_dir: Path) -> list[Path]:
        target = out_dir / RECORDS_FILE
        if target.exists() and records_path.exists() and os.path.samefile(target, records_path):
            return [target]  # a batch's own journal is already the export
        tmp = target.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for row in iter_jsonl(records_path):
                if "document" in row:
                    fh.write(json_line(row))
        os.replace(tmp, target)
        return [target]
