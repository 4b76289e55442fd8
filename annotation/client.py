"""A small Label Studio backend over ``label-studio-sdk``: idempotent projects, task import, annotation reads.

:class:`LabelStudioBackend` is the only code that talks to a server. Push, pull and the queue
use the :class:`Backend` protocol, so tests can swap in :class:`MemoryBackend`.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterator, Protocol

from oncostruct.engine.errors import ConfigError


class Backend(Protocol):
    """What the review loop needs from an annotation server."""

    def ensure_project(self, title: str, label_config: str) -> int:
        """Create the project, or update its config when it exists; return its id."""

    def task_keys(self, project_id: int) -> dict[str, int]:
        """``data.task_key`` → task id for the tasks already in the project."""

    def import_tasks(self, project_id: int, tasks: list[dict[str, Any]]) -> list[int]:
        """Import tasks (with inline predictions) in order; return their ids."""

    def annotated_tasks(self, project_id: int) -> Iterator[dict[str, Any]]:
        """Tasks that have annotations, each with ``id``, ``data`` and ``annotations`` (plain dicts)."""


def _plain(obj: Any) -> Any:
    """SDK model → plain JSON-like dict."""
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    if hasattr(obj, "dict"):
        return obj.dict()
    return obj


class LabelStudioBackend:
    """A Label Studio server reached through ``label_studio_sdk.LabelStudio``."""

    def __init__(self, url: str, api_key: str, timeout: float = 60.0) -> None:
        try:
            from label_studio_sdk import LabelStudio
        except ImportError as exc:  # pragma: no cover - the annotation extra is missing
            raise ConfigError("label-studio-sdk is not installed: pip install 'oncostruct[annotation]'") from exc
        if not url or not api_key:
            raise ConfigError("a Label Studio URL and API token are both needed")
        import httpx

        self._http = httpx.Client(timeout=timeout)
        self.client = LabelStudio(base_url=url.rstrip("/"), api_key=api_key, httpx_client=self._http)

    def close(self) -> None:
        """Close the HTTP connections."""
        self._http.close()

    def __enter__(self) -> "LabelStudioBackend":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ensure_project(self, title: str, label_config: str) -> int:
        for project in self.client.projects.list(title=title):
            if project.title == title:
                if (project.label_config or "").strip() != label_config.strip():
                    self.client.projects.update(id=project.id, label_config=label_config)
                return int(project.id)
        project = self.client.projects.create(title=title, label_config=label_config,
                                              description="oncostruct review queue")
        return int(project.id)

    def task_keys(self, project_id: int) -> dict[str, int]:
        keys = {}
        for task in self.client.tasks.list(project=project_id, page_size=200):
            data = _plain(task).get("data") or {}
            if data.get("task_key"):
                keys[data["task_key"]] = int(task.id)
        return keys

    def import_tasks(self, project_id: int, tasks: list[dict[str, Any]]) -> list[int]:
        if not tasks:
            return []
        resp = _plain(self.client.projects.import_tasks(id=project_id, request=tasks, return_task_ids=True))
        return [int(t) for t in resp.get("task_ids") or []]

    def annotated_tasks(self, project_id: int) -> Iterator[dict[str, Any]]:
        for task in self.client.tasks.list(project=project_id, only_annotated=True, page_size=100):
            plain = _plain(task)
            annotations = [_plain(a) for a in self.client.annotations.list(id=int(task.id))]
            if annotations:
                yield {"id": int(task.id), "data": plain.get("data") or {}, "annotations": annotations}


@dataclass
class MemoryBackend:
    """An in-process stand-in for a Label Studio server (tests, dry runs)."""

    projects: dict[int, dict[str, Any]] = field(default_factory=dict)
    tasks: dict[int, dict[str, Any]] = field(default_factory=dict)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def ensure_project(self, title: str, label_config: str) -> int:
        for pid, p in self.projects.items():
            if p["title"] == title:
                p["label_config"] = label_config
                return pid
        pid = next(self._ids)
        self.projects[pid] = {"title": title, "label_config": label_config}
        return pid

    def task_keys(self, project_id: int) -> dict[str, int]:
        return {t["data"]["task_key"]: tid for tid, t in self.tasks.items() if t["project"] == project_id}

    def import_tasks(self, project_id: int, tasks: list[dict[str, Any]]) -> list[int]:
        ids = []
        for task in tasks:
            tid = next(self._ids)
            self.tasks[tid] = {"project": project_id, "data": task["data"], "predictions": task.get("predictions", []),
                               "annotations": []}
            ids.append(tid)
        return ids

    def annotate(self, task_id: int, result: list[dict[str, Any]], *, annotator: str = "annotator@example.org",
                 when: datetime | None = None, cancelled: bool = False) -> int:
        """Submit an annotation as an annotator would."""
        aid = next(self._ids)
        stamp = (when or datetime(2026, 1, 1, tzinfo=timezone.utc)).isoformat()
        self.tasks[task_id]["annotations"].append({
            "id": aid, "result": result, "was_cancelled": cancelled, "created_username": annotator,
            "completed_by": annotator, "created_at": stamp, "updated_at": stamp,
        })
        return aid

    def annotated_tasks(self, project_id: int) -> Iterator[dict[str, Any]]:
        for tid, t in self.tasks.items():
            if t["project"] == project_id and t["annotations"]:
                yield {"id": tid, "data": t["data"], "annotations": list(t["annotations"])}
