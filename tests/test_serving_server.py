"""The REST API on a real uvicorn server (127.0.0.1, free port): robustness, a free event loop, schemathesis."""
from __future__ import annotations

import http.client
import json
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed")
import uvicorn  # noqa: E402

from oncostruct.engine.settings import Settings  # noqa: E402
from oncostruct.serving.main import create_app  # noqa: E402
from tests.conftest import ZH_PATHOLOGY  # noqa: E402
from tests.serving_helpers import ADMIN_KEY, API_KEYS, READER, api_settings, wait_for  # noqa: E402


class _Server:
    def __init__(self, settings: Settings | None = None) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.app = create_app(settings or api_settings(), api_keys=API_KEYS)
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()


def _serve(settings: Settings | None = None) -> Iterator[_Server]:
    srv = _Server(settings)
    srv.thread.start()
    wait_for(lambda: srv.request("GET", "/readyz")[0] if srv.server.started else 0, attempts=1200)
    yield srv
    srv.server.should_exit = True
    srv.thread.join(timeout=30)


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    yield from _serve()


def test_a_runaway_document_is_stopped_and_the_server_keeps_answering() -> None:
    """A document stuck in C-level regex backtracking: /healthz still answers while it runs, the
    request gets a 504 problem when its worker process is stopped, and the next document is served
    by the replacement worker."""
    settings = api_settings(timeout_s=5.0, processes=1)
    settings = settings.model_copy(update={"routes": {"other": ["tests.worker_tasks:Backtracking"],
                                                      **settings.routes}})
    for srv in _serve(settings):
        result: list[tuple[int, dict, bytes]] = []
        stuck = threading.Thread(target=lambda: result.append(_json_post(
            srv, "/v1/extract", json.dumps({"text": "STUCK " * 3, "doc_type": "other"}).encode())))
        stuck.start()
        health = []
        while stuck.is_alive() and len(health) < 20:
            health.append(srv.request("GET", "/healthz")[0])
        stuck.join(60)
        assert health and set(health) == {200}
        status, headers, raw = result[0]
        assert status == 504 and json.loads(raw)["code"] == "E301", raw
        ok = _json_post(srv, "/v1/extract", json.dumps({"text": ZH_PATHOLOGY}).encode())
        assert ok[0] == 200 and json.loads(ok[2])["document"]["doc_type"] == "pathology"


def _json_post(srv: _Server, path: str, body: bytes) -> tuple[int, dict, bytes]:
    return srv.request("POST", path, body, {**READER, "Content-Type": "application/json"})


def test_bad_requests_get_4xx_problems_and_the_server_stays_up(server: _Server) -> None:
    cases = [
        (b'{"text": "unterminated', 422),
        (json.dumps({"text": ""}).encode(), 422),
        (json.dumps({"text": " \t "}).encode(), 422),
        (b"\xff\xfe\x00garbage", 422),
        (json.dumps({"text": "x" * 250_000}).encode(), 413),
    ]
    for body, status in cases:
        got, headers, raw = _json_post(server, "/v1/extract", body)
        assert got == status, raw
        assert headers["content-type"].startswith("application/problem+json")
        assert json.loads(raw)["status"] == status
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:  # not HTTP at all
        s.sendall(b"\x00\x01garbage\r\n\r\n")
        s.recv(1024)
    status, _, raw = _json_post(server, "/v1/extract", json.dumps({"text": ZH_PATHOLOGY}).encode())
    assert status == 200 and json.loads(raw)["document"]["doc_type"] == "pathology"
    assert server.request("GET", "/healthz")[0] == 200


def test_extraction_runs_off_the_event_loop(server: _Server, monkeypatch: pytest.MonkeyPatch) -> None:
    release, entered = threading.Event(), threading.Event()
    engine = server.app.state.service.engine
    real = engine.extract

    def blocking(*args: object, **kwargs: object) -> object:
        entered.set()
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "extract", blocking)
    result: list[int] = []
    slow = threading.Thread(target=lambda: result.append(
        _json_post(server, "/v1/extract", json.dumps({"text": ZH_PATHOLOGY}).encode())[0]))
    slow.start()
    assert entered.wait(30)
    # The extraction is parked in its worker thread; the loop still answers other requests.
    assert server.request("GET", "/healthz")[0] == 200
    assert server.request("GET", "/v1/records/unknown", headers=READER)[0] == 404
    assert slow.is_alive() and not result
    release.set()
    slow.join(30)
    assert result == [200]


def _schemathesis() -> str | None:
    return shutil.which("schemathesis") or shutil.which("schemathesis", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(_schemathesis() is None, reason="schemathesis is not installed (dev extra)")
def test_schemathesis_finds_no_server_errors(server: _Server, tmp_path: Path) -> None:
    """Bounded property-based run over every operation of the published spec.

    ``positive_data_acceptance`` is left out on purpose: a schema-valid body can still be
    unusable (whitespace-only text, a PNG declared as pathology) and rightly gets 415/422.
    """
    cmd = [_schemathesis(), "run", f"http://127.0.0.1:{server.port}/openapi.json",
           "--header", f"Authorization: Bearer {ADMIN_KEY}", "--max-examples", "8", "--seed", "20261122",
           "--generation-database", "none", "--exclude-checks", "positive_data_acceptance",
           "--request-timeout", "30", "--max-failures", "5", "--report-dir", str(tmp_path)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert server.request("GET", "/healthz")[0] == 200
