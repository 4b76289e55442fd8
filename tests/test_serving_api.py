"""REST API through FastAPI's TestClient: records, jobs, auth, limits, problem responses, metrics, OpenAPI."""
from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from oncostruct.serving.auth import hash_key  # noqa: E402
from oncostruct.serving.main import create_app  # noqa: E402
from tests.conftest import EN_PATHOLOGY, ZH_PATHOLOGY  # noqa: E402
from tests.serving_helpers import ADMIN, API_KEYS, READER, api_settings, wait_for  # noqa: E402

PROBLEM = "application/problem+json"


def _client(**api: object) -> TestClient:
    return TestClient(create_app(api_settings(**api), api_keys=API_KEYS), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with _client() as c:
        wait_for(lambda: c.get("/readyz").status_code)
        yield c


def _problem(resp, status: int) -> dict:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith(PROBLEM)
    body = resp.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_health_and_readiness_list_loaded_extractors(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["extractors"]["pathology"].startswith("pathology-rules")


def test_extract_json_returns_the_record_and_stores_it(client: TestClient) -> None:
    resp = client.post("/v1/extract", json={"text": ZH_PATHOLOGY, "patient_id": "P001"}, headers=READER)
    assert resp.status_code == 200, resp.text
    record = resp.json()
    assert record["document"]["doc_type"] == "pathology" and record["document"]["patient_id"] == "P001"
    names = {f["name"] for f in record["fields"]}
    assert {"pathology.pT", "pathology.ln_positive"} <= names
    stored = client.get(resp.headers["location"], headers=READER)
    assert stored.status_code == 200 and stored.json() == record


def test_extract_respects_type_language_and_store_option(client: TestClient) -> None:
    body = {"text": EN_PATHOLOGY, "doc_type": "other", "language": "en", "options": {"store": False}}
    resp = client.post("/v1/extract", json=body, headers=READER)
    assert resp.status_code == 200
    assert resp.json()["document"]["doc_type"] == "other" and "location" not in resp.headers


def test_multipart_upload_decodes_gbk(client: TestClient) -> None:
    files = {"file": ("report.txt", ZH_PATHOLOGY.encode("gbk"), "text/plain")}
    resp = client.post("/v1/extract", files=files, data={"doc_type": "pathology", "patient_id": "P9"}, headers=READER)
    assert resp.status_code == 200, resp.text
    doc = resp.json()["document"]
    assert (doc["encoding"], doc["patient_id"], doc["source_name"]) == ("gbk", "P9", "report.txt")


def test_image_as_a_text_type_is_415(client: TestClient) -> None:
    files = {"file": ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")}
    body = _problem(client.post("/v1/extract", files=files, data={"doc_type": "pathology"}, headers=READER), 415)
    assert "image input cannot be structured" in body["detail"]


@pytest.mark.parametrize(
    ("kwargs", "status", "needle"),
    [
        ({"content": b'{"text": ', "headers": {"content-type": "application/json"}}, 422, "Invalid JSON"),
        ({"json": {"text": ""}}, 422, "text"),
        ({"json": {"text": "  \n "}}, 422, "only whitespace"),
        ({"json": {"text": "x", "colour": "red"}}, 422, "colour"),
        ({"json": {"text": "x", "doc_type": "poem"}}, 422, "doc_type"),
        ({"json": {"text": "x", "options": {"store": 0}}}, 422, "store"),
        ({"json": {"text": "癌" * 20_001}}, 413, "characters"),
        ({"content": b"x" * 200_001, "headers": {"content-type": "application/json"}}, 413, "request body"),
        ({"content": b"text=1", "headers": {"content-type": "text/csv"}}, 415, "content type"),
        ({"files": {"other": ("a.txt", b"abc")}}, 422, "file"),
    ],
)
def test_bad_requests_get_problem_responses(client: TestClient, kwargs: dict, status: int, needle: str) -> None:
    headers = {**READER, **kwargs.pop("headers", {})}
    body = _problem(client.post("/v1/extract", headers=headers, **kwargs), status)
    assert needle in json.dumps(body, ensure_ascii=False)
    assert client.get("/healthz").status_code == 200


def test_chunked_oversized_body_is_413(client: TestClient) -> None:
    chunks = (b'{"text": "' + b"a" * 50_000 for _ in range(5))
    _problem(client.post("/v1/extract", content=chunks, headers={**READER, "content-type": "application/json"}), 413)


def test_missing_or_wrong_key_is_401_and_readers_cannot_admin(client: TestClient) -> None:
    body = {"text": ZH_PATHOLOGY}
    missing = client.post("/v1/extract", json=body)
    _problem(missing, 401)
    assert missing.headers["www-authenticate"] == "Bearer"
    _problem(client.post("/v1/extract", json=body, headers={"Authorization": "Bearer nope"}), 401)
    _problem(client.post("/v1/extract", json=body, headers={"Authorization": f"Basic {READER['Authorization'][7:]}"}), 401)
    _problem(client.get("/v1/records/abc", headers={"Authorization": "Bearer nope"}), 401)
    _problem(client.post("/v1/keys", json={"name": "x"}, headers=READER), 403)


def test_admin_creates_hashed_keys_that_authenticate(client: TestClient) -> None:
    resp = client.post("/v1/keys", json={"name": "ci", "role": "reader"}, headers=ADMIN)
    assert resp.status_code == 201
    key = resp.json()["key"]
    store = client.app.state.service.store
    assert store.find_key(hash_key(key)) == {"name": "ci", "role": "reader"}
    assert store.find_key(key) is None  # only the hash is kept
    assert client.post("/v1/extract", json={"text": ZH_PATHOLOGY}, headers={"Authorization": f"Bearer {key}"}).status_code == 200
    _problem(client.post("/v1/keys", json={"name": "y"}, headers={"Authorization": f"Bearer {key}"}), 403)


def test_job_runs_in_background_with_progress_and_isolated_errors(client: TestClient) -> None:
    docs = [{"text": ZH_PATHOLOGY, "doc_id": "a"}, {"text": "   "}, {"text": EN_PATHOLOGY, "doc_type": "pathology"}]
    resp = client.post("/v1/jobs", json={"documents": docs}, headers=READER)
    assert resp.status_code == 202 and resp.json()["total"] == 3
    url = resp.headers["location"]
    wait_for(lambda: 200 if client.get(url, headers=READER).json()["status"] == "succeeded" else 0)
    job = client.get(url, headers=READER).json()
    assert (job["done"], job["failed"], job["progress"]) == (2, 1, 1.0)
    assert job["errors"][0]["key"] == "doc1" and job["errors"][0]["error"]["type"] == "EmptyInputError"
    first = client.get(f"/v1/records/{job['record_ids'][0]}", headers=READER).json()
    assert first["document"]["doc_id"] == "a"


def test_job_limits_and_unknown_ids(client: TestClient) -> None:
    _problem(client.post("/v1/jobs", json={"documents": [{"text": "x"}] * 6}, headers=READER), 413)
    _problem(client.post("/v1/jobs", json={"documents": []}, headers=READER), 422)
    _problem(client.get("/v1/jobs/0123abcd", headers=READER), 404)
    _problem(client.get("/v1/records/0123abcd", headers=READER), 404)
    _problem(client.get("/v1/records/bad%20id", headers=READER), 422)


def test_metrics_report_requests_latency_stages_and_models(client: TestClient) -> None:
    client.post("/v1/extract", json={"text": ZH_PATHOLOGY}, headers=READER)
    text = client.get("/metrics").text
    assert 'oncostruct_http_requests_total{method="POST",route="/v1/extract",status="200"}' in text
    assert 'oncostruct_http_request_duration_seconds_bucket{le="0.1",method="POST",route="/v1/extract"}' in text
    assert 'oncostruct_stage_duration_seconds_count{stage="extract"}' in text
    assert 'oncostruct_model_info{doc_type="pathology",extractor="pathology-rules+tcga",version="2"} 1.0' in text


def test_openapi_documents_both_bodies_problems_and_bearer_auth(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/v1/extract"]["post"]
    assert set(op["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert PROBLEM in op["responses"]["413"]["content"] and PROBLEM in op["responses"]["422"]["content"]
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert "ExtractRequest" in spec["components"]["schemas"] and "Record" in spec["components"]["schemas"]


def test_time_limit_gives_504() -> None:
    with _client(timeout_s=1e-6) as c:  # the worker process structuring it is stopped: E301
        body = _problem(c.post("/v1/extract", json={"text": ZH_PATHOLOGY * 50}, headers=READER), 504)
        assert body["code"] == "E301" and "did not finish within" in body["detail"]
    with _client(timeout_s=1e-6, isolate=False) as c:  # in a thread: the request stops waiting for it
        body = _problem(c.post("/v1/extract", json={"text": ZH_PATHOLOGY * 50}, headers=READER), 504)
        assert body["code"] == "timeout"


def test_unexpected_errors_are_500_problems_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    with _client() as c:
        def boom(*_a: object, **_k: object) -> None:
            raise RuntimeError("secret internal detail")

        monkeypatch.setattr(c.app.state.service.engine, "extract", boom)
        resp = c.post("/v1/extract", json={"text": ZH_PATHOLOGY}, headers=READER)
        body = _problem(resp, 500)
        assert "secret" not in resp.text and "Traceback" not in resp.text and body["code"] == "internal"
        assert c.get("/healthz").status_code == 200
