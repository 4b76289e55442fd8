"""Push: Records with ``needs_review`` fields → review tasks with pre-annotations, in active-learning order.

Text kinds, lab-report images and surgical videos (timelines, ``annotation.video_tasks``) are pushed. One project per document kind (``NAME/pathology``, ``NAME/petct``, ...), each with the config
generated for that kind. A document already pushed to a project (same task key) is skipped,
so pushing twice is harmless.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from oncostruct.engine.cdm import Record
from oncostruct.engine.deid import deidentified_text
from oncostruct.engine.errors import DataFormatError
from oncostruct.annotation.active_learning import Calibrator, identity, rank
from oncostruct.annotation.client import Backend
from oncostruct.annotation.label_config import TEXT_KINDS, kind_for, label_config
from oncostruct.annotation.settings import PolicySettings
from oncostruct.annotation.store import GoldStore
from oncostruct.annotation.lab_tasks import build_lab_task
from oncostruct.annotation.tasks import build_task, task_key
from oncostruct.annotation.video_tasks import build_video_task

log = logging.getLogger(__name__)


def project_title(project: str, kind: str) -> str:
    return f"{project}/{kind}"


def read_records(path: Path) -> list[Record]:
    """Records from a records.jsonl file."""
    out = []
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    out.append(Record.model_validate_json(line))
                except ValueError as exc:
                    raise DataFormatError(f"{path}:{n}: not a Record: {exc}") from exc
    return out


def _fits(kind: str, text: str) -> bool:
    """Whether the resolved document suits the kind: an image URI for lab reports, a video URI or URL for videos."""
    if kind == "lab_report":
        return text.startswith("data:image/")
    if kind == "surgical_video":
        return text.startswith(("data:video/", "http://", "https://", "/data/"))
    return not text.startswith(("data:image/", "data:video/"))


@dataclass
class PushSummary:
    candidates: int = 0
    pushed: int = 0
    skipped_existing: int = 0
    missing_text: list[str] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    projects: dict[str, int] = field(default_factory=dict)
    order: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def push(records: Iterable[Record], texts: dict[str, str], backend: Backend, store: GoldStore, project: str, *,
         policy: PolicySettings | None = None, calibrate: Calibrator = identity,
         records_path: Path | None = None, sources: Sequence[Path] = (), keep_text: bool = True) -> PushSummary:
    """Send the records that need review to ``backend``; remember what was sent (and from which file) in ``store``.

    ``sources`` (the folders/manifests the texts came from) are recorded per document, so its text
    can be re-read; with ``keep_text=False`` the store keeps no copy of the text.
    """
    summary = PushSummary()
    ranked = rank(records, policy, calibrate)
    summary.candidates = len(ranked)
    by_kind: dict[str, list[tuple[Any, str]]] = {}
    for item in ranked:
        doc = item.record.document
        kind = kind_for(doc.doc_type.value)
        if kind not in (*TEXT_KINDS, "lab_report", "surgical_video"):
            summary.unsupported.append(doc.doc_id)
            continue
        text = texts.get(doc.source_sha256)
        if text is not None and doc.deid is not None and not text.startswith("data:image/"):
            text = deidentified_text(text, doc.deid.replacements)  # the text the spans point into; no PHI leaves
        if text is None or not _fits(kind, text):
            summary.missing_text.append(doc.doc_id)
            continue
        by_kind.setdefault(kind, []).append((item, text))
        summary.order.append({"rank": item.rank, "doc_id": doc.doc_id, "doc_type": doc.doc_type.value,
                              "uncertainty": item.score})
    for kind, items in by_kind.items():
        title = project_title(project, kind)
        pid = backend.ensure_project(title, label_config(kind))
        summary.projects[title] = pid
        known = set(backend.task_keys(pid)) | store.pushed_keys(title)
        todo = [(it, text) for it, text in items if task_key(it.record) not in known]
        summary.skipped_existing += len(items) - len(todo)
        build = {"lab_report": build_lab_task, "surgical_video": build_video_task}.get(kind, build_task)
        ids = backend.import_tasks(pid, [build(it.record, text, rank=it.rank, priority=it.score) for it, text in todo])
        if len(ids) != len(todo):
            raise RuntimeError(f"{title}: imported {len(todo)} tasks but the server returned {len(ids)} ids")
        store.add_pushed([{
            "project": title, "kind": kind, "task_id": tid, "task_key": task_key(it.record), "doc_id": it.record.document.doc_id,
            "doc_type": it.record.document.doc_type.value, "source_sha256": it.record.document.source_sha256, "text": text if keep_text else "",
            "record": json.loads(it.record.model_dump_json()), "rank": it.rank, "priority": it.score,
            "records_path": str(Path(records_path).resolve()) if records_path else None,
        } for tid, (it, text) in zip(ids, todo)])
        store.add_sources({it.record.document.source_sha256 for it, _ in todo}, [str(Path(p).resolve()) for p in sources])
        summary.pushed += len(todo)
    return summary
