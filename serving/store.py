"""Storage of records, batch jobs and hashed API keys (SQLAlchemy Core; SQLite by default, any SQLAlchemy URL).

Calls are synchronous and serialised by a lock; route code calls them from worker threads.
Every record and job has an ``owner`` (the id of the key that created it); ``owner=None`` in
a query means "any owner" (admins). The default in-memory store is bounded: it keeps at most
``max_records`` records and as many finished jobs, evicting the oldest first; a file or server
database (``ONCOSTRUCT_DB_URL``) keeps everything.
"""
from __future__ import annotations

import json
import threading
import uuid
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (JSON, Column, DateTime, Integer, MetaData, String, Table, Text, create_engine, delete, func,
                        insert, inspect, select, text, update)
from sqlalchemy.pool import StaticPool

metadata = MetaData()
records = Table(
    "records", metadata,
    Column("id", String(32), primary_key=True),
    Column("seq", Integer, nullable=False, index=True),
    Column("job_id", String(32), index=True),
    Column("doc_id", String(256)),
    Column("source_sha256", String(64), index=True),
    Column("doc_type", String(32)),
    Column("owner", String(128), index=True),
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


_MEMORY_URLS = ("sqlite://", "sqlite:///:memory:")
_FINISHED = ("succeeded", "failed")


class Store:
    """Records, jobs and API keys in one database."""

    def __init__(self, url: str = "sqlite://", max_records: int | None = 10_000) -> None:
        kwargs: dict[str, Any] = {}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
            if url in _MEMORY_URLS:
                kwargs["poolclass"] = StaticPool  # one shared in-memory database
        self.url = url
        self.max_records = max_records if url in _MEMORY_URLS else None
        self.engine = create_engine(url, **kwargs)
        self._lock = threading.Lock()
        metadata.create_all(self.engine)
        self._add_missing_columns()

    def _add_missing_columns(self) -> None:
        """Databases made before records had an owner get the column (NULL: visible to admins only)."""
        if "owner" not in {c["name"] for c in inspect(self.engine).get_columns("records")}:
            with self.engine.begin() as conn:
                conn.execute(text("ALTER TABLE records ADD COLUMN owner VARCHAR(128)"))

    @property
    def persistent(self) -> bool:
        return self.url not in _MEMORY_URLS

    def close(self) -> None:
        self.engine.dispose()

    # --- records -----------------------------------------------------------------------
    def put_record(self, record: dict[str, Any], job_id: str | None = None, owner: str | None = None) -> str:
        rid, doc = _new_id(), record["document"]
        with self._lock, self.engine.begin() as conn:
            seq = conn.execute(select(func.coalesce(func.max(records.c.seq) + 1, 0))).scalar_one()
            conn.execute(insert(records).values(
                id=rid, seq=seq, job_id=job_id, doc_id=doc.get("doc_id"), source_sha256=doc.get("source_sha256"),
                doc_type=doc.get("doc_type"), owner=owner, created_at=_now(),
                body=json.dumps(record, ensure_ascii=False)))
            if self.max_records is not None:
                conn.execute(delete(records).where(records.c.seq <= seq - self.max_records))
        return rid

    def get_record(self, rid: str, owner: str | None = None) -> dict[str, Any] | None:
        """The record ``rid``; None when unknown or (with ``owner``) not that owner's."""
        query = select(records.c.body).where(records.c.id == rid)
        if owner is not None:
            query = query.where(records.c.owner == owner)
        with self._lock, self.engine.connect() as conn:
            body = conn.execute(query).scalar_one_or_none()
        return None if body is None else json.loads(body)

    def iter_records(self, owner: str | None = None) -> list[dict[str, Any]]:
        """Every stored record (with ``owner``: that owner's only), oldest first (patient assembly)."""
        query = select(records.c.body).order_by(records.c.seq)
        if owner is not None:
            query = query.where(records.c.owner == owner)
        with self._lock, self.engine.connect() as conn:
            return [json.loads(b) for b in conn.execute(query).scalars()]

    def record_rows(self, owner: str | None = None) -> list[tuple[str, str]]:
        """(id, JSON body) of every stored record (with ``owner``: that owner's only), oldest first; bodies are
        left unparsed, so that a caller holding parsed records parses only new ones."""
        query = select(records.c.id, records.c.body).order_by(records.c.seq)
        if owner is not None:
            query = query.where(records.c.owner == owner)
        with self._lock, self.engine.connect() as conn:
            return [(rid, body) for rid, body in conn.execute(query)]

    def records_version(self, owner: str | None = None) -> tuple[int, int]:
        """(count, newest seq) of the stored records (with ``owner``: that owner's): changes whenever one is
        stored or evicted, since records are never updated in place."""
        query = select(func.count(), func.coalesce(func.max(records.c.seq), -1))
        if owner is not None:
            query = query.where(records.c.owner == owner)
        with self._lock, self.engine.connect() as conn:
            count, newest = conn.execute(query).one()
        return int(count), int(newest)

    def count_records(self) -> int:
        with self._lock, self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(records)).scalar_one()

    def list_records(self, owner: str | None, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
        """A page of record summaries, newest first, and the total count."""
        cols = [records.c[k] for k in ("id", "job_id", "doc_id", "doc_type", "source_sha256", "created_at")]
        rows, total = self._page(records, cols, records.c.seq.desc(), owner, limit, offset)
        return [{**r, "created_at": _aware(r["created_at"])} for r in rows], total

    def _page(self, table: Table, cols: list[Any], order: Any, owner: str | None, limit: int,
              offset: int) -> tuple[list[dict[str, Any]], int]:
        where = [] if owner is None else [table.c.owner == owner]
        with self._lock, self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()
            rows = conn.execute(select(*cols).where(*where).order_by(order).limit(limit).offset(offset)).mappings()
            return [dict(r) for r in rows], total

    # --- jobs ---------------------------------------------------------------------------
    def create_job(self, total: int, owner: str | None = None) -> str:
        jid, now = _new_id(), _now()
        with self._lock, self.engine.begin() as conn:
            conn.execute(insert(jobs).values(id=jid, status="queued", total=total, done=0, failed=0, errors=[],
                                             owner=owner, created_at=now, updated_at=now))
            if self.max_records is not None:
                self._evict_jobs(conn, self.max_records)
        return jid

    @staticmethod
    def _evict_jobs(conn: Any, keep: int) -> None:
        """Drop the oldest finished jobs beyond ``keep`` jobs (queued and running jobs always stay)."""
        stale = (select(jobs.c.id).where(jobs.c.status.in_(_FINISHED))
                 .order_by(jobs.c.created_at.desc()).offset(keep))
        conn.execute(delete(jobs).where(jobs.c.id.in_(stale.scalar_subquery())))

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

    def list_jobs(self, owner: str | None, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
        """A page of jobs (without their record ids and errors), newest first, and the total count."""
        cols = [jobs.c[k] for k in ("id", "status", "total", "done", "failed", "message", "created_at", "updated_at")]
        rows, total = self._page(jobs, cols, jobs.c.created_at.desc(), owner, limit, offset)
        return [{**r, **{k: _aware(r[k]) for k in ("created_at", "updated_at")}} for r in rows], total

    def get_job(self, jid: str, owner: str | None = None) -> dict[str, Any] | None:
        """The job ``jid`` with its record ids; None when unknown or (with ``owner``) not that owner's."""
        query = select(jobs).where(jobs.c.id == jid)
        if owner is not None:
            query = query.where(jobs.c.owner == owner)
        with self._lock, self.engine.connect() as conn:
            row = conn.execute(query).mappings().one_or_none()
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

    def list_keys(self) -> list[dict[str, Any]]:
        """Every stored key as ``key_hash``, name, role and created_at (the caller shows only a hash prefix)."""
        with self._lock, self.engine.connect() as conn:
            rows = conn.execute(select(api_keys).order_by(api_keys.c.created_at)).mappings()
            return [{**r, "created_at": _aware(r["created_at"])} for r in rows]

    def delete_key(self, key_hash: str) -> bool:
        with self._lock, self.engine.begin() as conn:
            return conn.execute(delete(api_keys).where(api_keys.c.key_hash == key_hash)).rowcount > 0
