"""The gold store: pushed tasks, annotations pulled back, and the embedded review queue (SQLAlchemy).

SQLite by default; any SQLAlchemy URL works. Tables:

* ``pushed_task``: what was sent for review: project, task id, task key, document, text and the
  Record as pushed (so pull can merge without the original files).
* ``gold_annotation``: every submitted annotation, keyed by (project, annotation id), so a
  re-pull updates rows instead of duplicating them.
* ``local_task`` / ``local_annotation``: the embedded queue used when no Label Studio server is
  configured (see :mod:`annotation.queue`).
* ``text_source``: where each pushed document can be read again (its sources, by sha256).

The document text is kept in ``pushed_task.text`` (and the embedded queue's task data) because
the loop needs it after the push: ``review correct`` finds the corrected words in it, ``pull``
slices regions with it and ``export`` writes it into ``train.jsonl``. With
``ONCOSTRUCT_REVIEW_KEEP_TEXT=0`` the text is not stored (an empty string is) and is re-read from
the ``text_source`` paths, matched by sha256, whenever it is needed (see :mod:`annotation.texts`).

A SQLite store file is created with mode 600 (owner only) before anything is written to it, and
an existing one is narrowed to 600; SQLite gives its ``-journal``/``-wal``/``-shm`` files the mode
of the database file.
"""
from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from typing import Any, Iterator

from sqlalchemy import (JSON, Boolean, Column, Float, Integer, MetaData, String, Table, Text, UniqueConstraint,
                        create_engine, insert, select, update)
from sqlalchemy.engine import Engine, make_url

metadata = MetaData()

pushed_task = Table(
    "pushed_task", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("project", String(200), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("task_id", Integer, nullable=False),
    Column("task_key", String(200), nullable=False),
    Column("doc_id", String(200), nullable=False),
    Column("doc_type", String(40), nullable=False),
    Column("source_sha256", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("record", JSON, nullable=False),
    Column("rank", Integer, nullable=False),
    Column("priority", Float, nullable=False),
    Column("pushed_at", String(40), nullable=False),
    Column("records_path", Text, nullable=True),
    UniqueConstraint("project", "task_key", name="uq_pushed_task"),
)

gold_annotation = Table(
    "gold_annotation", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("project", String(200), nullable=False),
    Column("task_id", Integer, nullable=False),
    Column("annotation_id", Integer, nullable=False),
    Column("task_key", String(200), nullable=False),
    Column("annotator", String(200), nullable=False),
    Column("created_at", String(40), nullable=True),
    Column("updated_at", String(40), nullable=True),
    Column("cancelled", Boolean, nullable=False, default=False),
    Column("result", JSON, nullable=False),
    Column("pulled_at", String(40), nullable=False),
    UniqueConstraint("project", "annotation_id", name="uq_gold_annotation"),
)

local_task = Table(
    "local_task", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("project", String(200), nullable=False),
    Column("title", String(200), nullable=False),
    Column("data", JSON, nullable=False),
    Column("predictions", JSON, nullable=False),
)

local_annotation = Table(
    "local_annotation", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("task_id", Integer, nullable=False),
    Column("annotator", String(200), nullable=False),
    Column("result", JSON, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    UniqueConstraint("task_id", "annotator", name="uq_local_annotation"),
)

text_source = Table(
    "text_source", metadata,
    Column("source_sha256", String(64), primary_key=True),
    Column("sources", JSON, nullable=False),
)

local_project = Table(
    "local_project", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", String(200), nullable=False, unique=True),
    Column("label_config", Text, nullable=False),
)


def _private_sqlite_file(url: str) -> None:
    """Create a SQLite database file owner-only (mode 600) before SQLite opens it; narrow an existing one."""
    u = make_url(url)
    if not u.drivername.startswith("sqlite") or not u.database or u.database == ":memory:" or u.database.startswith("file:"):
        return
    path = u.database
    if os.path.dirname(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    os.chmod(path, 0o600)
    for suffix in ("-journal", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.chmod(path + suffix, 0o600)


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class GoldStore:
    """Typed access to the review tables of one database."""

    def __init__(self, url: str) -> None:
        _private_sqlite_file(url)
        self.engine: Engine = create_engine(url, future=True)
        metadata.create_all(self.engine)

    # --- where documents can be re-read -----------------------------------------------
    def add_sources(self, sha256s: set[str], sources: list[str]) -> None:
        """Remember the sources (folders, manifests) each document was pushed from."""
        with self.engine.begin() as c:
            for sha in sorted(sha256s):
                old = c.execute(select(text_source.c.sources).where(text_source.c.source_sha256 == sha)).first()
                merged = list(dict.fromkeys([*(old.sources if old else []), *sources]))
                if old is None:
                    c.execute(insert(text_source).values(source_sha256=sha, sources=merged))
                else:
                    c.execute(update(text_source).where(text_source.c.source_sha256 == sha).values(sources=merged))

    def sources_of(self, sha256: str) -> list[str]:
        with self.engine.connect() as c:
            row = c.execute(select(text_source.c.sources).where(text_source.c.source_sha256 == sha256)).first()
        return list(row.sources) if row else []

    # --- pushed tasks ---------------------------------------------------------------
    def pushed_keys(self, project: str) -> set[str]:
        with self.engine.connect() as c:
            return {r.task_key for r in c.execute(select(pushed_task.c.task_key).where(pushed_task.c.project == project))}

    def add_pushed(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            with self.engine.begin() as c:
                c.execute(insert(pushed_task), [{**r, "pushed_at": r.get("pushed_at") or now_iso()} for r in rows])

    def pushed(self, project: str) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            rows = c.execute(select(pushed_task).where(pushed_task.c.project == project).order_by(pushed_task.c.rank))
            return [dict(r._mapping) for r in rows]

    # --- gold annotations -----------------------------------------------------------
    def upsert_annotation(self, row: dict[str, Any]) -> str:
        """Insert or update one annotation; returns ``"new"``, ``"updated"`` or ``"unchanged"``."""
        keys = {"project": row["project"], "annotation_id": row["annotation_id"]}
        with self.engine.begin() as c:
            old = c.execute(select(gold_annotation).where(gold_annotation.c.project == keys["project"],
                                                          gold_annotation.c.annotation_id == keys["annotation_id"])).first()
            if old is None:
                c.execute(insert(gold_annotation).values(**row, pulled_at=now_iso()))
                return "new"
            same = (json.dumps(old.result, sort_keys=True) == json.dumps(row["result"], sort_keys=True)
                    and old.cancelled == row["cancelled"] and old.updated_at == row["updated_at"])
            if same:
                return "unchanged"
            c.execute(update(gold_annotation).where(gold_annotation.c.id == old.id).values(**row, pulled_at=now_iso()))
            return "updated"

    def annotations(self, project: str | None = None) -> list[dict[str, Any]]:
        q = select(gold_annotation).order_by(gold_annotation.c.task_id, gold_annotation.c.annotation_id)
        if project is not None:
            q = q.where(gold_annotation.c.project == project)
        with self.engine.connect() as c:
            return [dict(r._mapping) for r in c.execute(q)]

    def projects(self) -> list[str]:
        with self.engine.connect() as c:
            return sorted({r.project for r in c.execute(select(pushed_task.c.project))})

    def iter_pushed(self) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as c:
            for r in c.execute(select(pushed_task).order_by(pushed_task.c.project, pushed_task.c.rank)):
                yield dict(r._mapping)
