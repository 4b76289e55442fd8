"""Resumable batch structuring: a folder or JSONL manifest in, records.jsonl and errors.jsonl out.

* Each document is keyed by the sha256 of its content; a rerun skips documents whose
  record is already in ``records.jsonl`` and retries the ones that failed before.
* A bad document becomes one line in ``errors.jsonl`` and never stops the batch.
* Records are appended and flushed one by one, so a crash loses at most the document in flight.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from tqdm import tqdm

from engine.errors import DataFormatError, OncostructError
from engine.pipeline import Pipeline

RECORDS_FILE = "records.jsonl"
ERRORS_FILE = "errors.jsonl"


@dataclass(frozen=True)
class BatchItem:
    """One unit of work: a file path, or inline text from a manifest."""

    key: str  # display name
    path: Path | None = None
    text: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def content_sha256(self) -> str:
        data = self.path.read_bytes() if self.path is not None else (self.text or "").encode("utf-8")
        return hashlib.sha256(data).hexdigest()


@dataclass
class BatchSummary:
    total: int = 0
    done: int = 0
    skipped: int = 0
    failed: int = 0
    needs_review: int = 0
    out_dir: str = ""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


_META_KEYS = ("doc_type", "language", "doc_id", "patient_id", "visit_id")


def iter_items(source: str | Path) -> Iterator[BatchItem]:
    """Items from a directory (recursive, sorted, hidden files skipped) or a JSONL manifest.

    Manifest lines are ``{"path": ...}`` or ``{"text": ...}`` plus optional doc_type,
    language, doc_id, patient_id and visit_id. Relative paths resolve against the manifest.
    """
    source = Path(source)
    if source.is_dir():
        for p in sorted(source.rglob("*")):
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(source).parts):
                yield BatchItem(key=str(p.relative_to(source)), path=p)
        return
    if not source.is_file():
        raise DataFormatError(f"{source}: no such file or directory")
    if source.suffix != ".jsonl":
        raise DataFormatError(f"{source}: a batch input is a directory or a .jsonl manifest")
    with source.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataFormatError(f"{source}:{n}: not valid JSON: {exc}") from exc
            meta = {k: row[k] for k in _META_KEYS if row.get(k) is not None}
            if "path" in row:
                p = Path(row["path"])
                yield BatchItem(key=str(row.get("doc_id") or row["path"]), path=p if p.is_absolute() else source.parent / p, meta=meta)
            elif "text" in row:
                yield BatchItem(key=str(row.get("doc_id") or f"line{n}"), text=row["text"], meta=meta)
            else:
                raise DataFormatError(f"{source}:{n}: a manifest line needs 'path' or 'text'")


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # a line torn by a crash; its document is simply redone
    return rows


def _done_hashes(records_path: Path) -> set[str]:
    return {r["document"]["source_sha256"] for r in _read_jsonl(records_path) if "document" in r}


def _process(pipeline: Pipeline, item: BatchItem) -> tuple[str, dict[str, Any]]:
    if item.path is not None:
        rec = pipeline.extract_path(item.path, **item.meta)
    else:
        rec = pipeline.extract_text(item.text or "", source_name=item.key, **item.meta)
    return "record", json.loads(rec.model_dump_json())


def _error_entry(item: BatchItem, sha: str | None, exc: Exception) -> dict[str, Any]:
    info = exc.as_dict() if isinstance(exc, OncostructError) else {"code": "E999", "type": type(exc).__name__, "message": str(exc)}
    return {"key": item.key, "path": str(item.path) if item.path else None, "source_sha256": sha, "error": info}


def run_batch(
    source: str | Path | Iterable[BatchItem],
    out_dir: str | Path,
    pipeline: Pipeline | None = None,
    *,
    progress: bool = True,
) -> BatchSummary:
    """Structure every item; append records, rewrite errors; return counts."""
    pipeline = pipeline or Pipeline()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    records_path, errors_path = out / RECORDS_FILE, out / ERRORS_FILE
    items = list(iter_items(source)) if isinstance(source, (str, Path)) else list(source)
    done = _done_hashes(records_path)
    errors = {e.get("source_sha256") or e["key"]: e for e in _read_jsonl(errors_path)}
    summary = BatchSummary(total=len(items), out_dir=str(out))
    with records_path.open("a", encoding="utf-8") as rec_fh:
        for item in tqdm(items, desc="structuring", unit="doc", disable=not progress):
            sha = None
            try:
                sha = item.content_sha256()
                if sha in done:
                    summary.skipped += 1
                    continue
                _, rec = _process(pipeline, item)
            except Exception as exc:  # noqa: BLE001 - one bad document never stops the batch
                errors[sha or item.key] = _error_entry(item, sha, exc)
                summary.failed += 1
                continue
            rec_fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            rec_fh.flush()
            done.add(sha)
            errors.pop(sha, None)
            summary.done += 1
            summary.needs_review += any(f["status"] == "needs_review" for f in rec["fields"])
    _write_atomic(errors_path, [e for e in errors.values() if e.get("source_sha256") not in done])
    return summary


def _write_atomic(path: Path, rows: list[dict[str, Any]]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    os.replace(tmp, path)
