"""Patient assembly: linking rules, precedence and recency, gap filling, conflicts, episodes."""
from __future__ import annotations

from oncostruct.engine.assembly import assemble
from oncostruct.engine.assembly.config import load_config
from oncostruct.engine.assembly.model import PatientRecord
from oncostruct.engine.cdm import FieldStatus
from tests.assembly_helpers import discharge, field, pathology, record, tnm


def _one(patients: list[PatientRecord]) -> PatientRecord:
    assert len(patients) == 1, [p.documents for p in patients]
    return patients[0]


def _field(p: PatientRecord, name: str):
    (f,) = [f for f in p.fields if f.name == name]
    return f


def _links(p: PatientRecord) -> dict:
    return {link.doc_id: link for link in p.links}


# --- linking ------------------------------------------------------------------------------


def test_explicit_patient_ids_link_and_never_merge_across_ids() -> None:
    patients = assemble([pathology("a", patient_id="P1", mrn="k1"), discharge("b", patient_id="P1"),
                         pathology("c", patient_id="P2", mrn="k1")])
    assert {p.patient_id: p.documents for p in patients} == {"P1": ["a", "b"], "P2": ["c"]}
    assert all(link.rule == "patient_id" and link.confidence == 1.0 for p in patients for link in p.links)


def test_mrn_hash_links_a_document_without_patient_id() -> None:
    p = _one(assemble([pathology("a", patient_id="P1", mrn="k1"), discharge("b", mrn="k1")]))
    link = _links(p)["b"]
    assert (link.rule, link.confidence, link.status, link.linked_to) == ("mrn", 0.99, FieldStatus.auto_accepted, "a")


def test_name_birth_date_sex_links_without_mrn() -> None:
    p = _one(assemble([pathology("a", patient_id="P1", name="n", birth_date="d", sex="s"),
                       discharge("b", name="n", birth_date="d", sex="s")]))
    assert _links(p)["b"].rule == "name_birth_date_sex"
    assert _links(p)["b"].status is FieldStatus.auto_accepted


def test_weak_or_contradicted_links_go_to_review() -> None:
    weak = _one(assemble([pathology("a", patient_id="P1", name="n", birth_date="d"), discharge("b", name="n", birth_date="d")]))
    assert _links(weak)["b"].status is FieldStatus.needs_review and weak.needs_review
    contradicted = _one(assemble([pathology("a", patient_id="P1", mrn="k", birth_date="d1"),
                                  discharge("b", mrn="k", birth_date="d2")]))
    link = _links(contradicted)["b"]
    assert link.rule == "mrn+birth_date_differs" and link.status is FieldStatus.needs_review


def test_same_name_different_birth_date_stays_apart() -> None:
    patients = assemble([pathology("a", patient_id="P1", name="n", birth_date="d1", sex="s"),
                         discharge("b", name="n", birth_date="d2", sex="s")])
    assert sorted(len(p.documents) for p in patients) == [1, 1]
    assert next(p for p in patients if p.documents == ["b"]).patient_id.startswith("linked-")


def test_documents_without_id_link_among_themselves() -> None:
    p = _one(assemble([pathology("a", mrn="k"), discharge("b", mrn="k"), record("c", "petct", mrn="k")]))
    assert p.patient_id.startswith("linked-") and sorted(p.documents) == ["a", "b", "c"]


# --- reconciliation -----------------------------------------------------------------------


def test_pathology_beats_discharge_and_dates_come_from_discharge() -> None:
    p = _one(assemble([discharge(patient_id="P1"), pathology(patient_id="P1")]))
    histology = _field(p, "pathology.histology")
    assert histology.value == "浸润性腺癌" and histology.rule == "precedence"
    assert [s.doc_id for s in histology.sources] == ["path1", "dis1"]  # the discharge agrees (a broader term)
    assert _field(p, "discharge.discharge_date").sources[0].doc_id == "dis1"
    assert load_config().reconcile.visit_level == ["discharge.admission_date", "discharge.discharge_date"]


