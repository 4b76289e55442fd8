"""The embedded review queue: the same push/pull loop, kept in the local database when no server is configured.

:class:`EmbeddedBackend` implements the :class:`annotation.client.Backend` protocol on the
``local_*`` tables, so ``review push``/``review pull`` work unchanged. ``review list`` shows the
fields waiting for review in active-learning order; ``review accept`` and ``review correct``
write an annotation as an annotator would in Label Studio (starting from the prediction).
With ``LABEL_STUDIO_URL`` and ``LABEL_STUDIO_API_KEY`` set, push and pull use the server instead.
"""
from __future__ import annotations

import copy
import getpass
from dataclasses import dataclass
from typing import Any, Iterator

from sqlalchemy import insert, select, update

from oncostruct.engine.errors import ConfigError
from oncostruct.annotation.field_paths import check_field_path, inferred_templates, span_labels
from oncostruct.annotation.label_config import INFERRED_FROM, TEXT_FROM, TEXT_TO, field_label
from oncostruct.annotation.store import GoldStore, local_annotation, local_project, local_task, now_iso, pushed_task
from oncostruct.annotation.texts import task_text


class EmbeddedBackend:
    """Review tasks and annotations in the gold store's database."""

    def __init__(self, store: GoldStore, keep_text: bool = True) -> None:
        self.store = store
        self.keep_text = keep_text  # False: tasks hold no document text (it is re-read from the sources)

    def close(self) -> None:
        """Nothing to release (the store's engine outlives the backend)."""

    def ensure_project(self, title: str, label_config: str) -> int:
        with self.store.engine.begin() as c:
            row = c.execute(select(local_project).where(local_project.c.title == title)).first()
            if row is not None:
                if row.label_config != label_config:
                    c.execute(update(local_project).where(local_project.c.id == row.id).values(label_config=label_config))
                return int(row.id)
            return int(c.execute(insert(local_project).values(title=title, label_config=label_config)).inserted_primary_key[0])

    def task_keys(self, project_id: int) -> dict[str, int]:
        with self.store.engine.connect() as c:
            rows = c.execute(select(local_task).where(local_task.c.project == str(project_id)))
            return {r.data["task_key"]: int(r.id) for r in rows}

    def import_tasks(self, project_id: int, tasks: list[dict[str, Any]]) -> list[int]:
        ids = []
        with self.store.engine.begin() as c:
            for t in tasks:
                data = t["data"] if self.keep_text else {**t["data"], "text": ""}
                res = c.execute(insert(local_task).values(project=str(project_id), title=str(project_id), data=data,
                                                          predictions=t.get("predictions", [])))
                ids.append(int(res.inserted_primary_key[0]))
        return ids

    def annotated_tasks(self, project_id: int) -> Iterator[dict[str, Any]]:
        with self.store.engine.connect() as c:
            tasks = list(c.execute(select(local_task).where(local_task.c.project == str(project_id)).order_by(local_task.c.id)))
            for t in tasks:
                anns = list(c.execute(select(local_annotation).where(local_annotation.c.task_id == t.id)))
                if anns:
                    yield {"id": int(t.id), "data": t.data, "annotations": [
                        {"id": -int(a.id), "result": a.result, "was_cancelled": False, "created_username": a.annotator,
                         "created_at": a.created_at, "updated_at": a.updated_at} for a in anns]}

    # --- annotator actions -----------------------------------------------------------
    def _task(self, task_id: int) -> Any:
        with self.store.engine.connect() as c:
            row = c.execute(select(local_task).where(local_task.c.id == task_id)).first()
        if row is None:
            raise ConfigError(f"no local review task {task_id}")
        return row

    def _current(self, task_id: int, annotator: str) -> list[dict[str, Any]]:
        with self.store.engine.connect() as c:
            row = c.execute(select(local_annotation).where(local_annotation.c.task_id == task_id,
                                                           local_annotation.c.annotator == annotator)).first()
        if row is not None:
            return copy.deepcopy(row.result)
        preds = self._task(task_id).predictions
        return [{k: v for k, v in r.items() if k not in ("score", "origin")} for r in (preds[0]["result"] if preds else [])]

    def _save(self, task_id: int, annotator: str, result: list[dict[str, Any]]) -> None:
        stamp = now_iso()
        with self.store.engine.begin() as c:
            row = c.execute(select(local_annotation.c.id).where(local_annotation.c.task_id == task_id,
                                                                local_annotation.c.annotator == annotator)).first()
            if row is None:
                c.execute(insert(local_annotation).values(task_id=task_id, annotator=annotator, result=result,
                                                          created_at=stamp, updated_at=stamp))
            else:
                c.execute(update(local_annotation).where(local_annotation.c.id == row.id).values(result=result, updated_at=stamp))

    def accept(self, task_id: int, annotator: str | None = None) -> None:
        """Accept the task's pre-annotation (or the annotator's corrected draft) as it stands."""
        who = annotator or getpass.getuser()
        self._save(task_id, who, self._current(task_id, who))

    def _pushed_fields(self, task: Any) -> dict[str, bool]:
        """Field name → has a text span, for the Record pushed as this task."""
        with self.store.engine.connect() as c:
            row = c.execute(select(pushed_task.c.record).where(pushed_task.c.task_id == int(task.id),
                                                               pushed_task.c.task_key == task.data.get("task_key"))).first()
        fields = row.record.get("fields", []) if row is not None else []
        return {f["name"]: any(p.get("kind") == "text" for p in f.get("provenance", [])) for f in fields}

    def correct(self, task_id: int, field_name: str, *, start: int | None = None, end: int | None = None,
                value: str | None = None, delete: bool = False, annotator: str | None = None) -> dict[str, Any]:
        """Move, re-type or delete one field's region (by field name); a field not predicted is added.

        The field path must be in the catalogue (:mod:`annotation.field_paths`). A field without a
        text span (inferred, e.g. ``pathology.cancer_type``) is corrected as a choice: a
        ``choices`` region named by the field, holding the value (empty when deleted).
        """
        who = annotator or getpass.getuser()
        task = self._task(task_id)
        pushed = self._pushed_fields(task)
        check_field_path(field_name, also=pushed)
        text = task_text(self.store, task.data)
        if self._spanless(field_name, pushed, text, value):
            return self._correct_choice(task_id, who, field_name, value, delete)
        result = self._current(task_id, who)
        if value is not None and start is None:
            start = text.find(value)
            if start < 0:
                raise ConfigError(f"{value!r} does not occur in the document text of task {task_id}")
            end = start + len(value)
        region = next((r for r in result if r.get("type") == "labels"
                       and field_name in r.get("meta", {}).get("text", [])[:1]), None)
        if delete:
            if region is None:
                raise ConfigError(f"task {task_id} has no region for {field_name}")
            result.remove(region)
            result = [r for r in result if region["id"] not in (r.get("from_id"), r.get("to_id"))]
        else:
            if start is None or end is None or not 0 <= start < end <= len(text):
                raise ConfigError("give --value TEXT or a valid --start/--end")
            new_value = {"start": start, "end": end, "text": text[start:end], "labels": [field_label(field_name)]}
            if region is None:
                region = {"id": f"n{len(result)}", "from_name": TEXT_FROM, "to_name": TEXT_TO, "type": "labels",
                          "meta": {"text": [field_name]}}
                result.append(region)
            region["value"] = new_value
        self._save(task_id, who, result)
        return region or {}

    @staticmethod
    def _spanless(field_name: str, pushed: dict[str, bool], text: str, value: str | None) -> bool:
        """Whether a correction is a choice: the pushed field has no span, or a new inferred field's value is not in the text."""
        if field_name in pushed:
            return not pushed[field_name]
        template = field_label(field_name)
        if template not in inferred_templates():
            return False
        return template not in span_labels() or value is None or text.find(value) < 0

    def _correct_choice(self, task_id: int, who: str, field_name: str, value: str | None, delete: bool) -> dict[str, Any]:
        """Set (or, with ``delete``, clear) the value of a span-less field."""
        if not delete and not value:
            raise ConfigError(f"{field_name} has no text span: give its --value (or --delete)")
        result = [r for r in self._current(task_id, who)
                  if not (r.get("type") == "choices" and r.get("meta", {}).get("text", [])[:1] == [field_name])]
        region = {"id": f"c:{field_name}", "from_name": INFERRED_FROM, "to_name": TEXT_TO, "type": "choices",
                  "value": {"choices": [] if delete else [value]}, "meta": {"text": [field_name]}}
        self._save(task_id, who, [*result, region])
        return region


