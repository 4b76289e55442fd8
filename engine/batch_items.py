"""Batch items and the two stages every batch engine runs on them.

A :class:`BatchItem` is a file path or inline text from a manifest, with metadata.
:func:`decode_item` (CPU: read, decode, check) and :func:`structure_item` (the pipeline) are the
stages; :func:`process_item` runs both and turns any failure into an error entry, so one bad
document never stops a batch. Engines (:mod:`engine.batch_engines`) and the REST jobs call these.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Protocol

from oncostruct.engine.cdm import Record
from oncostruct.engine.document_date import parse_document_date
from oncostruct.engine.errors import DataFormatError, OncostructError
from oncostruct.engine.ingest import IngestedInput, file_sha256, ingest_path, ingest_text, safe_name
from oncostruct.engine.settings import Settings, get_settings


class Structurer(Protocol):
    """What structures one ingested input: a Pipeline, or an IsolatedPipeline."""

    settings: Settings

    def extract(self, ing: IngestedInput, **meta: Any) -> Record: ...


@dataclass(frozen=True)
class BatchItem:
    """One unit of work: a file path, or inline text from a manifest."""

    key: str  # display name
    path: Path | None = None
    text: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def content_sha256(self, limit: int | None = None) -> str:
        """sha256 of the content, streamed with the ``max_file_bytes`` bound (raises InputError)."""
        if self.path is not None:
            return file_sha256(self.path, limit or get_settings().max_file_bytes)
        return hashlib.sha256((self.text or "").encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Outcome:
    """What became of one item: a record (as JSON-ready dict) or an error entry."""

    key: str
    sha256: str | None
    record: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    text: str | None = None  # the text the pipeline structured (text documents only): the texts.jsonl sidecar


_META_KEYS = ("doc_type", "language", "doc_id", "patient_id", "visit_id", "date")


def iter_items(source: str | Path) -> Iterator[BatchItem]:
    """Items from a directory (recursive, sorted, hidden files skipped) or a JSONL/Parquet manifest.

    Manifest rows are ``{"path": ...}`` or ``{"text": ...}`` plus optional doc_type,
    language, doc_id, patient_id, visit_id and date (ISO). Relative paths resolve against the manifest.
    """
    source = Path(source)
    if source.is_dir():
        for p in sorted(source.rglob("*")):
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(source).parts):
                yield BatchItem(key=safe_name(p.relative_to(source)), path=p)
        return
    if not source.is_file():
        raise DataFormatError(f"{source}: no such file or directory")
    for n, row in _manifest_rows(source):
        yield _manifest_item(source, n, row)


def _manifest_rows(source: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    if source.suffix == ".parquet":
        try:
            import pyarrow.parquet as pq
        except ImportError as exc:  # pragma: no cover - depends on the installed extras
            raise DataFormatError(f"{source}: reading Parquet needs pyarrow (pip install 'oncostruct[distributed]')") from exc
        yield from enumerate(pq.read_table(source).to_pylist(), 1)
        return
    if source.suffix != ".jsonl":
        raise DataFormatError(f"{source}: a batch input is a directory, a .jsonl or a .parquet manifest")
    with source.open(encoding="utf-8") as fh:
        n = 0
        try:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                row = json.loads(line)
                if not isinstance(row, dict):
                    raise DataFormatError(f"{safe_name(source)}:{n}: a manifest row is a JSON object, not {type(row).__name__}")
                yield n, row
        except json.JSONDecodeError as exc:
            raise DataFormatError(f"{safe_name(source)}:{n}: not valid JSON: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise DataFormatError(f"{safe_name(source)}:{n + 1}: not UTF-8 ({exc.reason})") from exc


def _manifest_item(source: Path, n: int, row: dict[str, Any]) -> BatchItem:
    meta = {k: row[k] for k in _META_KEYS if row.get(k) is not None}
    if "date" in meta:
        try:
            parse_document_date(meta["date"])
        except DataFormatError as exc:
            raise DataFormatError(f"{safe_name(source)}:{n}: {exc.message}") from None
    if row.get("path") is not None:
        if not isinstance(row["path"], str):
            raise DataFormatError(f"{safe_name(source)}:{n}: 'path' is a string")
        p = Path(row["path"])
        key = safe_name(str(row.get("doc_id") or row["path"]))
        return BatchItem(key=key, path=p if p.is_absolute() else source.parent / p, meta=meta)
    if "text" in row:
        if not isinstance(row["text"], (str, type(None))):
            raise DataFormatError(f"{safe_name(source)}:{n}: 'text' is a string")
        return BatchItem(key=safe_name(str(row.get("doc_id") or f"line{n}")), text=row["text"] or "", meta=meta)
    raise DataFormatError(f"{safe_name(source)}:{n}: a manifest row needs 'path' or 'text'")


# --- the two stages every engine runs ------------------------------------------------


def decode_item(item: BatchItem, settings: Settings | None = None) -> IngestedInput:
    """CPU stage: read and decode the item's bytes (raises InputError for unusable input)."""
    if item.path is not None:
        return ingest_path(item.path, settings)
    return ingest_text(item.text or "", item.key, settings)


def structure_item(pipeline: Structurer, item: BatchItem, ing: IngestedInput) -> tuple[dict[str, Any], str | None]:
    """Model stage: structure one decoded input into a Record (a JSON-ready dict) and the text it was
    structured from (None for media, or when ``pipeline`` has no ``extract_with_text``)."""
    with_text = getattr(pipeline, "extract_with_text", None)
    record, text = with_text(ing, **item.meta) if with_text else (pipeline.extract(ing, **item.meta), None)
    return json.loads(record.model_dump_json()), text


def error_entry(item: BatchItem, sha: str | None, exc: BaseException) -> dict[str, Any]:
    info = exc.as_dict() if isinstance(exc, OncostructError) else {"code": "E999", "type": type(exc).__name__, "message": str(exc)}
    info = {k: safe_name(v) if isinstance(v, str) else v for k, v in info.items()}
    return {"key": safe_name(item.key), "path": safe_name(item.path) if item.path else None, "source_sha256": sha,
            "error": info}


def process_item(pipeline: Structurer, item: BatchItem, sha: str | None) -> Outcome:
    """Both stages for one item; any failure becomes an error Outcome."""
    try:
        record, text = structure_item(pipeline, item, decode_item(item, pipeline.settings))
        return Outcome(item.key, sha, record=record, text=text)
    except Exception as exc:  # noqa: BLE001 - one bad document never stops the batch
        return Outcome(item.key, sha, error=error_entry(item, sha, exc))
