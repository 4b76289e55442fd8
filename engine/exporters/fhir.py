"""The ``fhir`` exporter: one FHIR R4 Bundle (type ``collection``) per pseudonymous patient, profiled on
mCODE STU3, written as ``OUT/fhir/<patient>.json`` plus ``OUT/fhir/summary.json``. The patients are the
assembler's, as in the OMOP export (:func:`.export_input.group_patients`).

Per patient: a CancerPatient (id = Bundle.id = the keyed pseudonym, no identifiers in clear); a
PrimaryCancerCondition per pathology diagnosis (ICD-O-3 topography code, histology-morphology-behavior
extension in ICD-O-3) and per primary cancer diagnosis of a discharge summary (ICD-10; C77–C79 become
SecondaryCancerCondition); TNM category and stage-group Observations (LOINC 21899-0/21900-6/21901-4/21902-2
pathological, 21905-5…21908-9 clinical; AJCC-coded values; method SNOMED 897275008 for AJCC 8th); a
TumorSize (21889-1 with 33728-7 / 33729-5 components); TumorMarkerTests (LOINC) and other lab results as
laboratory Observations; one Provenance naming the engine and the source documents. Confidence, review
status and the field path of each extracted resource ride in an ``extraction`` extension.

Every Bundle is parsed with ``fhir.resources.R4B`` and checked by :mod:`.fhir_rules`; a Bundle failing
either is not written and is listed under ``invalid`` in the summary.
"""
from __future__ import annotations

import json
import re
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from oncostruct.engine.errors import MissingDependencyError
from oncostruct.engine.exporters.export_input import Patient, group_patients, mapping, read_records
from oncostruct.engine.exporters.fhir_rules import check_bundle
from oncostruct.engine.exporters.omop.rows import stage_code, tnm_categories, tnm_prefix, ucum
from oncostruct.engine.settings import get_settings
from oncostruct.engine.version import __version__

FHIR_DIR = "fhir"
SUMMARY_FILE = "summary.json"
_NS = uuid.UUID("6f1c1f0e-2b7a-5d5e-9c61-0a0c0f57e001")
_CONDITION_CATEGORY = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category",
                                   "code": "encounter-diagnosis"}]}
_LAB_CATEGORY = [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                              "code": "laboratory"}]}]
_CONFIRMED = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed"}]}


