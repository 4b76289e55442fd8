"""Storage of records, batch jobs and hashed API keys (SQLAlchemy Core; SQLite by default, any SQLAlchemy URL).

Calls are synchronous and serialised by a lock; route code calls them from worker threads.
"""
from __future__ import annotations

import json
import threading
import uuid
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (JSON, Column, DateTime, Integer, MetaData, String, Table, Text, create_engine, func, insert,
                        select, update)
from sqlalchemy.pool import StaticPool

metadata = MetaData()
records = Table(
    "records", metadata,
    Column("id", String(32), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("job_id", String(32), index=True),
    Column("doc_id", String(256)),
    Column("source_sha256", String(64), index=True),
    Column("doc_type", String(32)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("body", Text, nullable=False),
)
jobs = Table(
    "jobs", metadata,
    Column("id", String(32), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("total", Integer, nullable=False),
    Column("done", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
    Column("errors", JSON, nullable=False, default=list),
    Column("message", Text),
    Column("owner", String(128)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
api_keys = Table(
    "api_keys", metadata,
    Column("key_hash", String(64), primary_key=True),
    Column("name", String(128), nullable=False),
    Column("role", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(value: datetime) -> datetime:
    """SQLite drops the time zone; every stored time is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _new_id() -> str:
    return uuid.uuid4().hex


class Store:
    """Records, jobs and API keys in one database."""

    def __init__(self, url: str = "sqlite://") -> None:
        kwargs: dict[str, Any] = {}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
            if url in ("sqlite://", "sqlite:///:memory:"):
                kwargs["poolclass"] = StaticPool  # one shared in-memory database
        self.url = url
        self.engine = create_engine(url, **kwargs)
        self._lock = threading.Lock()
        metadata.create_all(self.engine)

    @property
    def persistent(self) -> bool:
        return self.url not in ("sqlite://", "sqlite:///:memory:")

    def close(self) -> None:
        self.engine.dispose()

    # --- records -----------------------------------------------------------------------
    def put_record(self, record: dict[str, Any], job_id: str | None = None) -> str:
        rid, doc = _new_id(), record["document"]
        with self._lock, self.engine.begin() as conn:
            seq = conn.execute(select(func.count()).select_from(records)).scalar_one()
            conn.execute(insert(records).values(
                id=rid, seq=seq, job_id=job_id, doc_id=doc.get("doc_id"), source_sha256=doc.get("source_sha256"),
                doc_type=doc.get("doc_type"), created_at=_now(), body=json.dumps(record, ensure_ascii=False)))
        return rid

    def get_record(self, rid: str) -> dict[str, Any] | None:
        with self._lock, self.engine.connect() as conn:
            body = conn.execute(select(records.c.body).where(records.c.id == rid)).scalar_one_or_none()
        return None if body is None else json.loads(body)

    # --- jobs ---------------------------------------------------------------------------
    def create_job(self, total: int, owner: str | None = None) -> str:
        jid, now = _new_id(), _now()
        with self._lock, self.engine.begin() as conn:
            conn.execute(insert(jobs).values(id=jid, status="queued", total=total, done=0, failed=0, errors=[],
                                             owner=owner, created_at=now, updated_at=now))
        return jid

    def set_job_status(self, jid: str, status: str, message: str | None = None) -> None:
        with self._lock, self.engine.begin() as conn:
            conn.execute(update(jobs).where(jobs.c.id == jid).values(status=status, message=message, updated_at=_now()))

    def job_progress(self, jid: str, *, error: dict[str, Any] | None = None) -> None:
        """Count one finished document of a job: a success, or a failure with its error entry."""
        with self._lock, self.engine.begin() as conn:
            row = conn.execute(select(jobs.c.done, jobs.c.failed, jobs.c.errors).where(jobs.c.id == jid)).one()
            values: dict[str, Any] = {"updated_at": _now()}
            if error is None:
                values["done"] = row.done + 1
            else:
                values.update(failed=row.failed + 1, errors=[*row.errors, error])
            conn.execute(update(jobs).where(jobs.c.id == jid).values(**values))

    def get_job(self, jid: str) -> dict[str, Any] | None:
        with self._lock, self.engine.connect() as conn:
            row = conn.execute(select(jobs).where(jobs.c.id == jid)).mappings().one_or_none()
            if row is None:
                return None
            ids = conn.execute(select(records.c.id).where(records.c.job_id == jid).order_by(records.c.seq)).scalars()
            times = {k: _aware(row[k]) for k in ("created_at", "updated_at")}
            return {**dict(row), **times, "record_ids": list(ids)}

    # --- API keys -----------------------------------------------------------------------
    def add_key(self, key_hash: str, name: str, role: str) -> None:
        with self._lock, self.engine.begin() as conn:
            conn.execute(insert(api_keys).values(key_hash=key_hash, name=name, role=role, created_at=_now()))

    def find_key(self, key_hash: str) -> dict[str, Any] | None:
        with self._lock, self.engine.connect() as conn:
            row = conn.execute(select(api_keys.c.name, api_keys.c.role).where(api_keys.c.key_hash == key_hash))
            found = row.mappings().one_or_none()
        return None if found is None else dict(found)
