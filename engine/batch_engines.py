"""Where a batch runs: in this process, in local worker processes, or on Ray Data.

An engine is a callable ``(pending, pipeline) -> Iterator[Outcome]`` over ``(BatchItem, sha256)``
pairs. All engines run the same stages from :mod:`engine.batch_items` (``decode_item`` then
``structure_item``); none has its own extraction code.

Local: with a per-document time limit (``timeout_s``, the default for ``oncostruct batch``) each
document is structured in a worker process that is stopped and replaced when it runs past the
limit (:class:`~engine.isolation.IsolatedPipeline`), so one runaway document costs its own
error entry, never the batch. Without a limit, ``workers == 1`` runs in this process.

Ray Data: decoding runs as CPU tasks; structuring runs in a pool of actors, each a
:class:`StructureStage` that holds one Pipeline (models load once per actor) and asks for
``num_gpus`` when the cluster has GPUs. Rows carry file paths, never media bytes: an image or
video is read by the actor that structures it. ``ray.init`` honours ``RAY_ADDRESS``; without it a
local instance is started (and stopped again afterwards).
"""
from __future__ import annotations

import json
import logging
import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from oncostruct.engine.batch_items import BatchItem, Outcome, decode_item, error_entry, process_item, structure_item
from oncostruct.engine.errors import ConfigError
from oncostruct.engine.ingest import IngestedInput
from oncostruct.engine.isolation import IsolatedPipeline
from oncostruct.engine.pipeline import Pipeline

Pending = list[tuple[BatchItem, str]]
Engine = Callable[[Pending, Pipeline], Iterator[Outcome]]
ENGINES = ("local", "ray")


def make_engine(name: str, workers: int = 1, *, gpus_per_worker: float | None = None, batch_size: int = 16,
                timeout_s: float | None = None) -> Engine:
    """The engine called ``name`` with ``workers`` parallel workers (local: ``timeout_s`` per document)."""
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, not {workers}")
    if name == "local":
        return LocalEngine(workers, timeout_s=timeout_s)
    if name == "ray":
        return RayEngine(workers, gpus_per_worker=gpus_per_worker, batch_size=batch_size)
    raise ConfigError(f"unknown batch engine {name!r}; choose one of {', '.join(ENGINES)}")


# --- local ------------------------------------------------------------------------------

_WORKER_PIPELINE: list[Pipeline] = []  # the one Pipeline of a local worker process


def _init_worker(pipeline: Pipeline) -> None:
    _WORKER_PIPELINE[:] = [pipeline]


def _work(job: tuple[BatchItem, str]) -> Outcome:
    return process_item(_WORKER_PIPELINE[0], *job)


class LocalEngine:
    """Local processes, results in input order.

    With ``timeout_s``: ``workers`` stoppable worker processes (a document past the limit is an
    E301 error entry). Without: ``workers == 1`` in this process, more in a spawn-based pool.
    """

    def __init__(self, workers: int = 1, *, timeout_s: float | None = None) -> None:
        self.workers, self.timeout_s = workers, timeout_s

    def __call__(self, pending: Pending, pipeline: Pipeline) -> Iterator[Outcome]:
        if not pending:
            return
        if self.timeout_s is not None:
            yield from self._isolated(pending, pipeline)
            return
        if self.workers == 1 or len(pending) <= 1:
            for item, sha in pending:
                yield process_item(pipeline, item, sha)
            return
        chunk = max(1, min(16, len(pending) // (self.workers * 8)))
        with ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"),
                                 initializer=_init_worker, initargs=(pipeline,)) as pool:
            yield from pool.map(_work, pending, chunksize=chunk)

    def _isolated(self, pending: Pending, pipeline: Pipeline) -> Iterator[Outcome]:
        workers = min(self.workers, len(pending))
        with IsolatedPipeline(pipeline.settings, workers=workers, timeout_s=self.timeout_s or 0.0, warm_up=False,
                              routing=pipeline.routing) as isolated, \
                ThreadPoolExecutor(workers, thread_name_prefix="oncostruct-batch") as threads:
            yield from threads.map(lambda job: process_item(isolated, *job), pending)


# --- Ray Data ---------------------------------------------------------------------------

_ITEM_COLUMNS = ("key", "path", "text", "meta", "sha256")
_DECODED_COLUMNS = (*_ITEM_COLUMNS, "name", "data", "modality", "decoded", "encoding", "error")
_OUT_COLUMNS = ("key", "sha256", "record", "error", "text")


def _schema(columns: Iterable[str]) -> Any:
    import pyarrow as pa

    return pa.schema([(c, pa.binary() if c == "data" else pa.string()) for c in columns])


def _table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> Any:
    import pyarrow as pa

    return pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows], schema=_schema(columns))


