"""Resumable batch structuring: a folder or a JSONL/Parquet manifest in, records.jsonl and errors.jsonl out.

* Each document is keyed by the sha256 of its content; a rerun skips documents whose
  record is already in ``records.jsonl`` and retries the ones that failed before.
* A bad document becomes one line in ``errors.jsonl`` and never stops the batch.
* Records are appended and flushed one by one, so a crash loses at most the documents in flight.
  A line torn by a crash mid-write is cut off on resume (its document is redone) and the
  number of bytes cut is reported as ``torn_bytes_truncated`` in the summary.
* Names are escaped by :func:`engine.ingest.safe_name` (undecodable file-name bytes become
  ``\\xNN``), and every read is bounded (:func:`engine.ingest.read_file`).
* The work itself runs on an engine (:mod:`engine.batch_engines`): in this process, in local
  worker processes, or on Ray Data. Every engine calls the same two stages defined here,
  :func:`decode_item` (CPU: read, decode, check) and :func:`structure_item` (the pipeline).
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal

from tqdm import tqdm

from engine.errors import DataFormatError, OncostructError
from engine.ingest import IngestedInput, ingest_path, ingest_text, read_file, safe_name
from engine.pipeline import Pipeline
from engine.settings import Settings, get_settings

RECORDS_FILE = "records.jsonl"
ERRORS_FILE = "errors.jsonl"
PARQUET_FILE = "records.parquet"
Export = Literal["jsonl", "parquet"]


@dataclass(frozen=True)
class BatchItem:
    """One unit of work: a file path, or inline text from a manifest."""

    key: str  # display name
    path: Path | None = None
    text: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def content_sha256(self, limit: int | None = None) -> str:
        """sha256 of the content, read with the ``max_file_bytes`` bound (raises InputError)."""
        if self.path is not None:
            data = read_file(self.path, limit or get_settings().max_file_bytes)
        else:
            data = (self.text or "").encode("utf-8", "surrogatepass")
        return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Outcome:
    """What became of one item: a record (as JSON-ready dict) or an error entry."""

    key: str
    sha256: str | None
    record: dict[str, Any] | None = None
    error: dict[str, Any] | None = None


@dataclass
class BatchSummary:
    total: int = 0
    done: int = 0
    skipped: int = 0
    failed: int = 0
    needs_review: int = 0
    torn_bytes_truncated: int = 0  # bytes of a torn last line cut from records.jsonl on resume
    out_dir: str = ""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


_META_KEYS = ("doc_type", "language", "doc_id", "patient_id", "visit_id")


def iter_items(source: str | Path) -> Iterator[BatchItem]:
    """Items from a directory (recursive, sorted, hidden files skipped) or a JSONL/Parquet manifest.

    Manifest rows are ``{"path": ...}`` or ``{"text": ...}`` plus optional doc_type,
    language, doc_id, patient_id and visit_id. Relative paths resolve against the manifest.
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


def structure_item(pipeline: Pipeline, item: BatchItem, ing: IngestedInput) -> dict[str, Any]:
    """Model stage: structure one decoded input into a Record, returned as a JSON-ready dict."""
    return json.loads(pipeline.extract(ing, **item.meta).model_dump_json())


def error_entry(item: BatchItem, sha: str | None, exc: BaseException) -> dict[str, Any]:
    info = exc.as_dict() if isinstance(exc, OncostructError) else {"code": "E999", "type": type(exc).__name__, "message": str(exc)}
    info = {k: safe_name(v) if isinstance(v, str) else v for k, v in info.items()}
    return {"key": safe_name(item.key), "path": safe_name(item.path) if item.path else None, "source_sha256": sha,
            "error": info}


def process_item(pipeline: Pipeline, item: BatchItem, sha: str | None) -> Outcome:
    """Both stages for one item; any failure becomes an error Outcome."""
    try:
        return Outcome(item.key, sha, record=structure_item(pipeline, item, decode_item(item, pipeline.settings)))
    except Exception as exc:  # noqa: BLE001 - one bad document never stops the batch
        return Outcome(item.key, sha, error=error_entry(item, sha, exc))


# --- the journal: what is done, what failed -----------------------------------------


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