def test_recency_breaks_ties_between_sources_of_one_type() -> None:
    p = _one(assemble([pathology("old", pT="T2a", when="2022-01-01", patient_id="P1"),
                       pathology("new", pT="T2a", when="2023-01-01", patient_id="P1")]))
    pT = _field(p, "pathology.pT")
    assert pT.rule == "recency" and pT.sources[0].doc_id == "new"


def test_lymph_node_count_missing_from_discharge_is_filled_from_pathology() -> None:
    p = _one(assemble([discharge(patient_id="P1"), pathology(patient_id="P1")]))
    ln = _field(p, "pathology.ln_examined")
    assert ln.normalized == 15 and ln.status is FieldStatus.auto_accepted
    assert [(s.doc_id, s.field, s.doc_type) for s in ln.sources] == [("path1", "pathology.ln_examined", "pathology")]
    assert ln.filled_gaps == ["dis1"]


def test_planted_pT_conflict_goes_to_conflicts_and_review() -> None:
    p = _one(assemble([pathology(pT="T1b", patient_id="P1"), discharge(pT="T2a", patient_id="P1")]))
    (conflict,) = p.conflicts
    assert conflict.name == "pathology.pT" and conflict.doc_ids == ["path1", "dis1"]
    assert [v["category"] for v in conflict.values] == ["T1b", "T2a"]
    pT = _field(p, "pathology.pT")
    assert pT.status is FieldStatus.needs_review and pT.normalized["category"] == "T1b"
    assert "assembly.conflict" in (pT.review_reason or "")


def test_refinements_and_nos_codes_are_not_conflicts() -> None:
    p = _one(assemble([pathology(pT="T1b", patient_id="P1"), discharge(pT="T1", patient_id="P1")]))
    assert p.conflicts == []
    squam = record("x", "discharge", field("pathology.histology", "鳞癌", "Squamous cell carcinoma", "8070/3"), patient_id="P1")
    assert [c.name for c in _one(assemble([pathology(patient_id="P1"), squam])).conflicts] == ["pathology.histology"]


def test_laterality_is_derived_and_conflicts_are_found() -> None:
    left = record("d2", "discharge", field("pathology.primary_site", "左肺上叶", "Left upper lobe of lung", "C34.1",
                                           laterality="left"), patient_id="P1")
    p = _one(assemble([pathology(patient_id="P1"), left]))
    assert _field(p, "pathology.laterality").normalized == "right"
    assert [c.name for c in p.conflicts] == ["pathology.laterality"]


def test_model_inferences_never_contradict_statements() -> None:
    inferred = field("pathology.ajcc_stage", None, "II").model_copy(update={"inferred": True})
    stated = field("pathology.ajcc_stage", "IB")
    p = _one(assemble([record("a", "pathology", inferred, patient_id="P1"), record("b", "discharge", stated, patient_id="P1")]))
    assert p.conflicts == [] and _field(p, "pathology.ajcc_stage").normalized == "IB"


# --- episodes -----------------------------------------------------------------------------


def _chemo(doc_id: str, when: str, *drugs: tuple[str, str]) -> object:
    fields = [field(f"discharge.drugs[{i}]", n, {"name": n}, code) for i, (n, code) in enumerate(drugs)]
    return record(doc_id, "discharge", *fields, field("discharge.discharge_date", when), patient_id="P1", when=when)


def test_episodes_with_omop_concepts() -> None:
    scan = record("scan", "petct", field("imaging.lesions[0].conclusion", "肝脏多发转移，较前进展"),
                  field("imaging.metastasis_sites[0]", "肝脏"), patient_id="P1", when="2024-01-10")
    records = [pathology(patient_id="P1"), discharge(patient_id="P1"),
               _chemo("c1", "2023-04-20", ("pemetrexed", "L01BA04"), ("carboplatin", "L01XA02")),
               _chemo("c2", "2023-05-11", ("pemetrexed", "L01BA04")),
               _chemo("c3", "2023-08-01", ("docetaxel", "L01CD02")), scan]
    p = _one(assemble(records))
    kinds = [(e.kind, e.concept_id, e.line) for e in p.episodes]
    assert ("diagnosis", 32528, None) in kinds and ("surgery", 32531, None) in kinds
    assert [e.line for e in p.episodes if e.kind == "systemic_therapy"] == [1, 2]
    first_line = next(e for e in p.episodes if e.line == 1)
    assert (first_line.start, first_line.end) == ("2023-04-20", "2023-05-11")
    progression = next(e for e in p.episodes if e.kind == "progression")
    assert (progression.concept_id, progression.start, progression.events[0].doc_id) == (32677, "2024-01-10", "scan")
    diagnosis = next(e for e in p.episodes if e.kind == "diagnosis")
    assert diagnosis.start == "2023-03-20" and {"pathology.pT", "pathology.histology"} <= {e.name for e in diagnosis.events}