def item_to_row(item: BatchItem, sha: str) -> dict[str, Any]:
    return {"key": item.key, "path": str(item.path) if item.path else None, "text": item.text,
            "meta": json.dumps(item.meta, ensure_ascii=False), "sha256": sha}


def row_to_item(row: dict[str, Any]) -> BatchItem:
    return BatchItem(key=row["key"], path=Path(row["path"]) if row["path"] else None, text=row["text"],
                     meta=json.loads(row["meta"] or "{}"))


def decode_batch(batch: Any, settings: Any) -> Any:
    """Ray CPU stage: decode each row's input; failures travel on as an ``error`` column."""
    rows = []
    for row in batch.to_pylist():
        item = row_to_item(row)
        try:
            ing = decode_item(item, settings)
            # media read from a file stay on disk: the row keeps the path (already a column), not the bytes
            row.update(name=ing.name, data=ing.data if ing.path is None else None, modality=ing.modality,
                       decoded=ing.text, encoding=ing.encoding)
        except Exception as exc:  # noqa: BLE001 - a bad document becomes an error row
            row["error"] = json.dumps(error_entry(item, row["sha256"], exc), ensure_ascii=False)
        rows.append(row)
    return _table(rows, _DECODED_COLUMNS)


class StructureStage:
    """Ray model stage: one Pipeline per actor, called on batches of decoded rows."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def __call__(self, batch: Any) -> Any:
        return _table([self._one(row) for row in batch.to_pylist()], _OUT_COLUMNS)

    def _one(self, row: dict[str, Any]) -> dict[str, Any]:
        out = {"key": row["key"], "sha256": row["sha256"], "error": row["error"], "record": None, "text": None}
        if row["error"] is not None:
            return out
        item = row_to_item(row)
        media_path = Path(row["path"]) if row["data"] is None and row["modality"] != "text" and row["path"] else None
        ing = IngestedInput(name=row["name"], data=row["data"], sha256=row["sha256"], modality=row["modality"],
                            text=row["decoded"], encoding=row["encoding"], path=media_path)
        try:
            record, out["text"] = structure_item(self.pipeline, item, ing)
            out["record"] = json.dumps(record, ensure_ascii=False)
        except Exception as exc:  # noqa: BLE001 - a bad document becomes an error row
            out["error"] = json.dumps(error_entry(item, row["sha256"], exc), ensure_ascii=False)
        return out


def _start_ray(workers: int) -> bool:
    """Connect to RAY_ADDRESS or start a local instance; True when this call started it."""
    import ray

    if ray.is_initialized():
        return False
    kwargs: dict[str, Any] = {"include_dashboard": False, "logging_level": logging.WARNING,
                              "configure_logging": True, "log_to_driver": False}
    if not os.environ.get("RAY_ADDRESS"):
        kwargs["num_cpus"] = max(os.cpu_count() or 1, workers + 1)
    ray.init(**kwargs)
    return True


class RayEngine:
    """Ray Data: ``from_arrow`` → ``map_batches(decode_batch)`` (CPU tasks) → ``map_batches(StructureStage)`` (actors)."""

    def __init__(self, workers: int = 1, *, gpus_per_worker: float | None = None, batch_size: int = 16) -> None:
        self.workers, self.gpus_per_worker, self.batch_size = workers, gpus_per_worker, batch_size

    def __call__(self, pending: Pending, pipeline: Pipeline) -> Iterator[Outcome]:
        if not pending:
            return
        import ray
        import ray.data

        started = _start_ray(self.workers)
        try:
            ctx = ray.data.DataContext.get_current()
            ctx.enable_progress_bars = False
            logging.getLogger("ray.data").setLevel(logging.WARNING)
            gpus = self.gpus_per_worker
            if gpus is None:
                gpus = 1.0 if ray.cluster_resources().get("GPU", 0) >= 1 else 0.0
            rows = [item_to_row(i, s) for i, s in pending]
            blocks = [_table(rows[k:k + self.batch_size], _ITEM_COLUMNS) for k in range(0, len(rows), self.batch_size)]
            ds = ray.data.from_arrow(blocks)
            ds = ds.map_batches(decode_batch, fn_kwargs={"settings": pipeline.settings}, batch_format="pyarrow",
                                batch_size=self.batch_size, num_cpus=0.5)
            ds = ds.map_batches(StructureStage, fn_constructor_kwargs={"pipeline": pipeline}, batch_format="pyarrow",
                                batch_size=self.batch_size, num_gpus=gpus,
                                compute=ray.data.ActorPoolStrategy(size=self.workers))
            for row in ds.iter_rows():
                record = json.loads(row["record"]) if row["record"] else None
                error = json.loads(row["error"]) if row["error"] else None
                yield Outcome(row["key"], row["sha256"], record=record, error=error, text=row["text"])
        finally:
            if started:
                ray.shutdown()
