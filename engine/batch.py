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
  worker processes, or on Ray Data. Every engine calls the same two stages,
  :func:`~engine.batch_items.decode_item` (CPU: read, decode, check) and
  :func:`~engine.batch_items.structure_item` (the pipeline).
* Beside the records, ``texts.jsonl`` keeps the text each text document was structured from (after
  any text transform of the pipeline), so exporters such as OMOP NOTE can hold text that every span slices.
* At the end the chosen exporters (:mod:`engine.exporters`) run on records.jsonl, and the data-quality
  report (:mod:`engine.quality`) is written as quality.json and quality.html.
* With ``Settings.deidentify`` the pipeline structures de-identified text; error entries get pseudonymised
  names and redacted messages, and ``deid_audit.jsonl`` lists every replacement (document, category,
  offsets; never a value).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Literal

from tqdm import tqdm

from oncostruct.engine.batch_engines import make_engine
from oncostruct.engine.batch_items import BatchItem, Outcome, error_entry, iter_items
from oncostruct.engine.errors import OncostructError
from oncostruct.engine.jsonl import TEXTS_FILE, json_line, read_jsonl
from oncostruct.engine.exporters import parse_exporters, run_exporters
from oncostruct.engine.pipeline import Pipeline
from oncostruct.engine.quality import write_quality_report
from oncostruct.engine.settings import Settings

RECORDS_FILE = "records.jsonl"
ERRORS_FILE = "errors.jsonl"
DEID_AUDIT_FILE = "deid_audit.jsonl"



@dataclass
class BatchSummary:
    total: int = 0
    done: int = 0
    skipped: int = 0
    failed: int = 0
    needs_review: int = 0
    torn_bytes_truncated: int = 0  # bytes of a torn last line cut from records.jsonl on resume
    out_dir: str = ""
    exported: dict[str, list[str]] = field(default_factory=dict)  # exporter → files written
    quality: list[str] = field(default_factory=list)  # the quality report's files

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


# --- the journal: what is done, what failed -----------------------------------------


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
        truncate_torn_tail(out / TEXTS_FILE)
        self._texts = (out / TEXTS_FILE).open("a", encoding="utf-8")
        self.done = {r["document"]["source_sha256"] for r in read_jsonl(self.records_path) if "document" in r}
        self.errors = {e.get("source_sha256") or e["key"]: e for e in read_jsonl(self.errors_path)}
        self.summary = summary
        self.scrub: Callable[[Outcome], Outcome] | None = None  # de-identification of error entries
        self._fh = self.records_path.open("a", encoding="utf-8")

    def add(self, outcome: Outcome) -> None:
        if outcome.record is None:
            outcome = self.scrub(outcome) if self.scrub is not None else outcome
            self.errors[outcome.sha256 or outcome.key] = outcome.error or {}
            self.summary.failed += 1
            return
        if outcome.text is not None:  # before the record: a record in the journal always has its text
            doc = outcome.record["document"]
            self._texts.write(json_line({"doc_id": doc["doc_id"], "source_sha256": doc["source_sha256"],
                                         "text": outcome.text}))
            self._texts.flush()
        self._fh.write(json_line(outcome.record))
        self._fh.flush()
        self.done.add(outcome.sha256)
        self.errors.pop(outcome.sha256, None)
        self.summary.done += 1
        self.summary.needs_review += any(f["status"] == "needs_review" for f in outcome.record["fields"])

    def close(self) -> None:
        self._fh.close()
        self._texts.close()
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
    export: str | Iterable[str] = ("jsonl",),
    timeout_s: float | None | Literal["settings"] = "settings",
    export_options: dict[str, dict[str, Any]] | None = None,
) -> BatchSummary:
    """Structure every item on ``engine`` ("local" or "ray") with ``workers`` workers; return counts.

    ``export``: exporter names (:mod:`engine.exporters`), run on records.jsonl at the end
    (records.jsonl is always written: it is the resumable journal). ``timeout_s``: the per-document
    limit of the local engine (default ``Settings.extract_timeout_s``; None: in-process, no limit).
    ``export_options``: exporter name → its keyword options (e.g. ``{"omop": {"vocab": DIR}}``).
    """
    pipeline = pipeline or Pipeline()
    exporters = parse_exporters(export, export_options)  # fail on a bad name or option before any work
    limit = pipeline.settings.extract_timeout_s if timeout_s == "settings" else timeout_s
    run = make_engine(engine, workers, timeout_s=limit)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pipeline = _key_frames_to(pipeline, out / KEY_FRAME_DIR)
    items = list(iter_items(source)) if isinstance(source, (str, Path)) else list(source)
    summary = BatchSummary(total=len(items), out_dir=str(out))
    journal = _Journal(out, summary)
    if pipeline.settings.deidentify:
        journal.scrub = lambda outcome: _deidentified_error(outcome, pipeline)
    try:
        pending = _pending(items, journal, pipeline.settings)
        with tqdm(total=len(items), initial=len(items) - len(pending), desc="structuring", unit="doc",
                  disable=not progress) as bar:
            for outcome in run(pending, pipeline):
                journal.add(outcome)
                bar.update()
    finally:
        journal.close()
    if pipeline.settings.deidentify:
        write_deid_audit(out / RECORDS_FILE, out / DEID_AUDIT_FILE)
    summary.exported = run_exporters(exporters, out / RECORDS_FILE, out)
    summary.quality = write_quality_report(out / RECORDS_FILE, out)
    return summary


KEY_FRAME_DIR = "keyframes"


def _key_frames_to(pipeline: Pipeline, folder: Path) -> Pipeline:
    """Videos' key frames go to OUT/keyframes as JPEGs, unless the settings name another folder."""
    video = pipeline.settings.components.get("surgical_video") or {}
    if "key_frame_dir" in video:
        return pipeline
    components = {**pipeline.settings.components, "surgical_video": {**video, "key_frame_dir": str(folder.resolve())}}
    return Pipeline(pipeline.settings.model_copy(update={"components": components}), routing=pipeline.routing,
                    hooks=pipeline.hooks)


def _deidentified_error(outcome: Outcome, pipeline: Pipeline) -> Outcome:
    """An error entry without PHI: pseudonymised key and path, the message's names replaced and PHI redacted."""
    if outcome.error is None:
        return outcome
    entry = dict(outcome.error)
    names = {n for n in (outcome.key, entry.get("key"), entry.get("path")) if n}
    names |= {Path(n).name for n in list(names)}
    info = dict(entry.get("error") or {})
    message = str(info.get("message", ""))
    for name in sorted(names, key=len, reverse=True):
        message = message.replace(name, pipeline.pseudonym(name, "source"))
    info["message"] = pipeline.redact(message)
    entry.update(key=pipeline.pseudonym(str(entry.get("key") or outcome.key), "source"),
                 path=pipeline.pseudonym(str(entry["path"]), "source") if entry.get("path") else None, error=info)
    return Outcome(entry["key"], outcome.sha256, error=entry)


def write_deid_audit(records_path: Path, audit_path: Path) -> None:
    """One line per replacement: the record's (pseudonymised) doc_id, category and offsets, never the value."""
    rows = [{"doc_id": r["document"]["doc_id"], "method": deid["method"],
             **{k: v for k, v in span.items() if k != "surrogate"}}
            for r in read_jsonl(records_path) if (deid := r.get("document", {}).get("deid"))
            for span in deid["replacements"]]
    _write_atomic(audit_path, rows)


def _write_atomic(path: Path, rows: list[dict[str, Any]]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(json_line(r) for r in rows), encoding="utf-8")
    os.replace(tmp, path)