def _json_line(row: dict[str, Any]) -> str:
    """One JSONL line; rows holding unencodable strings (lone surrogates) fall back to ASCII escapes."""
    line = json.dumps(row, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(row, ensure_ascii=True)
    return line + "\n"


_TAIL_CHUNK = 1 << 16


def truncate_torn_tail(path: Path) -> int:
    """Cut a last line that has no newline (torn by a crash mid-write); return the bytes cut."""
    if not path.exists():
        return 0
    with path.open("r+b") as fh:
        end = fh.seek(0, os.SEEK_END)
        pos = end
        while pos > 0:
            step = min(_TAIL_CHUNK, pos)
            fh.seek(pos - step)
            chunk = fh.read(step)
            nl = chunk.rfind(b"\n")
            if nl >= 0:
                pos = pos - step + nl + 1
                break
            pos -= step
        if pos < end:
            fh.truncate(pos)
        return end - pos


class _Journal:
    """records.jsonl (append-only, flushed per record) and errors.jsonl (rewritten at the end)."""

    def __init__(self, out: Path, summary: BatchSummary) -> None:
        self.records_path, self.errors_path = out / RECORDS_FILE, out / ERRORS_FILE
        summary.torn_bytes_truncated = truncate_torn_tail(self.records_path)
        self.done = {r["document"]["source_sha256"] for r in _read_jsonl(self.records_path) if "document" in r}
        self.errors = {e.get("source_sha256") or e["key"]: e for e in _read_jsonl(self.errors_path)}
        self.summary = summary
        self._fh = self.records_path.open("a", encoding="utf-8")

    def add(self, outcome: Outcome) -> None:
        if outcome.record is None:
            self.errors[outcome.sha256 or outcome.key] = outcome.error or {}
            self.summary.failed += 1
            return
        self._fh.write(_json_line(outcome.record))
        self._fh.flush()
        self.done.add(outcome.sha256)
        self.errors.pop(outcome.sha256, None)
        self.summary.done += 1
        self.summary.needs_review += any(f["status"] == "needs_review" for f in outcome.record["fields"])

    def close(self) -> None:
        self._fh.close()
        _write_atomic(self.errors_path, [e for e in self.errors.values() if e.get("source_sha256") not in self.done])


def _pending(items: list[BatchItem], journal: _Journal, settings: Settings) -> list[tuple[BatchItem, str]]:
    """Items still to do, with their content hash; finished and duplicate contents are skipped."""
    pending, seen = [], set(journal.done)
    for item in items:
        try:
            sha = item.content_sha256(settings.max_file_bytes)
        except (OSError, OncostructError) as exc:
            journal.add(Outcome(item.key, None, error=error_entry(item, None, exc)))
            continue
        if sha in seen:
            journal.summary.skipped += 1
            continue
        seen.add(sha)
        pending.append((item, sha))
    return pending


def run_batch(
    source: str | Path | Iterable[BatchItem],
    out_dir: str | Path,
    pipeline: Pipeline | None = None,
    *,
    progress: bool = True,
    engine: str = "local",
    workers: int = 1,
    export: Export = "jsonl",
) -> BatchSummary:
    """Structure every item on ``engine`` ("local" or "ray") with ``workers`` workers; return counts.

    ``export="parquet"`` also writes records.parquet from records.jsonl at the end
    (records.jsonl stays the resumable journal).
    """
    from engine.batch_engines import make_engine

    pipeline = pipeline or Pipeline()
    run = make_engine(engine, workers)  # fail on a bad engine name before any work
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    items = list(iter_items(source)) if isinstance(source, (str, Path)) else list(source)
    summary = BatchSummary(total=len(items), out_dir=str(out))
    journal = _Journal(out, summary)
    try:
        pending = _pending(items, journal, pipeline.settings)
        with tqdm(total=len(items), initial=len(items) - len(pending), desc="structuring", unit="doc",
                  disable=not progress) as bar:
            for outcome in run(pending, pipeline):
                journal.add(outcome)
                bar.update()
    finally:
        journal.close()
    if export == "parquet":
        export_parquet(out / RECORDS_FILE, out / PARQUET_FILE)
    return summary


def export_parquet(records_path: Path, parquet_path: Path) -> Path:
    """records.jsonl → Parquet: key columns for querying plus the full record as JSON."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise DataFormatError("--export parquet needs pyarrow (pip install 'oncostruct[distributed]')") from exc
    rows = [
        {"doc_id": r["document"]["doc_id"], "source_sha256": r["document"]["source_sha256"],
         "source_name": r["document"].get("source_name"), "doc_type": r["document"]["doc_type"],
         "language": r["document"].get("language"), "patient_id": r["document"].get("patient_id"),
         "n_fields": len(r["fields"]), "needs_review": any(f["status"] == "needs_review" for f in r["fields"]),
         "record": json.dumps(r, ensure_ascii=False)}
        for r in _read_jsonl(records_path) if "document" in r
    ]
    schema = pa.schema([("doc_id", pa.string()), ("source_sha256", pa.string()), ("source_name", pa.string()),
                        ("doc_type", pa.string()), ("language", pa.string()), ("patient_id", pa.string()),
                        ("n_fields", pa.int32()), ("needs_review", pa.bool_()), ("record", pa.string())])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), parquet_path)
    return parquet_path


def _write_atomic(path: Path, rows: list[dict[str, Any]]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(_json_line(r) for r in rows), encoding="utf-8")
    os.replace(tmp, path)