@dataclass(frozen=True)
class QueueItem:
    task_id: int
    project: str
    rank: int
    doc_id: str
    doc_type: str
    field: str
    value: str
    confidence: float
    reason: str | None
    done: bool


def pending_items(store: GoldStore, project: str | None = None, include_done: bool = False) -> list[QueueItem]:
    """Fields under review in the embedded queue, in task (active-learning) order."""
    with store.engine.connect() as c:
        titles = {r.id: r.title for r in c.execute(select(local_project))}
        done = {r.task_id for r in c.execute(select(local_annotation.c.task_id))}
        tasks = list(c.execute(select(local_task).order_by(local_task.c.id)))
    items = []
    for t in tasks:
        title = titles.get(int(t.project), t.project)
        if project and title.split("/", 1)[0] != project:
            continue
        if t.id in done and not include_done:
            continue
        for r in (t.predictions[0]["result"] if t.predictions else []):
            meta = r.get("meta", {}).get("text", [])
            if any(m.startswith("review:") for m in meta):
                items.append(QueueItem(int(t.id), title, int(t.data.get("rank", 0)), t.data["doc_id"], t.data["doc_type"],
                                       meta[0], r["value"]["text"], float(r.get("score", 0.0)),
                                       next((m[8:] for m in meta if m.startswith("review:")), None), t.id in done))
    return sorted(items, key=lambda i: (i.rank, i.task_id, i.confidence))
