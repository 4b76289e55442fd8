"""``oncostruct assemble`` and ``batch --assemble``: records.jsonl in, patients.jsonl and timeline.html out.

Also writes ``records/<doc_id>.html`` (the ``oncostruct view`` page of every record, with the text
highlighted when ``source`` — a folder or manifest — holds the documents), which the timeline links to.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from oncostruct.engine.assembly.assemble import assemble
from oncostruct.engine.cdm import Record
from oncostruct.engine.errors import DataFormatError
from oncostruct.engine.html_view import render_record_html
from oncostruct.engine.ingest import safe_name
from oncostruct.engine.jsonl import iter_jsonl, json_line
from oncostruct.engine.assembly.timeline_html import render_timeline_html

PATIENTS_FILE = "patients.jsonl"
TIMELINE_FILE = "timeline.html"
RECORDS_DIR = "records"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def page_name(doc_id: str) -> str:
    """A file name for a record page (ids may hold any character)."""
    return _UNSAFE.sub("_", doc_id)[:120] + ".html"


def load_records(records_path: Path) -> list[Record]:
    out = []
    for n, row in enumerate(iter_jsonl(records_path), 1):
        try:
            out.append(Record.model_validate(row))
        except Exception as exc:  # noqa: BLE001 - pydantic ValidationError or a non-object line
            raise DataFormatError(f"{safe_name(records_path)}:{n}: not a Record ({str(exc).splitlines()[0]})") from None
    if not out and not records_path.exists():
        raise DataFormatError(f"{safe_name(records_path)}: no such file")
    return out


def write_assembly(records_path: str | Path, out_dir: str | Path, source: str | Path | None = None) -> dict[str, Any]:
    """Assemble the records; write patients.jsonl, timeline.html and records/*.html; return counts and paths."""
    from oncostruct.engine.sources import index_texts

    records = load_records(Path(records_path))
    out = Path(out_dir)
    (out / RECORDS_DIR).mkdir(parents=True, exist_ok=True)
    patients = assemble(records)
    with (out / PATIENTS_FILE).open("w", encoding="utf-8") as fh:
        for p in patients:
            fh.write(json_line(p.model_dump(mode="json")))
    texts = index_texts([Path(source)]) if source is not None else {}
    field_index: dict[str, dict[str, int]] = {}
    has_text: dict[str, bool] = {}
    for r in records:
        text = texts.get(r.document.source_sha256)
        text = text if text is not None and not text.startswith("data:") else None
        has_text[r.document.doc_id] = text is not None
        field_index[r.document.doc_id] = {f.name: i for i, f in reversed(list(enumerate(r.fields)))}
        (out / RECORDS_DIR / page_name(r.document.doc_id)).write_text(render_record_html(r, text), encoding="utf-8")

    def anchor(doc_id: str, field: str | None) -> str:
        href = f"{RECORDS_DIR}/{page_name(doc_id)}"
        i = field_index.get(doc_id, {}).get(field or "")
        return href if i is None else f"{href}#{'m' if has_text.get(doc_id) else 'f'}{i}"

    (out / TIMELINE_FILE).write_text(render_timeline_html(patients, anchor), encoding="utf-8")
    return {"patients": len(patients), "documents": len(records),
            "needs_review": sum(p.needs_review for p in patients),
            "conflicts": sum(len(p.conflicts) for p in patients),
            "files": [str(out / PATIENTS_FILE), str(out / TIMELINE_FILE)]}
