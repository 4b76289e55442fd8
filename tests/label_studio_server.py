"""A real Label Studio server for the review-loop tests, started once per test session.

The server runs from its own virtual environment (``.venv-ls``, made by ``make test``; or
``ONCOSTRUCT_LABEL_STUDIO_BIN``) on a free 127.0.0.1 port, with a temporary SQLite data directory and a
user + API token created at start-up. :func:`serve` is the body of the session-scoped ``label_studio``
fixture in ``conftest.py``, shared by the text and the video review loops (each uses its own project).
"""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

ROOT = Path(__file__).resolve().parents[1]
LS_BIN = Path(os.environ.get("ONCOSTRUCT_LABEL_STUDIO_BIN", ROOT / ".venv-ls" / "bin" / "label-studio"))
READY_TIMEOUT_S = float(os.environ.get("ONCOSTRUCT_LABEL_STUDIO_TIMEOUT", "600"))
USER = "annotator@oncostruct.test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str) -> int:
    req = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return 0


def _server_env(data_dir: Path, token: str, password: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LABEL_STUDIO_", "DJANGO_"))}
    env.update({
        "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir), "LABEL_STUDIO_USERNAME": USER, "LABEL_STUDIO_PASSWORD": password,
        "LABEL_STUDIO_USER_TOKEN": token,
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",  # 1.23 disables "Token <key>" auth for new orgs otherwise
        "LATEST_VERSION_CHECK": "false", "COLLECT_ANALYTICS": "false", "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
        "SENTRY_DSN": "", "FRONTEND_SENTRY_DSN": "", "DEBUG": "false", "PYTHONWARNINGS": "ignore",
    })
    return env


def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Start a Label Studio server; yield its url, API token and data directory; kill it at teardown."""
    if not LS_BIN.exists():
        pytest.fail(f"{LS_BIN} is missing: run `make test` (it creates .venv-ls with label-studio)")
    data_dir = tmp_path_factory.mktemp("label_studio")
    # hex, not urlsafe: a password starting with "-" is read by label-studio's argparse as an option (a flaky start)
    port, token, password = _free_port(), secrets.token_hex(20), secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}"
    with (data_dir / "server.log").open("wb") as log:
        proc = subprocess.Popen(
            [str(LS_BIN), "start", "--no-browser", "--host", "127.0.0.1", "--internal-host", "127.0.0.1",
             "--port", str(port), "--data-dir", str(data_dir), "--username", USER, "--password", password,
             "--user-token", token],
            cwd=data_dir, env=_server_env(data_dir, token, password), stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while _get(f"{url}/api/projects", token) != 200:
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = (data_dir / "server.log").read_text(errors="replace")[-3000:]
                pytest.fail(f"Label Studio did not come up at {url} (exit {proc.poll()}):\n{tail}")
            time.sleep(2)
        yield {"url": url, "token": token, "data_dir": data_dir}
    finally:
        _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    """Terminate the server's process group; a server that already exited (it failed to start) is fine."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)


def submit(url: str, token: str, task_id: int, result: list[dict[str, Any]]) -> dict[str, Any]:
    """POST an annotation exactly as the labelling UI does when an annotator presses Submit."""
    body = json.dumps({"result": result, "lead_time": 7.5, "was_cancelled": False}).encode("utf-8")
    req = urllib.request.Request(f"{url}/api/tasks/{task_id}/annotations/", data=body, method="POST",
                                 headers={"Authorization": f"Token {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 201
        return json.loads(resp.read())
