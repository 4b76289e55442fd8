"""GET /v1/patients/{id}: patients are assembled once per owner and records version, again when records change."""
from __future__ import annotations

import json
from typing import Any, Iterator

import pytest

from oncostruct.engine.assembly import assemble
from oncostruct.serving.patient_cache import PatientCache
from oncostruct.serving.store import Store
from tests.assembly_helpers import discharge, pathology

fastapi = pytest.importorskip("fastapi", reason="the serve extra is not installed")


def _body(record: Any) -> dict[str, Any]:
    return json.loads(record.model_dump_json())


def test_store_version_changes_when_an_owners_records_change() -> None:
    store = Store(max_records=2)
    empty = store.records_version("a")
    store.put_record(_body(pathology("p1", patient_id="P1")), owner="a")
    one = store.records_version("a")
    assert one != empty and store.records_version("b") == empty  # another owner's records did not change
    store.put_record(_body(pathology("p2", patient_id="P2")), owner="b")
    assert store.records_version("a") == one and store.records_version(None) != one
    store.put_record(_body(pathology("p3", patient_id="P3")), owner="b")  # evicts p1 (a bounded memory store)
    assert store.records_version("a") == (0, -1) == empty


def test_cache_reuses_a_version_and_reassembles_a_new_one() -> None:
    cache, calls = PatientCache(max_owners=2), []

    def build(pid: str) -> Any:
        return lambda: calls.append(pid) or assemble([pathology(patient_id=pid)])

    assert list(cache.patients("a", (1, 0), build("P1"))) == ["P1"]
    assert list(cache.patients("a", (1, 0), build("ignored"))) == ["P1"]
    assert list(cache.patients("a", (2, 1), build("P2"))) == ["P2"]
    cache.patients("b", (1, 0), build("B"))
    cache.patients("a", (2, 1), build("ignored"))  # a is now the most recently used
    cache.patients("c", (1, 0), build("C"))  # drops b, not a
    cache.patients("a", (2, 1), build("ignored"))
    cache.patients("b", (1, 0), build("B again"))
    assert calls == ["P1", "P2", "B", "C", "B again"] and cache.assemblies == 5


@pytest.fixture
def client() -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from oncostruct.serving.main import create_app
    from tests.serving_helpers import API_KEYS, api_settings, wait_for

    with TestClient(create_app(api_settings(isolate=False), api_keys=API_KEYS, warm_up=False),
                    raise_server_exceptions=False) as c:
        wait_for(lambda: c.get("/readyz").status_code)
        yield c


def test_a_patient_is_assembled_once_until_the_callers_records_change(client: Any) -> None:
    from oncostruct.serving.auth import hash_key, key_id
    from tests.serving_helpers import ADMIN, READER, READER_KEY

    service, reader = client.app.state.service, key_id(hash_key(READER_KEY))
    service.store.put_record(_body(pathology("rp", patient_id="PX")), owner=reader)
    first = client.get("/v1/patients/PX", headers=READER)
    assert first.status_code == 200 and first.json()["documents"] == ["rp"]
    assert client.get("/v1/patients/PX", headers=READER).json() == first.json()
    assert client.get("/v1/patients/nobody", headers=READER).status_code == 404
    assert service.patients.assemblies == 1  # three requests, one assembly

    service.store.put_record(_body(discharge("rd", patient_id="PX")), owner=reader)  # a new record: assembled again
    second = client.get("/v1/patients/PX", headers=READER).json()
    assert sorted(second["documents"]) == ["rd", "rp"]
    assert service.patients.assemblies == 2

    service.store.put_record(_body(pathology("other", patient_id="PX")), owner="someone-else")
    assert client.get("/v1/patients/PX", headers=READER).json() == second  # another key's record: same version
    assert service.patients.assemblies == 2
    admin = client.get("/v1/patients/PX", headers=ADMIN).json()  # admins see every key's records
    assert sorted(admin["documents"]) == ["other", "rd", "rp"] and service.patients.assemblies == 3
