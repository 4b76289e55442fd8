"""Batch throughput (documents/second): local engine with 1 and 2 workers and Ray Data local, in one run.

The corpus is the bundled sample documents (pathology, PET-CT, discharge; zh and en), each
copied ``--copies`` times with a distinct trailing line so every copy has its own sha256.
Each engine writes to a fresh output folder; wall time includes its start-up (worker
processes, Ray actors). Ray's own start (``ray.init``) is timed separately. Each engine is
then run a second time on its own (no journal) to time its first result (start-up) and its
steady-state docs/s after that. Figures are
reported as docs/s and as ratios to local-1, because the machine is shared and absolute
numbers move with its load.

    .venv/bin/python benchmarks/bench_batch.py --copies 40 --out out/bench_batch.json
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from oncostruct.engine.batch import run_batch
from oncostruct.engine.batch_items import iter_items
from oncostruct.engine.batch_engines import make_engine
from oncostruct.engine.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]


def make_corpus(folder: Path, copies: int) -> int:
    samples = sorted((ROOT / "engine" / "samples").glob("*.txt"))
    folder.mkdir(parents=True)
    for k in range(copies):
        for p in samples:
            text = p.read_text(encoding="utf-8")
            (folder / f"{p.stem}_{k:04d}.txt").write_text(f"{text}\n（副本 {k}）\n", encoding="utf-8")
    return copies * len(samples)


def _timed(src: Path, out: Path, **kwargs: Any) -> dict[str, Any]:
    """run_batch end to end (start-up included), then the engine alone timed from its first result on."""
    t0 = time.perf_counter()
    summary = run_batch(src, out, progress=False, **kwargs)
    wall = time.perf_counter() - t0
    return {**kwargs, "done": summary.done, "failed": summary.failed, "wall_s": round(wall, 2),
            "docs_per_s": round(summary.done / wall, 2), **_steady(src, **kwargs)}


def _steady(src: Path, engine: str, workers: int) -> dict[str, Any]:
    """Seconds to the first result (start-up) and docs/s after it (steady state), on the same corpus."""
    pending = [(item, item.content_sha256()) for item in iter_items(src)]
    t0 = time.perf_counter()
    stamps = [time.perf_counter() for _ in make_engine(engine, workers)(pending, Pipeline())]
    first, last = stamps[0], stamps[-1]
    return {"first_result_s": round(first - t0, 2),
            "steady_docs_per_s": round((len(stamps) - 1) / (last - first), 2) if last > first else None}


def _same_records(a: Path, b: Path) -> bool:
    def load(d: Path) -> list[str]:
        return sorted((d / "records.jsonl").read_text(encoding="utf-8").splitlines())
    return load(a) == load(b)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=40, help="copies of each bundled sample")
    ap.add_argument("--ray-workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "bench_batch.json")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_batch_"))
    try:
        src = work / "in"
        n = make_corpus(src, args.copies)
        runs = [_timed(src, work / "local1", engine="local", workers=1),
                _timed(src, work / "local2", engine="local", workers=2)]
        import ray

        t0 = time.perf_counter()
        ray.init(num_cpus=max(os.cpu_count() or 1, args.ray_workers + 1), include_dashboard=False,
                 log_to_driver=False, logging_level="WARNING")
        ray_init = round(time.perf_counter() - t0, 2)
        try:
            runs.append({**_timed(src, work / "ray", engine="ray", workers=args.ray_workers), "ray_init_s": ray_init})
        finally:
            ray.shutdown()
        base = runs[0]["docs_per_s"]
        steady = runs[0]["steady_docs_per_s"]
        for r in runs:
            r["ratio_to_local1"] = round(r["docs_per_s"] / base, 2)
            r["steady_ratio_to_local1"] = round(r["steady_docs_per_s"] / steady, 2) if steady and r["steady_docs_per_s"] else None
        result = {"documents": n, "cpus": os.cpu_count(), "load_avg_at_end": os.getloadavg(), "runs": runs,
                  "records_identical": _same_records(work / "local1", work / "local2")
                  and _same_records(work / "local1", work / "ray")}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
