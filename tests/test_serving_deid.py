"""De-identification through the REST API: the server's setting, and the request option that asks for it."""
from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from oncostruct.engine.settings import ApiSettings, Settings  # noqa: E402
from oncostruct.serving.main import create_app  # noqa: E402
from tests.serving_helpers import API_KEYS, READER, wait_for  # noqa: E402

TEXT = "姓名：周立波 住院号：ZY7788123\n病理诊断：（左肺下叶）浸润性腺癌，中分化。报告医师：欧阳明 2023-05-12"


def _client(deidentify: bool) -> TestClient:
    settings = Settings(api=ApiSettings(isolate=False, threads=1), deidentify=deidentify,
                        secret_key="test-hospital-key" if deidentify else None)
    return TestClient(create_app(settings, api_keys=API_KEYS), raise_server_exceptions=False)


def test_a_deidentifying_server_returns_no_phi_and_refuses_requests_without() -> None:
    with _client(True) as c:
        wait_for(lambda: c.get("/readyz").status_code)
        r = c.post("/v1/extract", json={"text": TEXT, "doc_type": "pathology", "doc_id": "周立波",
                                        "options": {"deidentify": True, "store": False}}, headers=READER)
        assert r.status_code == 200, r.text
        assert not [v for v in ("周立波", "欧阳明", "ZY7788123", "2023-05-12") if v in r.text]
        assert r.json()["document"]["deid"]["replacements"]
        refused = c.post("/v1/extract", json={"text": TEXT, "options": {"deidentify": False}}, headers=READER)
        assert refused.status_code == 422 and refused.json()["code"] == "deidentify_unavailable"


def test_a_plain_server_refuses_a_request_that_asks_for_deidentification() -> None:
    with _client(False) as c:
        wait_for(lambda: c.get("/readyz").status_code)
        r = c.post("/v1/extract", json={"text": TEXT, "options": {"deidentify": True}}, headers=READER)
        assert r.status_code == 422 and "周立波" not in r.text
