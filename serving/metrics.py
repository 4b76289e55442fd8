"""Prometheus metrics: requests, latency, per-stage time, documents, jobs and model versions.

Each app owns its registry, so several apps (tests) never collide. :class:`TimedPipeline`
is the engine's Pipeline with a timer around each stage; it adds no extraction logic.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Any, Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engine.cdm import Record
from engine.ingest import IngestedInput
from engine.pipeline import Pipeline
from engine.settings import Settings

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)


class Metrics:
    def __init__(self) -> None:
        self.registry = r = CollectorRegistry()
        self.requests = Counter("oncostruct_http_requests", "HTTP requests", ["method", "route", "status"], registry=r)
        self.latency = Histogram("oncostruct_http_request_duration_seconds", "HTTP request latency",
                                 ["method", "route"], buckets=_LATENCY_BUCKETS, registry=r)
        self.stage = Histogram("oncostruct_stage_duration_seconds", "time per pipeline stage", ["stage"],
                               buckets=_LATENCY_BUCKETS, registry=r)
        self.documents = Counter("oncostruct_documents", "documents structured", ["doc_type", "outcome"], registry=r)
        self.jobs = Gauge("oncostruct_jobs_in_progress", "batch jobs queued or running", registry=r)
        self.models = Gauge("oncostruct_model_info", "loaded extractors and their versions",
                            ["doc_type", "extractor", "version"], registry=r)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.stage.labels(stage).observe(time.perf_counter() - start)


class TimedPipeline(Pipeline):
    """The engine Pipeline, observing the time of its extract and finish (normalise/validate/review) stages."""

    def __init__(self, settings: Settings, metrics: Metrics) -> None:
        super().__init__(settings)
        self.metrics = metrics

    def extract(self, ing: IngestedInput, **meta: Any) -> Record:
        with self.metrics.timed("total"):
            record = super().extract(ing, **meta)
        self.metrics.documents.labels(record.document.doc_type.value, "ok").inc()
        return record

    def _run_extractors(self, *args: Any, **kwargs: Any) -> Any:
        with self.metrics.timed("extract"):
            return super()._run_extractors(*args, **kwargs)

    def _finish(self, *args: Any, **kwargs: Any) -> Any:
        with self.metrics.timed("normalize_validate_review"):
            return super()._finish(*args, **kwargs)


class MetricsMiddleware:
    """ASGI middleware counting requests and timing them, labelled by route template (bounded cardinality)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start, status = time.perf_counter(), 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            self.metrics.requests.labels(scope["method"], route, str(status)).inc()
            self.metrics.latency.labels(scope["method"], route).observe(time.perf_counter() - start)
