"""Issue #20 (5, 6, 9): bounded in-memory store, per-key ownership, key list/revoke, roles required,
redacted access log, request ids, pagination, integer readiness status, operation ids, disconnects."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from oncostruct.serving.access_log import AccessLogFilter, redact_query  # noqa: E402
from oncostruct.serving.auth import KeyConfigError, parse_env_keys  # noqa: E402
from oncostruct.serving.main import create_app  # noqa: E402
from oncostruct.serving.store import Store  # noqa: E402
from tests.conftest import ZH_PATHOLOGY  # noqa: E402
from tests.serving_helpers import ADMIN, API_KEYS, READER, api_settings  # noqa: E402

_RECORD = {"document": {"doc_id": "d", "doc_type": "pathology"}, "fields": []}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(api_settings(), api_keys=API_KEYS, warm_up=False), raise_server_exceptions=False) as c:
        yield c


def _new_reader(client: TestClient) -> tuple[str, dict[str, str]]:
    body = client.post("/v1/keys", json={"name": "other", "role": "reader"}, headers=ADMIN).json()
    return body["id"], {"Authorization": f"Bearer {body['key']}"}


def test_memory_store_keeps_at_most_its_bound_newest_first() -> None:
    store = Store("sqlite://", max_records=5)
    ids = [store.put_record(_RECORD) for _ in range(12)]
    assert store.count_records() == 5
    assert store.get_record(ids[6]) is None and store.get_record(ids[-1]) is not None
    for _ in range(8):
        store.set_job_status(store.create_job(1), "succeeded")
    assert store.list_jobs(None, 100, 0)[1] == 6  # evicted when a job is created: 5 finished + the newest


def test_file_store_is_not_bounded(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}", max_records=2)
    for _ in range(4):
        store.put_record(_RECORD)
    assert store.count_records() == 4


def test_every_env_key_needs_an_explicit_role() -> None:
    assert set(parse_env_keys("a:admin, b:reader").values()) == {"admin", "reader"}
    for bad in ("secret-key", "k:root", ":admin"):
        with pytest.raises(KeyConfigError, match="KEY:reader or KEY:admin") as err:
            parse_env_keys(bad)
        assert "secret" not in str(err.value)
    with pytest.raises(KeyConfigError):
        create_app(api_settings(), api_keys="bare-key", warm_up=False)


def test_readers_see_only_their_own_records_and_jobs(client: TestClient) -> None:
    _, other = _new_reader(client)
    mine = client.post("/v1/extract", json={"text": ZH_PATHOLOGY}, headers=READER)
    url = mine.headers["location"]
    assert client.get(url, headers=READER).status_code == 200
    assert client.get(url, headers=ADMIN).status_code == 200
    hidden = client.get(url, headers=other)
    assert hidden.status_code == 404 and hidden.json()["code"] == "not_found"
    job = client.post("/v1/jobs", json={"documents": [{"text": ZH_PATHOLOGY}]}, headers=READER).headers["location"]
    assert client.get(job, headers=other).status_code == 404
    assert client.get(job, headers=READER).status_code == 200
    assert client.get("/v1/records", headers=other).json()["total"] == 0
    assert client.get("/v1/jobs", headers=other).json()["total"] == 0
    assert url.rsplit("/", 1)[1] in {r["id"] for r in client.get("/v1/records", headers=READER).json()["items"]}


def test_list_endpoints_page_with_next_links(client: TestClient) -> None:
    for _ in range(3):
        client.post("/v1/extract", json={"text": ZH_PATHOLOGY}, headers=ADMIN)
    first = client.get("/v1/records?limit=2", headers=ADMIN).json()
    assert len(first["items"]) == 2 and first["total"] >= 3 and first["next"].startswith("/v1/records?")
    second = client.get(first["next"], headers=ADMIN).json()
    assert second["offset"] == 2 and not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    last = client.get(f"/v1/records?limit=2&offset={first['total'] - 1}", headers=ADMIN).json()
    assert last["next"] is None
    assert client.get("/v1/jobs?limit=0", headers=ADMIN).status_code == 422


def test_admins_list_keys_without_secrets_and_revoke_them(client: TestClient) -> None:
    kid, other = _new_reader(client)
    listed = client.get("/v1/keys", headers=ADMIN)
    assert listed.status_code == 200 and kid in {k["id"] for k in listed.json()}
    assert all("key" not in k and "key_hash" not in k for k in listed.json())  # no secret, no full hash
    assert client.get("/v1/keys", headers=READER).status_code == 403
    assert client.delete(f"/v1/keys/{kid}", headers=ADMIN).status_code == 204
    assert client.get("/v1/records", headers=other).status_code == 401
    assert client.delete(f"/v1/keys/{kid}", headers=ADMIN).status_code == 404
    env_id = next(k["id"] for k in listed.json() if k["source"] == "env")
    assert client.delete(f"/v1/keys/{env_id}", headers=ADMIN).status_code == 409


def test_request_ids_are_echoed_or_made_and_put_in_problems(client: TestClient) -> None:
    resp = client.get("/v1/records/nope", headers={**READER, "X-Request-ID": "abc-123"})
    assert resp.headers["x-request-id"] == "abc-123" and resp.json()["request_id"] == "abc-123"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"}).headers["x-request-id"]
    assert made != "bad id\twith spaces" and len(made) == 32


def test_readiness_problem_has_an_integer_status() -> None:
    with TestClient(create_app(api_settings(), api_keys=API_KEYS, warm_up=False)) as c:
        c.app.state.service.readiness.status = "loading"
        body = c.get("/readyz").json()
    assert body["status"] == 503 and body["readiness"] == "loading"


def test_every_operation_has_a_named_unique_operation_id(client: TestClient) -> None:
    ops = [op["operationId"] for path in client.get("/openapi.json").json()["paths"].values() for op in path.values()]
    assert len(ops) == len(set(ops))
    assert {"extract", "get_record", "list_records", "list_jobs", "revoke_key", "readyz"} <= set(ops)


def test_access_log_redacts_query_strings() -> None:
    assert redact_query("/v1/records?api_key=s3cr3t&limit=5") == "/v1/records?api_key=[redacted]&limit=[redacted]"
    assert redact_query("/healthz") == "/healthz"
    record = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
                               ("1.2.3.4:5", "GET", "/v1/jobs?api_key=s3cr3t", "1.1", 200), None)
    AccessLogFilter().filter(record)
    assert "s3cr3t" not in record.getMessage() and "api_key=[redacted]" in record.getMessage()


def test_client_disconnect_is_not_a_500(caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(api_settings(), api_keys=API_KEYS, warm_up=False)
    sent: list[dict] = []
    scope = {"type": "http", "method": "POST", "path": "/v1/extract", "raw_path": b"/v1/extract", "query_string": b"",
             "headers": [(b"authorization", READER["Authorization"].encode()), (b"content-type", b"application/json")],
             "http_version": "1.1", "scheme": "http", "server": ("t", 80), "client": ("c", 1), "root_path": ""}

    async def receive() -> dict:
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    with caplog.at_level(logging.INFO):
        asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] != 500
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_docs_are_served_offline_from_the_bundled_swagger_ui() -> None:
    with TestClient(create_app(api_settings(), api_keys=API_KEYS, warm_up=False)) as c:
        page = c.get("/docs")
        assert page.status_code == 200 and "/docs/static/swagger-ui-bundle.js" in page.text
        assert "cdn" not in page.text.lower() and "http://" not in page.text and "https://" not in page.text
        script = c.get("/docs/static/swagger-ui-bundle.js")
        assert script.status_code == 200 and len(script.content) > 100_000
        assert c.get("/redoc").status_code == 404
