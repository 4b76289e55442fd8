"""REST latency (p50, p95) and throughput of ``oncostruct serve`` on 127.0.0.1, at 1 and 4 concurrent clients.

Starts one server process (``--workers 1``), waits for /readyz, then sends a bounded number
of requests per scenario from client threads with keep-alive connections. Pathology text
comes from the bundled samples; the lab image is one file from ``--lab-images`` (default:
the shared lab_reports images) sent as a multipart upload. Prints one JSON object and
writes it to ``--out``.

    .venv/bin/python benchmarks/bench_rest.py --out out/bench_rest.json
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
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
KEY = "bench-" + uuid.uuid4().hex
DEFAULT_LAB = Path("/work/shared/data/lab_reports/images")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "ONCOSTRUCT_API_KEYS": f"{KEY}:admin", "ONCOSTRUCT_API_TIMEOUT_S": "300"}
    cmd = [sys.executable, "-m", "oncostruct.engine.cli", "serve", "--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    for _ in range(600):
        try:
            if _call(port, "GET", "/readyz")[0] == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not become ready")


def _call(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
          conn: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        if own:
            conn.close()


def _multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n\r\n'.encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _scenario(port: int, bodies: list[tuple[bytes, str]], concurrency: int, n: int) -> dict[str, Any]:
    """``n`` requests spread over ``concurrency`` client threads, each with its own connection."""
    def client(worker: int) -> list[tuple[float, int]]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        out = []
        for i in range(worker, n, concurrency):
            body, ctype = bodies[i % len(bodies)]
            t0 = time.perf_counter()
            status, _ = _call(port, "POST", "/v1/extract", body,
                              {"Authorization": f"Bearer {KEY}", "Content-Type": ctype}, conn)
            out.append((time.perf_counter() - t0, status))
        conn.close()
        return out

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = [r for part in pool.map(client, range(concurrency)) for r in part]
    wall = time.perf_counter() - start
    lat = sorted(t for t, _ in results)
    q = statistics.quantiles(lat, n=100, method="inclusive") if len(lat) > 1 else lat * 99
    return {"concurrency": concurrency, "requests": len(results), "ok": sum(s == 200 for _, s in results),
            "p50_ms": round(q[49] * 1000, 1), "p95_ms": round(q[94] * 1000, 1),
            "throughput_rps": round(len(results) / wall, 2), "wall_s": round(wall, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "bench_rest.json")
    ap.add_argument("--text-requests", type=int, default=200, help="requests per text scenario")
    ap.add_argument("--lab-requests", type=int, default=8, help="requests per lab-image scenario")
    ap.add_argument("--lab-images", type=Path, default=DEFAULT_LAB)
    args = ap.parse_args()

    texts = sorted((ROOT / "engine" / "samples").glob("pathology_*.txt"))
    text_bodies = [(json.dumps({"text": p.read_text(encoding="utf-8"), "doc_type": "pathology",
                                "options": {"store": False}}, ensure_ascii=False).encode(), "application/json")
                   for p in texts]
    lab = sorted(p for p in args.lab_images.glob("*") if p.suffix.lower() in (".png", ".jpg", ".jpeg"))[:1] \
        if args.lab_images.is_dir() else []
    port = _free_port()
    proc = _start_server(port)
    try:
        result: dict[str, Any] = {"server": "oncostruct serve --workers 1", "cpus": os.cpu_count(),
                                  "pathology_text": {"docs": [p.name for p in texts], "runs": []}}
        _scenario(port, text_bodies, 1, 10)  # warm the connection path
        for c in (1, 4):
            result["pathology_text"]["runs"].append(_scenario(port, text_bodies, c, args.text_requests))
        if lab and args.lab_requests > 0:
            body = _multipart(lab[0].name, lab[0].read_bytes())
            _scenario(port, [body], 1, 1)  # first OCR call loads the models
            result["lab_image"] = {"image": lab[0].name, "bytes": lab[0].stat().st_size,
                                   "runs": [_scenario(port, [body], c, args.lab_requests) for c in (1, 4)]}
        else:
            result["lab_image"] = {"skipped": f"no images under {args.lab_images}"}
    finally:
        proc.terminate()
        proc.wait(30)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
