"""The mCODE (STU3) rules the ``fhir`` exporter's Bundles must meet, beyond what ``fhir.resources.R4B`` checks.

``fhir.resources`` validates structure only (no code values, profiles or invariants). These rules cover the
fixed codes, cardinalities and references this exporter emits; the codes come from
engine/data/omop_mapping.yaml (``fhir``). :func:`check_bundle` returns the violations (empty when none).
"""
from __future__ import annotations

import re
from typing import Any

from oncostruct.engine.exporters.export_input import mapping

_ICDO3_MORPHOLOGY = re.compile(r"\d{4}/\d")


def _codes(concept: dict[str, Any] | None, system: str) -> list[str]:
    return [c.get("code") for c in (concept or {}).get("coding", []) if c.get("system") == system]


def _profile(resource: dict[str, Any]) -> str | None:
    profiles = resource.get("meta", {}).get("profile", [])
    return profiles[0] if profiles else None


def check_bundle(bundle: dict[str, Any]) -> list[str]:
    """mCODE rule violations of one patient Bundle (as JSON)."""
    fx = mapping()["fhir"]
    prof, sys = fx["profiles"], fx["systems"]
    errors: list[str] = []
    if bundle.get("resourceType") != "Bundle" or bundle.get("type") != "collection":
        errors.append("Bundle.type must be 'collection'")
    entries = bundle.get("entry", [])
    urls = {e.get("fullUrl"): e.get("resource", {}) for e in entries}
    if len(urls) != len(entries) or not all(str(u).startswith("urn:uuid:") for u in urls):
        errors.append("every entry needs a distinct urn:uuid fullUrl")
    patients = [r for r in urls.values() if r.get("resourceType") == "Patient"]
    if len(patients) != 1:
        errors.append(f"a Bundle holds exactly one Patient, not {len(patients)}")
    elif patients[0].get("id") != bundle.get("id") or _profile(patients[0]) != prof["patient"]:
        errors.append("Bundle.id must equal the CancerPatient's id (and the Patient must claim CancerPatient)")

    def target(ref: dict[str, Any] | None, kind: str, where: str) -> dict[str, Any] | None:
        res = urls.get((ref or {}).get("reference"))
        if res is None or res.get("resourceType") != kind:
            errors.append(f"{where}: reference does not resolve to a {kind} in the Bundle")
        return res

    tnm = {v: (prefix, axis) for prefix, axes in fx["tnm_loinc"].items() for axis, v in axes.items()}
    tnm_profiles = {"T": prof["tnm_t"], "N": prof["tnm_n"], "M": prof["tnm_m"], "stage": prof["stage_group"]}
    for url, r in urls.items():
        kind, where, profile = r.get("resourceType"), f"{r.get('resourceType')}/{r.get('id')}", _profile(r)
        if kind in ("Condition", "Observation"):
            target(r.get("subject"), "Patient", f"{where}.subject")
        for ext in r.get("extension", []):
            if ext.get("url") == fx["extraction_extension"]:
                conf = [e.get("valueDecimal") for e in ext.get("extension", []) if e.get("url") == "confidence"]
                if len(conf) != 1 or not 0 <= float(conf[0]) <= 1:
                    errors.append(f"{where}: the extraction extension needs one confidence in [0, 1]")
        if kind == "Condition" and profile in (prof["primary"], prof["secondary"]):
            if not r.get("code", {}).get("coding"):
                errors.append(f"{where}: a cancer condition needs a coded Condition.code")
            if not r.get("category"):
                errors.append(f"{where}: Condition.category is required (US Core)")
            hist = [e for e in r.get("extension", []) if e.get("url") == fx["histology_extension"]]
            if len(hist) > 1 or any(not all(_ICDO3_MORPHOLOGY.fullmatch(c or "") for c in
                                            _codes(h.get("valueCodeableConcept"), sys["icdo3"])) or
                                    not _codes(h.get("valueCodeableConcept"), sys["icdo3"]) for h in hist):
                errors.append(f"{where}: histology-morphology-behavior is 0..1 with an ICD-O-3 morphology code")
        if kind != "Observation":
            continue
        loinc = _codes(r.get("code"), sys["loinc"])
        if r.get("status") not in ("final", "amended", "corrected", "preliminary"):
            errors.append(f"{where}: status must be a result status")
        if profile in tnm_profiles.values():
            axis = next((tnm[c][1] for c in loinc if c in tnm), None)
            if axis is None or tnm_profiles[axis] != profile:
                errors.append(f"{where}: a TNM Observation's LOINC code must match its profile")
            if not _codes(r.get("valueCodeableConcept"), sys["ajcc"]):
                errors.append(f"{where}: a TNM Observation needs an AJCC-coded value")
            method = r.get("method")
            if method is not None and _codes(method, sys["snomed"]) != [fx["ajcc_8th_method"]]:
                errors.append(f"{where}: the staging method is SNOMED {fx['ajcc_8th_method']} (AJCC 8th)")
            focus = r.get("focus", [])
            if len(focus) != 1:
                errors.append(f"{where}: a TNM Observation has exactly one focus (its cancer condition)")
            else:
                target(focus[0], "Condition", f"{where}.focus")
        elif profile == prof["tumor_size"]:
            comps = [_codes(c.get("code"), sys["loinc"]) for c in r.get("component", [])]
            ts = fx["tumor_size"]
            if loinc != [ts["code"]] or sum(c == [ts["longest"]] for c in comps) != 1 or \
                    sum(c == [ts["other"]] for c in comps) > 2 or len(comps) > 3:
                errors.append(f"{where}: TumorSize is {ts['code']} with one {ts['longest']} and at most two "
                              f"{ts['other']} components")
            for c in r.get("component", []):
                q = c.get("valueQuantity", {})
                if q.get("system") != sys["ucum"] or q.get("code") not in ("cm", "mm"):
                    errors.append(f"{where}: tumour dimensions are UCUM cm or mm")
        elif profile == prof["tumor_marker"]:
            if not loinc or loinc[0] not in fx["tumor_marker_loinc"]:
                errors.append(f"{where}: a TumorMarkerTest is coded with a tumour-marker LOINC code")
            if not any(v in r for v in ("valueQuantity", "valueCodeableConcept", "valueString", "valueRatio")):
                errors.append(f"{where}: a TumorMarkerTest needs a value")
    return errors
