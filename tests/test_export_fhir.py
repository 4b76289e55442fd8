"""The fhir exporter: one mCODE STU3 collection Bundle per patient, parsed by fhir.resources.R4B, and the rules."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle

from oncostruct.engine.exporters.fhir_rules import check_bundle
from tests.export_helpers import PATIENTS, read_csv, structured_batch


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return structured_batch(tmp_path_factory.mktemp("fhir"))


@pytest.fixture(scope="module")
def bundles(out: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (out / "fhir").glob("*.json")
            if p.name != "summary.json"}


def _resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _lung(bundles: dict[str, dict]) -> dict:
    return next(b for b in bundles.values() if any(
        c.get("code", {}).get("coding", [{}])[0].get("code") == "C34.1" for c in _resources(b, "Condition"))
        and len(_resources(b, "Provenance")[0]["entity"]) == 4)


def test_one_valid_bundle_per_patient_beside_omop(out: Path, bundles: dict[str, dict]) -> None:
    persons = read_csv(out / "omop" / "person.csv")  # --export omop,fhir: both in one batch
    assert sorted(bundles) == sorted(p["person_source_value"] for p in persons)
    summary = json.loads((out / "fhir" / "summary.json").read_text())
    assert summary["invalid"] == {} and summary["bundles"] == len(bundles) and summary["mcode_version"] == "STU3"
    for name, b in bundles.items():
        parsed = Bundle.model_validate(b)
        assert parsed.type == "collection" and parsed.id == name
        assert check_bundle(b) == []
        (patient,) = _resources(b, "Patient")
        assert patient["id"] == b["id"]
        for pid in set(PATIENTS.values()):
            assert pid not in json.dumps(b, ensure_ascii=False)


def test_lung_patient_has_condition_tnm_size_and_markers(bundles: dict[str, dict]) -> None:
    b = _lung(bundles)
    conds = _resources(b, "Condition")
    primary = next(c for c in conds if c["code"]["coding"][0]["code"] == "C34.1" and "extension" in c
                   and any(e["url"].endswith("histology-morphology-behavior") for e in c["extension"]))
    hist = next(e for e in primary["extension"] if e["url"].endswith("histology-morphology-behavior"))
    assert hist["valueCodeableConcept"]["coding"][0] == {
        "system": "http://terminology.hl7.org/CodeSystem/icd-o-3", "code": "8140/3", "display": "Invasive adenocarcinoma"}
    url = next(e["fullUrl"] for e in b["entry"] if e["resource"] is primary or e["resource"] == primary)
    obs = {o["code"]["coding"][0]["code"]: o for o in _resources(b, "Observation")}
    t = obs["21899-0"]
    assert t["valueCodeableConcept"]["coding"][0]["code"] == "pT2a" and t["focus"] == [{"reference": url}]
    assert t["method"]["coding"][0]["code"] == "897275008"
    assert obs["21900-6"]["valueCodeableConcept"]["coding"][0]["code"] == "pN2"
    size = obs["21889-1"]
    assert [(c["code"]["coding"][0]["code"], c["valueQuantity"]["value"]) for c in size["component"]] == [
        ("33728-7", 3.2), ("33729-5", 2.8), ("33729-5", 2.0)]
    markers = [o for o in _resources(b, "Observation") if o.get("meta", {}).get("profile", [""])[0].endswith("tumor-marker-test")]
    assert {"2039-6", "10334-1"} <= {m["code"]["coding"][0]["code"] for m in markers}
    assert all(m["valueQuantity"]["system"] == "http://unitsofmeasure.org" for m in markers)
    ext = next(e for e in t["extension"] if e["url"].endswith("/extraction"))
    assert {x["url"] for x in ext["extension"]} >= {"field", "confidence", "status"}
    (prov,) = _resources(b, "Provenance")
    assert len(prov["target"]) == len(b["entry"]) - 1


@pytest.mark.parametrize("breakage, message", [
    (lambda b: b.update(type="batch"), "collection"),
    (lambda b: b.update(id="someone-else"), "Bundle.id"),
    (lambda b: b["entry"].append(copy.deepcopy(b["entry"][0])), "distinct"),
    (lambda b: _obs(b, "21899-0")["code"]["coding"][0].update(code="21900-6"), "must match its profile"),
    (lambda b: _obs(b, "21899-0").update(focus=[{"reference": "urn:uuid:00000000-0000-0000-0000-000000000000"}]),
     "does not resolve"),
    (lambda b: _obs(b, "21899-0")["method"]["coding"][0].update(code="443830009"), "897275008"),
    (lambda b: _obs(b, "21889-1")["component"].pop(0), "TumorSize"),
    (lambda b: _obs(b, "21889-1")["component"][0]["valueQuantity"].update(code="[in_i]"), "UCUM"),
    (lambda b: _obs(b, "2039-6").pop("valueQuantity"), "needs a value"),
])
def test_the_rules_catch_what_r4b_parsing_does_not(bundles: dict[str, dict], breakage, message) -> None:
    b = copy.deepcopy(_lung(bundles))
    breakage(b)
    assert any(message in e for e in check_bundle(b)), check_bundle(b)


def _obs(b: dict, loinc: str) -> dict:
    return next(o for o in _resources(b, "Observation") if o["code"]["coding"][0]["code"] == loinc)
