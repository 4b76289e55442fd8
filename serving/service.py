"""The service state built once per server process: settings, store, engine, metrics, limits, jobs.

The engine is an :class:`~engine.isolation.IsolatedPipeline` (``ONCOSTRUCT_API_ISOLATE``, default
on): documents are structured in ``ONCOSTRUCT_API_PROCESSES`` worker processes, each stopped and
replaced when a document runs past ``ONCOSTRUCT_API_TIMEOUT_S``, so no input can stall the event
loop, ``/healthz`` or the other requests. With isolation off, documents run in threads of this
process (faster to start; a runaway document then holds its thread until it ends).
"""
from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Protocol

import anyio

from oncostruct.engine.cdm import Record
from oncostruct.engine.ingest import IngestedInput
from oncostruct.engine.isolation import IsolatedPipeline, routed_components, warm
from oncostruct.engine.pipeline import Pipeline
from oncostruct.engine.settings import Settings
from oncostruct.serving.metrics import Metrics
from oncostruct.serving.patient_cache import PatientCache
from oncostruct.serving.store import Store

log = logging.getLogger(__name__)


class Engine(Protocol):
    settings: Settings

    def extract(self, ing: IngestedInput, **meta: Any) -> Record: ...


@dataclass
class Readiness:
    status: str = "loading"  # loading | ready | failed
    extractors: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


class CountedEngine:
    """The service's engine with the total time and the outcome of each document counted."""

    def __init__(self, inner: Pipeline | IsolatedPipeline, metrics: Metrics) -> None:
        self.inner, self.metrics, self.settings = inner, metrics, inner.settings

    def extract(self, ing: IngestedInput, **meta: Any) -> Record:
        try:
            with self.metrics.timed("total"):
                record = self.inner.extract(ing, **meta)
        except Exception:
            self.metrics.documents.labels(str(meta.get("doc_type") or "unknown"), "failed").inc()
            raise
        self.metrics.documents.labels(record.document.doc_type.value, "ok").inc()
        return record


@dataclass
class Service:
    settings: Settings
    store: Store
    metrics: Metrics
    engine: CountedEngine
    limiter: anyio.CapacityLimiter
    jobs: ThreadPoolExecutor
    readiness: Readiness
    env_keys: dict[str, str]
    stopping: threading.Event = field(default_factory=threading.Event)
    patients: PatientCache = field(default_factory=PatientCache)
    running_jobs: set[Future] = field(default_factory=set)

    @classmethod
    def build(cls, settings: Settings, env_keys: dict[str, str], *, warm_up: bool = True) -> Service:
        metrics = Metrics()
        api = settings.api
        hooks = [metrics.observe_stage]
        inner: Pipeline | IsolatedPipeline = (
            IsolatedPipeline(settings, workers=api.processes, timeout_s=api.timeout_s, warm_up=warm_up, hooks=hooks)
            if api.isolate else Pipeline(settings, hooks=hooks))
        return cls(settings=settings, env_keys=env_keys, store=Store(api.db_url, api.memory_max_records),
                   metrics=metrics, engine=CountedEngine(inner, metrics), limiter=anyio.CapacityLimiter(api.threads),
                   jobs=ThreadPoolExecutor(max_workers=1, thread_name_prefix="oncostruct-job"), readiness=Readiness())

    @property
    def request_timeout_s(self) -> float:
        """How long a request may take: the document's limit, plus (isolated) a worker's start-up allowance,
        since the worker process enforces the document's own limit from when it takes it."""
        api = self.settings.api
        return api.timeout_s + (api.worker_start_s if api.isolate else 0.0)

    def warm_up(self) -> Readiness:
        """Load every routed component: in the worker processes (isolated), or here."""
        inner = self.engine.inner
        try:
            if isinstance(inner, IsolatedPipeline):
                inner.wait_ready()  # each worker warms its own pipeline when it starts
            else:
                warm(inner)
            loaded = routed_components(inner.routing)
        except Exception as exc:  # noqa: BLE001 - reported by /readyz
            log.exception("warm-up failed")
            self.readiness.errors.append(f"{type(exc).__name__}: {exc}")
            loaded = {}
        for doc_type, components in loaded.items():
            self.readiness.extractors[doc_type] = ", ".join(f"{name} {version}" for name, version in components)
            for name, version in components:
                self.metrics.models.labels(doc_type, name, version).set(1)
        self.readiness.status = "failed" if self.readiness.errors else "ready"
        return self.readiness

    def submit_job(self, fn: Any, *args: Any) -> None:
        """Run a background job; ``close`` waits for it before the store goes away."""
        future = self.jobs.submit(fn, self, *args)
        self.running_jobs.add(future)
        future.add_done_callback(self.running_jobs.discard)

    def close(self, job_wait_s: float = 30.0) -> None:
        """Stop taking job work, let a running job finish its current document, then close the store.

        A job thread writing progress into a store that is being disposed crashed SQLite (a segfault in
        the test suite); the store is closed only when no job is left running.
        """
        self.stopping.set()
        self.jobs.shutdown(wait=False, cancel_futures=True)
        if isinstance(self.engine.inner, IsolatedPipeline):
            self.engine.inner.close()  # an extraction in flight fails at once instead of running on
        _, pending = wait(list(self.running_jobs), timeout=job_wait_s)
        if pending:
            log.warning("%d background job(s) still running at shutdown; the store is left open", len(pending))
            return
        self.store.close()
