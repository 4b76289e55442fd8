"""Structuring in worker processes that can be stopped: a per-document time limit that always holds.

A Python thread cannot be interrupted while a regular expression holds the GIL, so a
document that makes a rule backtrack would stall the server or a batch. :class:`IsolatedPipeline`
has the interface of :class:`~engine.pipeline.Pipeline` that batch and server use
(``settings``, ``extract``, ``extract_text``) but runs each document in a pooled worker process
(:mod:`engine.worker_pool`): past ``timeout_s`` the worker is killed and replaced, and the
document gets :class:`~engine.errors.ExtractionTimeout` (E301), a clear error entry; the other
documents go on. The waiting parent holds no GIL, so ``/healthz`` keeps answering.

Each worker builds one Pipeline and structures a short warm-up document per routed type, so
models load before the first request. Stage timings come back with each record and are passed
to the parent's hooks (the server's metrics).
"""
from __future__ import annotations

import logging
import threading
from typing import Any, Sequence

from oncostruct.engine.cdm import DocType, Record
from oncostruct.engine.components import component_class
from oncostruct.engine.errors import ExtractionTimeout, WorkerFailed
from oncostruct.engine.ingest import IngestedInput, ingest_text
from oncostruct.engine.pipeline import Pipeline, StageHook, check_settings
from oncostruct.engine.route_stage import Router
from oncostruct.engine.routing_table import RoutingTable
from oncostruct.engine.settings import Settings
from oncostruct.engine.worker_pool import TaskTimeout, WorkerCrashed, WorkerPool

log = logging.getLogger(__name__)

# One short document per text type: structuring it loads the components' rule packs and models.
WARMUP_TEXT: dict[DocType, str] = {
    DocType.pathology: "病理诊断：（左肺下叶）浸润性腺癌，肿瘤大小2.5×2.0cm，淋巴结（1/10）见癌转移。pT1cN1。",
    DocType.petct: "检查所见：右肺上叶结节，FDG摄取增高，SUVmax 6.1。诊断意见：右肺上叶结节，考虑肺癌。",
    DocType.ct: "CT平扫：右肺上叶见结节灶，大小约1.2cm。",
    DocType.discharge: "出院小结 入院日期：2023-03-01 出院日期：2023-03-12。出院诊断：肺腺癌。",
    DocType.other: "患者因咳嗽就诊。",
}


class _Worker:
    """A worker process's state: one Pipeline whose stage timings are collected per document."""

    def __init__(self, settings: Settings, warm_up: bool, routing: RoutingTable | None) -> None:
        self.timings: list[tuple[str, float, int]] = []
        self.pipeline = Pipeline(settings, routing=routing, hooks=[lambda *t: self.timings.append(t)])
        if warm_up:
            warm(self.pipeline)

    def extract(self, ing: IngestedInput, meta: dict[str, Any]) -> tuple[str, list[tuple[str, float, int]], str | None]:
        self.timings.clear()
        record, text = self.pipeline.extract_with_text(ing, **meta)
        return record.model_dump_json(), list(self.timings), text


def warm(pipeline: Pipeline) -> None:
    """Structure one warm-up document per text type the pipeline routes (loads rule packs and models)."""
    for doc_type, text in WARMUP_TEXT.items():
        if doc_type in pipeline.routing.routes:
            pipeline.extract(ingest_text(text, "<warm-up>", pipeline.settings), doc_type=doc_type)


def routed_components(routing: RoutingTable) -> dict[str, list[tuple[str, str]]]:
    """Document type → (name, version) of each component routed to it (classes only; nothing is built)."""
    return {doc_type.value: [(cls.name, cls.version) for cls in map(component_class, names)]
            for doc_type, names in routing.routes.items()}


def _build(settings: Settings, warm_up: bool, routing: RoutingTable | None) -> _Worker:
    return _Worker(settings, warm_up, routing)


def _extract(state: _Worker, ing: IngestedInput, meta: dict[str, Any]) -> tuple[str, list[tuple[str, float, int]], str | None]:
    return state.extract(ing, meta)


class IsolatedPipeline:
    """``Pipeline.extract`` in ``workers`` stoppable worker processes, ``timeout_s`` per document."""

    def __init__(self, settings: Settings, *, workers: int = 1, timeout_s: float, warm_up: bool = True,
                 hooks: Sequence[StageHook] = (), routing: RoutingTable | None = None) -> None:
        self.settings, self.timeout_s, self.hooks = settings, timeout_s, list(hooks)
        check_settings(settings)  # a configuration error shows here, not in each worker
        self.router = Router(settings, routing)  # the route stage only: the workers build the Pipelines
        self.routing = self.router.routing
        self._args = (workers, (settings, warm_up, routing))
        self._pool: WorkerPool | None = None
        self._lock = threading.Lock()

    @property
    def pool(self) -> WorkerPool:
        """The worker processes, started on first use."""
        with self._lock:
            if self._pool is None:
                workers, initargs = self._args
                self._pool = WorkerPool(workers, _build, initargs)
            return self._pool

    def extract(self, ing: IngestedInput, **meta: Any) -> Record:
        return self.extract_with_text(ing, **meta)[0]

    def extract_with_text(self, ing: IngestedInput, **meta: Any) -> tuple[Record, str | None]:
        """:meth:`Pipeline.extract_with_text` in a worker process."""
        try:
            record_json, timings, text = self.pool.run(_extract, ing, meta, timeout_s=self.timeout_s)
        except TaskTimeout:
            raise ExtractionTimeout(f"{ing.name}: structuring did not finish within {self.timeout_s:g} s and was "
                                    "stopped (ONCOSTRUCT_EXTRACT_TIMEOUT_S)") from None
        except WorkerCrashed as exc:
            raise WorkerFailed(f"{ing.name}: {exc}") from None
        for stage, seconds, n in timings:
            for hook in self.hooks:
                hook(stage, seconds, n)
        return Record.model_validate_json(record_json), text

    def extract_text(self, text: str, **meta: Any) -> Record:
        return self.extract(ingest_text(text, meta.pop("source_name", None) or "<text>", self.settings), **meta)

    def wait_ready(self, timeout_s: float | None = None) -> None:
        """Block until every worker has built its pipeline (WorkerCrashed when one cannot)."""
        self.pool.wait_ready(timeout_s)

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None

    def __enter__(self) -> IsolatedPipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