class FhirExporter:
    name = "fhir"
    version = "1"
    description = "FHIR R4 mCODE STU3: one collection Bundle per patient, fhir/<patient>.json (validated)"

    def __init__(self, recorded: datetime | None = None) -> None:
        self.recorded = recorded

    def export(self, records_path: Path, out_dir: Path) -> list[Path]:
        try:
            from fhir.resources.R4B.bundle import Bundle
        except ImportError as exc:  # pragma: no cover - depends on the installed extras
            raise MissingDependencyError("the fhir export needs fhir.resources (pip install 'oncostruct[export]')") from exc
        out = out_dir / FHIR_DIR
        out.mkdir(parents=True, exist_ok=True)
        recorded = (self.recorded or datetime.now(timezone.utc)).isoformat(timespec="seconds")
        written, invalid, counts = [], {}, {}
        for patient in group_patients(read_records(records_path), get_settings().secret_key):
            bundle = build_bundle(patient, recorded)
            problems = check_bundle(bundle)
            try:
                Bundle.model_validate(bundle)
            except ValueError as exc:
                problems.append(f"fhir.resources.R4B: {exc}")
            if problems:
                invalid[patient.pseudonym] = problems
                continue
            for e in bundle["entry"]:
                rt = e["resource"]["resourceType"]
                counts[rt] = counts.get(rt, 0) + 1
            path = out / f"{patient.pseudonym}.json"
            path.write_text(json.dumps(bundle, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            written.append(path)
        summary = {"fhir_version": "4.0.1 (validated with fhir.resources.R4B)",
                   "mcode_version": mapping()["fhir"]["mcode_version"], "bundles": len(written),
                   "resources": dict(sorted(counts.items())), "invalid": invalid}
        path = out / SUMMARY_FILE
        path.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return [*written, path]


class _BundleBuilder:
    def __init__(self, patient: Patient) -> None:
        self.patient, self.fx = patient, mapping()["fhir"]
        self.sys, self.prof = self.fx["systems"], self.fx["profiles"]
        self.entries: list[dict[str, Any]] = []

    def url(self, local_id: str) -> str:
        return f"urn:uuid:{uuid.uuid5(_NS, f'{self.patient.pseudonym}/{local_id}')}"

    def add(self, resource: dict[str, Any]) -> dict[str, str]:
        url = self.url(resource["id"])
        self.entries.append({"fullUrl": url, "resource": resource})
        return {"reference": url}

    def coding(self, system: str, code: str, display: str | None = None) -> dict[str, Any]:
        c = {"system": self.sys[system], "code": code}
        return {**c, "display": display} if display else c

    def extraction(self, field: dict[str, Any] | None) -> list[dict[str, Any]]:
        if not field:
            return []
        src = field.get("source") or {}
        parts = [{"url": "field", "valueString": field["name"]},
                 {"url": "confidence", "valueDecimal": round(float(field.get("confidence", 0)), 4)},
                 {"url": "status", "valueCode": field.get("status") or "auto_accepted"}]
        if src:
            parts.append({"url": "source", "valueString": f"{src['kind']}:{src['name']}@{src['version']}"})
        return [{"url": self.fx["extraction_extension"], "extension": parts}]

    def observation(self, local_id: str, profile: str | None, code: dict[str, Any], field: dict[str, Any] | None,
                    subject: dict[str, str], **body: Any) -> dict[str, str]:
        res: dict[str, Any] = {"resourceType": "Observation", "id": local_id}
        if profile:
            res["meta"] = {"profile": [profile]}
        ext = self.extraction(field)
        if ext:
            res["extension"] = ext
        res.update({"status": "final", "code": {"coding": [code]}, "subject": subject, **body})
        return self.add(res)


def _fields(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in record["fields"]}


def build_bundle(patient: Patient, recorded: str) -> dict[str, Any]:
    """The patient's Bundle as FHIR JSON (not yet validated)."""
    b = _BundleBuilder(patient)
    subject = b.add({"resourceType": "Patient", "id": patient.pseudonym, "meta": {"profile": [b.prof["patient"]]},
                     "identifier": [{"system": b.sys["person"], "value": patient.pseudonym}]})
    for n, record in enumerate(patient.records):
        doc_key = f"doc{n}"
        fields = _fields(record)
        if record["document"]["doc_type"] == "pathology":
            _pathology(b, subject, doc_key, fields)
        _discharge_conditions(b, subject, doc_key, record)
        _labs(b, subject, doc_key, record, fields)
    targets = [{"reference": e["fullUrl"]} for e in b.entries]
    b.add({"resourceType": "Provenance", "id": "provenance", "target": targets, "recorded": recorded,
           "agent": [{"who": {"display": f"oncostruct {__version__}"}}],
           "entity": [{"role": "source", "what": {"identifier": {"system": "urn:oncostruct:source-sha256",
                                                                  "value": r["document"]["source_sha256"]}}}
                      for r in patient.records]})
    return {"resourceType": "Bundle", "id": patient.pseudonym, "type": "collection", "timestamp": recorded,
            "entry": b.entries}


def _pathology(b: _BundleBuilder, subject: dict[str, str], key: str, fields: dict[str, dict[str, Any]]) -> None:
    hist_f, topo_f = fields.get("pathology.histology"), fields.get("pathology.primary_site")
    hist, topo = (hist_f or {}).get("code"), (topo_f or {}).get("code")
    if not topo and not hist:
        return
    condition: dict[str, Any] = {"resourceType": "Condition", "id": f"{key}-condition",
                                 "meta": {"profile": [b.prof["primary"]]}}
    ext = []
    if hist and re.fullmatch(r"\d{4}/\d", hist["code"]):
        ext.append({"url": b.fx["histology_extension"],
                    "valueCodeableConcept": {"coding": [b.coding("icdo3", hist["code"], hist.get("display"))]}})
    ext += b.extraction(hist_f or topo_f)
    if ext:
        condition["extension"] = ext
    code = b.coding("icdo3", topo["code"], topo.get("display")) if topo else \
        b.coding("icdo3", hist["code"], hist.get("display"))
    condition.update({"verificationStatus": _CONFIRMED, "category": [_CONDITION_CATEGORY],
                      "code": {"coding": [code], "text": " ".join(str(f.get("normalized") or "") for f in
                                                                  (hist_f, topo_f) if f).strip() or None},
                      "subject": subject})
    if condition["code"]["text"] is None:
        del condition["code"]["text"]
    focus = b.add(condition)
    edition = (fields.get("pathology.ajcc_edition") or {}).get("normalized")
    method = {"method": {"coding": [b.coding("snomed", b.fx["ajcc_8th_method"], "AJCC 8th edition")]}} \
        if edition == 8 else {}
    for axis, f, prefix, category in tnm_categories(fields):
        loinc = b.fx["tnm_loinc"][prefix][axis]
        value = f"{prefix}{category}"
        b.observation(f"{key}-{axis}", b.prof[f"tnm_{axis.lower()}"], b.coding("loinc", loinc), f, subject,
                      focus=[focus], valueCodeableConcept={"coding": [b.coding("ajcc", value)], "text": str(f.get("value") or value)},
                      **method)
    stage_f = fields.get("pathology.ajcc_stage")
    if stage_f and isinstance(stage_f.get("normalized"), str):
        prefix = tnm_prefix((fields.get("pathology.pT") or {}).get("normalized"))
        b.observation(f"{key}-stage", b.prof["stage_group"], b.coding("loinc", b.fx["tnm_loinc"][prefix]["stage"]),
                      stage_f, subject, focus=[focus],
                      valueCodeableConcept={"coding": [b.coding("ajcc", stage_code(stage_f["normalized"]))],
                                            "text": stage_f["normalized"]}, **method)
    size_f = fields.get("pathology.tumor_size")
    dims = (size_f or {}).get("normalized")
    if isinstance(dims, list) and dims:
        dims = sorted((float(d) for d in dims), reverse=True)[:3]
        ts = b.fx["tumor_size"]
        comps = [{"code": {"coding": [b.coding("loinc", ts["longest"] if i == 0 else ts["other"])]},
                  "valueQuantity": {"value": d, "unit": "cm", "system": b.sys["ucum"], "code": "cm"}}
                 for i, d in enumerate(dims)]
        b.observation(f"{key}-size", b.prof["tumor_size"], b.coding("loinc", ts["code"]), size_f, subject,
                      focus=[focus], component=comps)


def _discharge_conditions(b: _BundleBuilder, subject: dict[str, str], key: str, record: dict[str, Any]) -> None:
    secondary = set(mapping()["secondary_icd10"])
    for f in record["fields"]:
        code = f.get("code")
        if not f["name"].startswith("discharge.diagnoses[") or not code or code["system"] != "ICD-10" \
                or not code["code"].upper().startswith("C"):
            continue
        profile = b.prof["secondary"] if code["code"][:3] in secondary else b.prof["primary"]
        n = f["name"].split("[")[1].rstrip("]")
        b.add({"resourceType": "Condition", "id": f"{key}-diagnosis-{n}", "meta": {"profile": [profile]},
               "extension": b.extraction(f), "category": [_CONDITION_CATEGORY],
               "code": {"coding": [b.coding("icd10", code["code"], code.get("display"))], "text": str(f.get("value"))},
               "subject": subject})


def _quantity(value: Any, unit: str | None) -> dict[str, Any]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        q: dict[str, Any] = {"value": float(value)}
        u = ucum(unit)
        if u:
            q.update(unit=u, system=mapping()["fhir"]["systems"]["ucum"], code=u)
        return {"valueQuantity": q}
    return {"valueString": str(value)}


def _labs(b: _BundleBuilder, subject: dict[str, str], key: str, record: dict[str, Any],
          fields: dict[str, dict[str, Any]]) -> None:
    markers = set(b.fx["tumor_marker_loinc"])
    rows = [(f"lab.results[{i}].value", r.get("loinc"), r.get("code") or r["item"], r.get("value"), r.get("unit"))
            for i, r in enumerate((record.get("lab") or {}).get("results", []))]
    rows += [(f["name"], f["code"]["code"] if f.get("code") and f["code"]["system"] == "LOINC" else None,
              f["normalized"].get("name"), f["normalized"].get("value"), f["normalized"].get("unit") or f.get("unit"))
             for f in record["fields"]
             if f["name"].startswith("discharge.tumor_markers[") and isinstance(f.get("normalized"), dict)]
    for n, (name, loinc, item, value, unit) in enumerate(rows):
        if not loinc or value is None:
            continue  # no LOINC code or no value read: it stays in the OMOP export (MEASUREMENT, NOTE_NLP) only
        profile = b.prof["tumor_marker"] if loinc in markers else None
        b.observation(f"{key}-lab-{n}", profile, b.coding("loinc", loinc, item), fields.get(name), subject,
                      category=_LAB_CATEGORY, **_quantity(value, unit))
