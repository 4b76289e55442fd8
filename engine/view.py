"""Inputs of ``oncostruct view``: a Record from a JSON or JSONL file, and the source document it points into.

Records hold offsets, not text. The source is found by the sha256 of its bytes
(``Document.source_sha256``) with the review loop's own index (:func:`engine.sources.index_texts`),
so a moved or renamed file is still found and a changed one is never shown as the original.
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from pydantic import ValidationError

from oncostruct.engine.cdm import DocType, Record
from oncostruct.engine.errors import DataFormatError, InputError
from oncostruct.engine.html_view import display_value
from oncostruct.engine.ingest import ingest_path, safe_name
from oncostruct.engine.sources import index_texts

_MANIFESTS = (".jsonl", ".parquet")


def _json_rows(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, value): the whole file when it is one JSON value, else one value per non-empty line."""
    try:
        with path.open(encoding="utf-8") as fh:
            if path.suffix != ".jsonl":
                raw = fh.read()
                try:
                    yield 1, json.loads(raw)
                    return
                except json.JSONDecodeError:
                    lines: Any = raw.splitlines()
            else:
                lines = fh
            for n, line in enumerate(lines, 1):
                if line.strip():
                    try:
                        yield n, json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise DataFormatError(f"{safe_name(path)}:{n}: not valid JSON: {exc.msg}") from exc
    except UnicodeDecodeError as exc:
        raise DataFormatError(f"{safe_name(path)}: not UTF-8 JSON ({exc.reason})") from exc


def _doc_id(value: Any) -> Any:
    return value.get("document", {}).get("doc_id") if isinstance(value, dict) and isinstance(value.get("document"), dict) else None


def load_record(path: Path, doc_id: str | None = None) -> Record:
    """The Record in ``path`` (one Record JSON, a JSON list or a records.jsonl): ``doc_id``'s, or the first."""
    for n, value in _json_rows(path):
        for item in value if isinstance(value, list) else [value]:
            if doc_id is None or _doc_id(item) == doc_id:
                try:
                    return Record.model_validate(item)
                except ValidationError as exc:
                    first = exc.errors()[0]
                    where = ".".join(str(p) for p in first["loc"]) or "record"
                    raise DataFormatError(f"{safe_name(path)}:{n}: not a Record ({where}: {first['msg']})") from exc
    wanted = f"no record with doc_id {doc_id!r}" if doc_id is not None else "no record"
    raise DataFormatError(f"{safe_name(path)}: {wanted}")


@dataclass(frozen=True)
class SourceDoc:
    """A record's source document: its text, or (lab reports) its image bytes; both None when not found."""

    text: str | None = None
    image: bytes | None = None


def _from_file(record: Record, path: Path) -> SourceDoc:
    """A single document file, which must be the record's source (same sha256)."""
    ing = ingest_path(path)
    want = record.document.source_sha256
    if ing.sha256 != want:
        raise InputError(f"{safe_name(path)} is not the document of record {record.document.doc_id!r} "
                         f"(sha256 {ing.sha256[:12]}, the record's {want[:12]})")
    return SourceDoc(ing.text, ing.data if ing.text is None else None)


def _from_index(record: Record, where: Path) -> SourceDoc:
    """Search a folder or manifest for the record's document by sha256."""
    found = index_texts([where]).get(record.document.source_sha256)
    if found is None:
        return SourceDoc()
    if record.document.doc_type is DocType.lab_report and found.startswith("data:") and ";base64," in found:
        return SourceDoc(image=base64.b64decode(found.split(",", 1)[1]))  # index_texts gives images as data: URIs
    return SourceDoc(text=found)


def find_source(record: Record, source: Path | None, default: Path) -> SourceDoc:
    """The record's document from ``source`` (a file, or a folder/manifest searched by sha256), else from ``default``."""
    where = source if source is not None else default
    if where.is_file() and where.suffix not in _MANIFESTS:
        return _from_file(record, where)
    return _from_index(record, where)


def fields_listing(record: Record) -> str:
    """A plain-text list of the fields: status, confidence, name = value, and the review reason."""
    lines = [f"{record.document.doc_id} ({record.document.doc_type.value}, {record.document.language.value}): "
             f"{len(record.fields)} fields, {len(record.issues)} issues"]
    for f in record.fields:
        value = display_value(f.value)
        reason = f"  [{f.review_reason}]" if f.review_reason else ""
        lines.append(f"{f.status.value:<13} {f.confidence:.2f}  {f.name} = {value}{reason}")
    return "\n".join(lines)
