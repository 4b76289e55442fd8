"""GET /v1/patients/{id}: records are parsed once, linked once per owner and records version, and a patient is
assembled once per version; a change of the caller's records links again. The result equals ``assemble``."""
from __future__ import annotations

import json
from typing import Any, Iterator

import pytest

from oncostruct.engine.assembly import assemble
from oncostruct.serving.patient_cache import PatientCache
from oncostruct.serving.store import Store
from tests.assembly_helpers import discharge, pathology, record

fastapi = pytest.importorskip("fastapi", reason="the serve extra is not installed")


def _body(rec: Any) -> dict[str, Any]:
    return json.loads(rec.model_dump_json())


def test_store_version_changes_when_an_owners_records_change() -> None:
    store = Store(max_records=2)
    empty = store.records_version("a")
    store.put_record(_body(pathology("p1", patient_id="P1")), owner="a")
    one = store.records_version("a")
    assert one != empty and store.records_version("b") == empty  # another owner's records did not change
    store.put_record(_body(pathology("p2", patient_id="P2")), owner="b")
    assert store.records_version("a") == one and store.records_version(None) != one
    assert [json.loads(b)["document"]["doc_id"] for _, b in store.record_rows("a")] == ["p1"]
    store.put_record(_body(pathology("p3", patient_id="P3")), owner="b")  # evicts p1 (a bounded memory store)
    assert store.records_version("a") == (0, -1) == empty and store.record_rows("a") == []


def _rows(*records: Any) -> list[tuple[str, str]]:
    return [(r.document.doc_id, r.model_dump_json()) for r in records]


# two documents linked by header keys only (no patient_id), and an explicit patient
LINKED = [pathology("pa", mrn="m1", name="n1"), discharge("da", mrn="m1", name="n1"), pathology("px", patient_id="PX")]


def test_a_patient_equals_the_full_assembly_and_is_built_once_per_version() -> None:
    cache, reads = PatientCache(), []

    def rows(*records: Any) -> Any:
        return lambda: reads.append(len(records)) or _rows(*records)

    expected = {p.patient_id: p for p in assemble(LINKED)}
    assert len(expected) == 2
    for pid, patient in expected.items():
        assert cache.patient("a", (3, 2), pid, rows(*LINKED)) == patient
    assert cache.patient("a", (3, 2), "PX", rows()) is cache.patient("a", (3, 2), "PX", rows())
    assert cache.patient("a", (3, 2), "nobody", rows()) is None
    assert (reads, cache.links, cache.parsed, cache.assembled) == ([3], 1, 3, 2)

    more = [*LINKED, discharge("dx", patient_id="PX")]  # a new record: read again, parse only it, link again
    assert cache.patient("a", (4, 3), "PX", rows(*more)) == {p.patient_id: p for p in assemble(more)}["PX"]
    assert (reads, cache.links, cache.parsed, cache.assembled) == ([3, 4], 2, 4, 3)


def test_owners_are_kept_apart_and_the_least_recently_used_goes() -> None:
    cache = PatientCache(max_owners=2)
    for owner in ("a", "b"):
        cache.patient(owner, 1, "P" + owner, lambda o=owner: _rows(record("d" + o, "pathology", patient_id="P" + o)))
    assert cache.patient("a", 1, "Pb", lambda: []) is None  # b's patient is not a's
    cache.patient("c", 1, "Pc", lambda: _rows(record("dc", "pathology", patient_id="Pc")))  # drops b, not a
    assert cache.links == 3
    cache.patient("a", 1, "Pa", lambda: [])
    assert cache.links == 3
    assert cache.patient("b", 1, "Pb", lambda: _rows(record("db", "pathology", patient_id="Pb"))) is not None
    assert cache.links == 4


@pytest.fixture
def client() -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from oncostruct.serving.main import create_app
    from tests.serving_helpers import API_KEYS, api_settings, wait_for

    with TestClient(create_app(api_settings(isolate=False), api_keys=API_KEYS, warm_up=False),
                    raise_server_exceptions=False) as c:
        wait_for(lambda: c.get("/readyz").status_code)
        yield c


def test_the_route_relinks_only_when_the_callers_records_change(client: Any) -> None:
    from oncostruct.serving.auth import hash_key, key_id
    from tests.serving_helpers import ADMIN, READER, READER_KEY

    service, reader = client.app.state.service, key_id(hash_key(READER_KEY))
    service.store.put_record(_body(pathology("rp", patient_id="PX")), owner=reader)
    first = client.get("/v1/patients/PX", headers=READER)
    assert first.status_code == 200 and first.json()["documents"] == ["rp"]
    assert client.get("/v1/patients/PX", headers=READER).json() == first.json()
    assert client.get("/v1/patients/nobody", headers=READER).status_code == 404
    assert (service.patients.links, service.patients.assembled) == (1, 1)  # three requests

    service.store.put_record(_body(discharge("rd", patient_id="PX")), owner=reader)  # a new record
    second = client.get("/v1/patients/PX", headers=READER).json()
    assert sorted(second["documents"]) == ["rd", "rp"] and service.patients.links == 2

    service.store.put_record(_body(pathology("other", patient_id="PX")), owner="someone-else")
    assert client.get("/v1/patients/PX", headers=READER).json() == second  # another key's record: same version
    assert service.patients.links == 2
    admin = client.get("/v1/patients/PX", headers=ADMIN).json()  # admins see every key's records
    assert sorted(admin["documents"]) == ["other", "rd", "rp"] and service.patients.links == 3
