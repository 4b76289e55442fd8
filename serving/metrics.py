"""Prometheus metrics: requests, latency, per-stage time, documents, jobs and model versions.

Each app owns its registry, so several apps (tests) never collide. Stage times come from the
pipeline's own hook (:meth:`Metrics.observe_stage`, passed as ``Pipeline(hooks=[...])``).
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Any, Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send


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

    def observe_stage(self, stage: str, seconds: float, docs: int) -> None:
        """The pipeline's stage hook: the time per document of one stage."""
        if docs:
            self.stage.labels(stage).observe(seconds / docs)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.stage.labels(stage).observe(time.perf_counter() - start)


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
