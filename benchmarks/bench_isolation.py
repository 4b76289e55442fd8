"""What stoppable extraction costs, and what it buys (issue #20).

1. **Overhead**: the bundled samples (×``--repeat``) structured in this process (``Pipeline``) and in a
   warmed worker process (``IsolatedPipeline``), timed in the same run; the ratio is the figure.
2. **A server under attack**: ``oncostruct serve`` in a subprocess (API timeout ``--timeout`` s, one
   extraction worker) receives every adversarial input of issue #20
   (:mod:`benchmarks.adversarial_inputs`) plus one document that never finishes (a C-level
   backtracking regex, routed as ``ct`` for this run); meanwhile a client polls ``/healthz``. Reported:
   each request's status and seconds, and the ``/healthz`` latencies (median, max).

    .venv/bin/python benchmarks/bench_isolation.py [--repeat 4] [--timeout 5] [--out R.json]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.adversarial_inputs import CASES  # noqa: E402
from oncostruct.engine.cli_support import samples_dir  # noqa: E402
from oncostruct.engine.ingest import ingest_path  # noqa: E402
from oncostruct.engine.isolation import IsolatedPipeline  # noqa: E402
from oncostruct.engine.pipeline import Pipeline  # noqa: E402
from oncostruct.engine.settings import get_settings  # noqa: E402

KEY = "bench-key"


def _timed(engine: Any, inputs: list[Any]) -> float:
    """Seconds to structure ``inputs`` with ``engine``, after a warm-up pass over the first 12."""
    for ing in inputs[:12]:
        engine.extract(ing)
    start = time.perf_counter()
    for ing in inputs:
        engine.extract(ing)
    return time.perf_counter() - start


def overhead(repeat: int) -> dict[str, Any]:
    """Seconds for the samples × ``repeat`` in-process and isolated (both warmed first), and the ratio."""
    inputs = [ingest_path(p) for p in sorted(samples_dir().glob("*.txt"))] * repeat
    local = _timed(Pipeline(), inputs)
    with IsolatedPipeline(get_settings(), timeout_s=120) as isolated:
        isolated.wait_ready()
        remote = _timed(isolated, inputs)
    return {"documents": len(inputs), "in_process_s": round(local, 3), "isolated_s": round(remote, 3),
            "ratio_isolated_over_in_process": round(remote / local, 3)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(port: int, method: str, path: str, body: bytes | None = None, timeout: float = 120) -> tuple[int, float]:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"} if body else {}
        conn.request(method, path, body=body, headers=headers)
        status = conn.getresponse().status
    finally:
        conn.close()
    return status, time.perf_counter() - start


def under_attack(timeout_s: float) -> dict[str, Any]:
    """Adversarial requests one after another while /healthz is polled every 50 ms."""
    port = _free_port()
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as cfg:
        cfg.write('routes: {ct: ["tests.worker_tasks:Backtracking"]}\n')
    env = {**os.environ, "ONCOSTRUCT_CONFIG": cfg.name, "ONCOSTRUCT_API_KEYS": f"{KEY}:reader",
           "ONCOSTRUCT_API_TIMEOUT_S": str(timeout_s), "ONCOSTRUCT_API_PROCESSES": "1",
           "ONCOSTRUCT_API_MAX_TEXT_CHARS": "2000000", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "oncostruct", "serve", "--port", str(port), "--log-level",
                               "warning"], cwd=ROOT, env=env)
    try:
        for _ in range(1200):
            try:
                if _request(port, "GET", "/readyz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        health: list[float] = []
        stop = threading.Event()

        def poll() -> None:
            while not stop.is_set():
                status, seconds = _request(port, "GET", "/healthz", timeout=60)
                health.append(seconds if status == 200 else float("inf"))
                time.sleep(0.05)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        cases = [(c.name, c.doc_type, c.text()) for c in CASES] + [("never finishes (C regex)", "ct", "STUCK " * 3)]
        requests = []
        for name, doc_type, text in cases:
            status, seconds = _request(port, "POST", "/v1/extract",
                                       json.dumps({"text": text, "doc_type": doc_type}).encode())
            requests.append({"case": name, "chars": len(text), "status": status, "seconds": round(seconds, 3)})
        stop.set()
        poller.join(30)
    finally:
        server.terminate()
        server.wait(30)
        os.unlink(cfg.name)
    return {"requests": requests, "healthz_polls": len(health),
            "healthz_median_s": round(statistics.median(health), 4), "healthz_max_s": round(max(health), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    result = {"overhead": overhead(args.repeat), "under_attack": under_attack(args.timeout)}
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