def test_follow_up_imaging_does_not_supply_the_primary_site() -> None:
    staging = record("ct0", "ct", field("imaging.primary_site[0]", "右肺上叶", "右肺上叶", "C34.1"), patient_id="P1",
                     when="2023-03-01")
    follow_up = record("ct1", "petct", field("imaging.primary_site[0]", "肝", "肝", "C22.0"), patient_id="P1",
                       when="2023-09-01")
    p = _one(assemble([pathology(patient_id="P1"), staging, follow_up]))
    site = _field(p, "pathology.primary_site")
    assert [s.doc_id for s in site.sources] == ["path1", "ct0"] and p.conflicts == []
    lobe = record("ct2", "ct", field("imaging.primary_site[0]", "右肺下叶", "右肺下叶", "C34.3"), patient_id="P1",
                  when="2023-03-01")
    assert [c.name for c in _one(assemble([pathology(patient_id="P1"), lobe])).conflicts] == ["pathology.primary_site"]


def test_radiotherapy_and_recurrence_episodes() -> None:
    rt = record("rt", "discharge", field("discharge.procedures[0]", "胸部调强放疗 60Gy/30f",
                                         {"name": "胸部调强放疗 60Gy/30f", "date": "2023-06-01"}),
                patient_id="P1", when="2023-07-01")
    scan = record("scan", "ct", field("imaging.lesions[0].conclusion", "右肺门肿块，考虑肿瘤复发"), patient_id="P1",
                  when="2024-02-01")
    kinds = {e.kind: e for e in _one(assemble([pathology(patient_id="P1"), rt, scan])).episodes}
    assert kinds["radiotherapy"].start == "2023-06-01" and kinds["radiotherapy"].concept_id == 32531
    assert kinds["recurrence"].concept_id == 32529 and "progression" not in kinds


def test_omop_episode_and_episode_event_rows() -> None:
    from oncostruct.engine.assembly.omop import episode_rows

    p = _one(assemble([pathology(patient_id="P1"), discharge(patient_id="P1")]))
    episodes, events = episode_rows([p])
    by_kind = {e["episode_source_value"]: e for e in episodes}
    assert by_kind["diagnosis"]["episode_concept_id"] == 32528
    assert by_kind["surgery"]["episode_parent_id"] == by_kind["diagnosis"]["episode_id"]
    assert by_kind["diagnosis"]["episode_parent_id"] is None and by_kind["surgery"]["person_source_value"] == "P1"
    assert {"procedure_occurrence", "condition_occurrence"} <= {e["event_table"] for e in events}
    assert "path1#pathology.pT" in {e["event_source_value"] for e in events}
    assert episode_rows([p]) == (episodes, events)  # stable ids


def test_admission_note_joins_the_stay_and_fills_or_contradicts_its_date() -> None:
    note = record("note", "other", field("discharge.admission_date", "2023-03-12"), patient_id="P1")
    p = _one(assemble([discharge(patient_id="P1"), note]))
    (conflict,) = p.conflicts
    assert conflict.name == "discharge.admission_date" and conflict.doc_ids == ["dis1", "note"]
    no_date = record("dis2", "discharge", field("discharge.discharge_date", "2023-03-25"), patient_id="P1")
    same = record("note", "other", field("discharge.admission_date", "2023-03-10"), patient_id="P1")
    p = _one(assemble([no_date, same]))
    (admission,) = [f for f in p.fields if f.name == "discharge.admission_date"]
    assert admission.sources[0].doc_id == "note" and admission.filled_gaps == ["dis2"] and p.conflicts == []
