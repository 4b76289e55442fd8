"""Pull: submitted annotations → gold store → reviewed Records; disagreements reported.

Idempotent: annotations are upserted by (project, annotation id), and Records are rebuilt from
the Record as pushed, so pulling twice changes nothing the second time.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from oncostruct.engine.cdm import Record
from oncostruct.engine.errors import ConfigError
from oncostruct.annotation.client import Backend
from oncostruct.annotation.label_config import label_config
from oncostruct.annotation.merge import (effective_annotation, find_conflict, mark_conflict, merge_annotation,
                              merge_lab_annotation, reviewer_of)
from oncostruct.annotation.store import GoldStore
from oncostruct.annotation.texts import TextResolver
from oncostruct.annotation.video_tasks import merge_video_annotation


@dataclass
class PullSummary:
    tasks: int = 0
    annotations: dict[str, int] = field(default_factory=lambda: {"new": 0, "updated": 0, "unchanged": 0})
    reviewed_records: int = 0
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    records_file: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _row(project: str, task: dict[str, Any], a: dict[str, Any]) -> dict[str, Any]:
    return {"project": project, "task_id": int(task["id"]), "annotation_id": int(a["id"]),
            "task_key": str(task["data"].get("task_key", task["id"])), "annotator": reviewer_of(a),
            "created_at": a.get("created_at"), "updated_at": a.get("updated_at") or a.get("created_at"),
            "cancelled": bool(a.get("was_cancelled")), "result": a.get("result") or []}


def fetch(backend: Backend, store: GoldStore, title: str, project_id: int, summary: PullSummary) -> None:
    """Copy one project's submitted annotations into the gold store."""
    for task in backend.annotated_tasks(project_id):
        summary.tasks += 1
        for a in task["annotations"]:
            summary.annotations[store.upsert_annotation(_row(title, task, a))] += 1


def reviewed_records(store: GoldStore, title: str, summary: PullSummary) -> list[Record]:
    """Pushed Records of a project with their gold annotations merged (or conflicts marked)."""
    by_task: dict[str, list[dict[str, Any]]] = {}
    for a in store.annotations(title):
        by_task.setdefault(a["task_key"], []).append(a)
    out = []
    resolver = TextResolver(store)
    for row in store.pushed(title):
        anns = by_task.get(row["task_key"], [])
        if not anns:
            continue
        record = Record.model_validate(row["record"])
        live = [a for a in anns if not a["cancelled"]]
        conflict = find_conflict(row["task_key"], row["doc_id"], live)
        if conflict is not None:
            summary.conflicts.append({"project": title, **conflict.as_dict()})
            out.append(mark_conflict(record, conflict))
            continue
        chosen = effective_annotation(live)
        if chosen is not None:
            if row["kind"] == "lab_report":
                out.append(merge_lab_annotation(record, chosen))
            elif row["kind"] == "surgical_video":
                out.append(merge_video_annotation(record, chosen))
            else:
                out.append(merge_annotation(record, _text(resolver, row), chosen))
            summary.reviewed_records += 1
    return out


def _text(resolver: TextResolver, row: dict[str, Any]) -> str:
    """The pushed text (re-read when not kept); empty when gone: regions carry their own text then."""
    try:
        return resolver.text(row["source_sha256"], row["text"])
    except ConfigError:
        return ""


def write_records(path: Path, reviewed: list[Record]) -> None:
    """Replace the reviewed documents' lines in a records.jsonl file (others kept; atomic rewrite)."""
    by_key = {(r.document.doc_id, r.document.source_sha256): r for r in reviewed}
    lines, seen = [], set()
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            doc = json.loads(line).get("document", {})
            key = (doc.get("doc_id"), doc.get("source_sha256"))
            if key in by_key:
                lines.append(by_key[key].model_dump_json())
                seen.add(key)
            else:
                lines.append(line)
    lines += [r.model_dump_json() for k, r in by_key.items() if k not in seen]
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text("".join(l + "\n" for l in lines), encoding="utf-8")
    os.replace(tmp, path)


def pull(backend: Backend, store: GoldStore, project: str, records_path: Path | None = None, *,
         update_pushed_files: bool = False) -> PullSummary:
    """Fetch every ``project/<kind>`` project pushed before and merge.

    The reviewed Records are written to ``records_path`` when given, else (with
    ``update_pushed_files``) back into the records file each document was pushed from.
    """
    summary = PullSummary()
    reviewed: list[Record] = []
    origin: dict[str, str | None] = {}
    for title in [t for t in store.projects() if t.split("/", 1)[0] == project]:
        rows = store.pushed(title)
        origin.update({r["doc_id"]: r.get("records_path") for r in rows})
        pid = backend.ensure_project(title, label_config(rows[0]["kind"]))
        fetch(backend, store, title, pid, summary)
        reviewed += reviewed_records(store, title, summary)
    targets: dict[Path, list[Record]] = {}
    if records_path is not None:
        targets[Path(records_path)] = reviewed
    elif update_pushed_files:
        for r in reviewed:
            if origin.get(r.document.doc_id) and Path(origin[r.document.doc_id]).exists():
                targets.setdefault(Path(origin[r.document.doc_id]), []).append(r)
    for path, recs in targets.items():
        write_records(path, recs)
    summary.records_file = ", ".join(str(p) for p in targets) or None
    return summary
