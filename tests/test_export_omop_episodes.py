"""The omop exporter's patients and episodes come from the patient assembler (no second implementation)."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from oncostruct.engine.cdm import Code, Record
from oncostruct.engine.exporters.export_input import person_ids
from oncostruct.engine.exporters.omop import build_tables
from tests.assembly_helpers import discharge, field, pathology, record

_ID = {1147127: "condition_occurrence", 1147082: "procedure_occurrence", 1147094: "drug_exposure"}
MRN_KEY = "3f2a" * 8  # a keyed hash as the patient-keys extractor writes it (never the MRN itself)


def _export(tmp_path: Path, *records: Record) -> tuple[dict[str, list[dict[str, Any]]], dict[str, Any]]:
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return build_tables(path, export_date=date(2024, 1, 1))


def _chemo(doc_id: str, when: str, **kw: Any) -> Record:
    drug = field("discharge.drugs[0]", "奥沙利铂 130mg", {"name": "奥沙利铂"}).model_copy(
        update={"code": Code(system="ATC", code="L01XA03")})
    return record(doc_id, "discharge", field("discharge.discharge_date", when), drug, when=when, **kw)


def test_documents_linked_by_header_mrn_are_one_person_with_one_first_occurrence(tmp_path: Path) -> None:
    tables, summary = _export(tmp_path, pathology("path1", mrn=MRN_KEY), discharge("dis1", mrn=MRN_KEY),
                              _chemo("chemo1", "2023-05-02", mrn=MRN_KEY), pathology("other", mrn="9" * 32))
    assert summary["persons"] == len(tables["person"]) == 2 and summary["persons_from_documents"] == 2
    assert summary["persons_linked_by_header"] == 1
    linked = next(p for p in tables["person"] if sum(n["person_id"] == p["person_id"] for n in tables["note"]) == 3)
    episodes = [e for e in tables["episode"] if e["person_id"] == linked["person_id"]]
    first = [e for e in episodes if e["episode_concept_id"] == 32528]
    assert len(first) == 1 and first[0]["episode_start_date"] == date(2023, 3, 20)
    assert first[0]["episode_source_value"] == "8140/3-C34.1"  # the diagnosis's condition
    treatments = [e for e in episodes if e["episode_concept_id"] == 32531]
    assert {e["episode_source_value"] for e in treatments} == {"surgery", "systemic_therapy"}
    assert all(e["episode_parent_id"] == first[0]["episode_id"] for e in treatments)
    # the other patient (another MRN) has its own person and its own first occurrence
    assert sum(e["episode_concept_id"] == 32528 for e in tables["episode"]) == 2
    # person ids are keyed pseudonyms, never the assembler's generated ids or the key hashes
    text = json.dumps(tables, default=str)
    assert "linked-" not in text and MRN_KEY not in json.dumps(tables["person"])


def test_episode_events_point_at_rows_the_exporter_wrote(tmp_path: Path) -> None:
    tables, summary = _export(tmp_path, pathology("path1", patient_id="P1"), discharge("dis1", patient_id="P1"),
                              _chemo("chemo1", "2023-05-02", patient_id="P1"))
    episodes = {e["episode_id"]: e for e in tables["episode"]}
    events = tables["episode_event"]
    by_table = {"measurement": {r["measurement_id"]: r for r in tables["measurement"]},
                **{t: {r[f"{t}_id"]: r for r in tables[t]} for t in _ID.values()}}
    seen = set()
    for ev in events:
        table = _ID.get(ev["episode_event_field_concept_id"], "measurement")  # unresolved CDM code: concept 0
        row = by_table[table][ev["event_id"]]
        assert row["person_id"] == episodes[ev["episode_id"]]["person_id"]
        seen.add((episodes[ev["episode_id"]]["episode_concept_id"], table))
    assert {(32528, "condition_occurrence"), (32528, "measurement"), (32531, "procedure_occurrence"),
            (32531, "drug_exposure")} <= seen
    # pT, pN of the diagnosis are its Cancer Modifier rows; the histology and site are its condition
    diag = next(e for e in episodes.values() if e["episode_concept_id"] == 32528)
    meas = {by_table["measurement"][ev["event_id"]]["measurement_source_value"] for ev in events
            if ev["episode_id"] == diag["episode_id"] and ev["episode_event_field_concept_id"] not in _ID}
    assert meas == {"p-AJCC/UICC-T2a", "p-AJCC/UICC-N1"}
    assert summary["episode_events_unresolved"] == {}
    assert len(events) == len({tuple(ev.values()) for ev in events})  # histology and site: one condition event
    # rows are dated as the assembler dates their documents (the episodes' dates), not with the export date
    cond = next(c for c in tables["condition_occurrence"] if c["condition_source_value"] == "8140/3-C34.1")
    assert cond["condition_start_date"] == diag["episode_start_date"] == date(2023, 3, 20)
    assert "P1" not in json.dumps(tables, default=str)


def test_an_event_without_an_exported_row_is_counted_not_written(tmp_path: Path) -> None:
    uncoded = record("path1", "pathology", field("pathology.histology", "腺癌"), patient_id="P1", when="2023-03-20")
    tables, summary = _export(tmp_path, uncoded)
    assert [e["episode_concept_id"] for e in tables["episode"]] == [32528]
    assert tables["episode_event"] == [] and summary["episode_events_unresolved"] == {"condition_occurrence": 1}


def test_person_ids_are_unique_31_bit_even_when_pseudonyms_collide() -> None:
    names = ["7fffffff" + "0" * 32, "ffffffff" + "0" * 32, "00000000" + "1" * 32, "00000000" + "2" * 32]
    ids = person_ids(names)
    assert len(set(ids.values())) == 4 and all(0 < i < 2**31 for i in ids.values())
    assert ids[names[2]] == 1 and ids[names[3]] == 2  # the later pseudonym takes the next free id


def test_fhir_bundles_the_linked_documents_of_one_patient_together(tmp_path: Path) -> None:
    from oncostruct.engine.exporters import get_exporter

    _export(tmp_path, pathology("path1", mrn=MRN_KEY), discharge("dis1", mrn=MRN_KEY), pathology("other", mrn="9" * 32))
    get_exporter("fhir").export(tmp_path / "records.jsonl", tmp_path)
    bundles = [json.loads(p.read_text()) for p in (tmp_path / "fhir").glob("*.json") if p.name != "summary.json"]
    assert len(bundles) == 2
    persons = {p["person_source_value"] for p in build_tables(tmp_path / "records.jsonl")[0]["person"]}
    assert {b["id"] for b in bundles} == persons  # the same pseudonymous patients as the OMOP export
    sources = sorted(len(next(e["resource"] for e in b["entry"] if e["resource"]["resourceType"] == "Provenance")
                         ["entity"]) for b in bundles)
    assert sources == [1, 2]  # the linked pathology report and discharge summary in one Bundle
