"""De-identification round 7 (issue 18): English names with particles, role cues, DICOM names and tags, dash
signatures, spelled-out names; names cut before what follows them; organisations by title line, ampersand, cue
and suffix; propagation across a patient's documents (detector, component, pipeline, bench).

Every text here is invented for this file; each mechanism has a case it must find and one it must leave alone.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from oncostruct.extractors.deid.component import DeidComponent
from oncostruct.extractors.deid.config import PatientPropagation
from oncostruct.extractors.deid.detect import PhiDetector
from oncostruct.extractors.deid.patient import PatientMemory, detect_documents
from tests.deid_helpers import covered


@pytest.fixture(scope="module")
def detector() -> PhiDetector:
    return PhiDetector()


def found(detector: PhiDetector, text: str, lang: str = "en") -> set[tuple[str, str]]:
    return {(s.category, text[s.start:s.end]) for s in detector.detect(text, lang)}


# --- names with particles, cues and shapes ---------------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("Seen with Dr. Ottoline St. Clair today.\nLater Dr. St. Clair apologized for the delay.", "St. Clair"),
    ("Note lists given name 'Berenice' and surname 'van der Hoek' in line 3.", "van der Hoek"),
    ("Action: return batch; notify PI Ysolde K. D'Abruzzo and the board.", "Ysolde K. D'Abruzzo"),
    ("Meeting with Dr. Hal Brennick and SW Perpetua O'Shaughnessy.", "Perpetua O'Shaughnessy"),
    ("Name: Lavinia Q. Dragomir  a.k.a. L. Dragomir\n", "L. Dragomir"),
    ("[09:12] Waiting room: participant 'Harriet R.' joined from 10.1.2.3", "Harriet R."),
    ("Date: 01/02/2021   Driver/Tech: Quillon T. Vasquez-Ede\nShip to: home", "Quillon T. Vasquez-Ede"),
    ("please call me at 555-201-3344 — Oswin A.\" \n", "Oswin A."),
    ("This is Barnaby Quillerby, that's spelled T-H-I-S-T-L-E-W-O-O-D, record follows.", "T-H-I-S-T-L-E-W-O-O-D"),
    ("[00:03:11] Mabel Okonjo (nurse navigator): the pump is ready", "Mabel Okonjo"),
    ("Chidiebere Okafor and Robert K. MacAllister at the front desk were kind.", "Robert K. MacAllister"),
])
def test_english_names_with_particles_cues_and_shapes(detector: PhiDetector, text: str, name: str) -> None:
    assert covered(detector, text, name, "en")


@pytest.mark.parametrize("text, value", [
    ("Provider: Anh Abernathy, MD, Lakeshore Medical Center, 12 Elm Rd", "Lakeshore Medical Center"),
    ("— Chaplain Anh Castillo, M.Div., BCC   pager 555-201-3344", "M.Div."),
    ("Spoke with Evelyn Marchesini's office about the slides.", "'s office"),
])
def test_an_english_name_stops_before_what_follows_it(detector: PhiDetector, text: str, value: str) -> None:
    start = text.index(value)
    assert not any(s.category == "NAME" and s.start <= start < s.end for s in detector.detect(text, "en"))


@pytest.mark.parametrize("text", [
    "Timestamp | User | IP | Action\n2021-07-08 | Wendell Ruiz | 10.1.1.2 | VIEW Problem List\n",
    "Faith tradition: Roman Catholic. Ancestry: West African.",
    "Dear Administrator,\nthe patient cannot serve.",
    "Attending Physician's Report\nClaim No.: CLM4411",
])
def test_table_values_religions_and_salutations_are_no_names(detector: PhiDetector, text: str) -> None:
    names = {v for c, v in found(detector, text) if c == "NAME"}
    assert not names & {"VIEW Problem List", "Roman Catholic", "West African", "Administrator", "Physician's"}


# --- DICOM and structured values -------------------------------------------------------------------------------

DICOM = ("# dcmdump\n(0008,0030) TM [101500]                 #  StudyTime\n"
         "(0008,0080) LO [Fairhaven Regional]    #  InstitutionName\n"
         "(0010,0010) PN [QUILLFEATHER^ODO^J]   #  PatientName\n"
         "(0010,0020) LO [ZX88120034]            #  PatientID\n"
         "(0010,0040) CS [M]                     #  PatientSex\n")


def test_dicom_tags_decide_their_values(detector: PhiDetector) -> None:
    got = found(detector, DICOM)
    assert {("ORGANIZATION", "Fairhaven Regional"), ("NAME", "QUILLFEATHER^ODO^J"),
            ("RECORD_NUMBER", "ZX88120034")} <= got
    assert not any(v in ("101500", "M") for _, v in got)  # a time and a code string hold no PHI


def test_pydicom_person_name_and_caret_names(detector: PhiDetector) -> None:
    assert covered(detector, "(0010, 0010) Patient's Name        PN: 'DOE^JANE'\n", "DOE^JANE", "en")
    assert covered(detector, "Requesting: SMITH-JONES^HIROSHI for review", "SMITH-JONES^HIROSHI", "en")
    assert not any(c == "NAME" for c, _ in found(detector, "OBR|1||CBC^Complete Blood Count^L|"))


def test_fhir_name_lists_and_chat_openids(detector: PhiDetector) -> None:
    text = '{"name": [{"family": "Quenby", "given": ["Odile", "M"]}], "chat_openid": "oQx71-kd93Ls"}'
    got = found(detector, text)
    assert {("NAME", "Quenby"), ("NAME", "Odile"), ("CONTACT", "oQx71-kd93Ls")} <= got


# --- organisations ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, org", [
    ("Oxyflow — Delivery / Set-up Ticket\nPatient: x", "Oxyflow"),
    ("TELEHEALTH SESSION LOG — Vidicall.io\nSession: 1", "Vidicall.io"),
    ("Practice: Harlan Morrow & Finch   Tel 555-201-3344", "Harlan Morrow & Finch"),
    ("reported that a coworker at Zentrix knew about it", "Zentrix"),
    ("Section I (Employer): Bramblemart   Employee: x", "Bramblemart"),
    ("requested clergy of Wat Lao of Dayton.\nPlan:", "Wat Lao of Dayton"),
    ("notify the board and IRB (Northstar IRB).", "Northstar IRB"),
    ("Jury Administrator\nCalloway County District Court\nJuror #: 1", "Calloway County District Court"),
    ("v.\nMaplewood Senior Living LLC, Defendant", "Maplewood Senior Living LLC"),
    ("Sponsor: Orvane Biologics, Inc.\n", "Orvane Biologics, Inc."),
])
def test_english_organisations_by_title_line_ampersand_cue_and_suffix(detector: PhiDetector, text: str,
                                                                        org: str) -> None:
    assert covered(detector, text, org, "en")


@pytest.mark.parametrize("text", [
    "SURGICAL PATHOLOGY REPORT — page 2\nDiagnosis: benign",
    "Sections stained with Hematoxylin & Eosin show tumour.",
    "Conclusion: no relationship; referred to HR.\n",
    "Crew: Raj Kaczmarek (Paramedic), Darnell Brennan (EMT-B)",
])
def test_no_organisation_in_titles_stains_and_roles(detector: PhiDetector, text: str) -> None:
    assert not any(c == "ORGANIZATION" for c, _ in found(detector, text))


# --- propagation across a patient's documents -----------------------------------------------------------------

DOCS = [("Patient: Okonkwo, Rosalind   MRN 55123987\nEmergency Contact: Margarethe Okonkwo-Bell, phone 555-201-3344", "P1"),
        ("Margarethe came with her today. Record 55123987 reviewed. Rosalind is well.", "P1"),
        ("Rosalind is well.", "P2")]


def test_values_of_one_document_are_redacted_in_the_patients_other_documents(detector: PhiDetector) -> None:
    spans = detect_documents(detector, [(t, "en", p) for t, p in DOCS])
    text = DOCS[1][0]
    got = {text[s.start:s.end] for s in spans[1]}
    assert {"Margarethe", "55123987", "Rosalind"} <= got
    # another patient learns nothing from P1 (s21: its own rules may still read "Rosalind is well." as a name)
    assert not any(s.rule == "deid.patient_propagated" for s in spans[2])
    assert not any(s.rule == "deid.patient_propagated" for s in detector.detect(text, "en"))  # alone: not found


def test_patient_memory_keeps_only_sure_values_of_its_categories_and_is_bounded(detector: PhiDetector) -> None:
    memory = PatientMemory(PatientPropagation(categories=["NAME"], min_confidence=0.85), max_patients=2)
    text = DOCS[0][0]
    memory.learn("P1", text, detector.detect(text, "en"))
    assert memory.known("P1") and all(c == "NAME" and conf >= 0.85 for _, c, conf in memory.known("P1"))
    memory.learn("P2", "x", [])
    memory.learn("P3", "x", [])
    assert memory.known("P1") == [] and memory.known(None) == []


def test_component_prepare_carries_values_to_the_patients_other_documents() -> None:
    component = DeidComponent()
    component.prepare([(t, p) for t, p in DOCS])
    out = component.deidentify(DOCS[1][0], language="en", patient="P1", key=b"k")
    assert "Margarethe" not in out.text and "55123987" not in out.text
    alone = DeidComponent().deidentify(DOCS[1][0], language="en", patient="P1", key=b"k")
    assert "Margarethe" in alone.text  # without the batch, the bare given name is not known


def test_pipeline_batch_groups_documents_by_patient() -> None:
    from oncostruct.engine.pipeline import Pipeline
    from oncostruct.engine.settings import Settings

    pipe = Pipeline(Settings(deidentify=True, secret_key="k", extract_timeout_s=None))
    records = list(pipe.pipe([(t, {"patient_id": p, "doc_type": "other"}) for t, p in DOCS[:2]]))
    assert "Margarethe" not in records[1].model_dump_json()


def test_bench_groups_by_patient_and_per_document_does_not(tmp_path: Path) -> None:
    from oncostruct.eval.deid import run, run_per_document

    rows = []
    for i, (text, patient) in enumerate(DOCS[:2]):
        phi = [{"start": text.index(v), "end": text.index(v) + len(v), "category": "NAME", "text": v}
               for v in ("Margarethe",) if v in text]
        rows.append({"doc_id": f"d{i}", "patient_id": patient, "lang": "en", "text": text, "phi": phi})
    data = tmp_path / "phi.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    grouped, alone = run(data), run_per_document(data)
    assert grouped["grouping"] == "by patient_id" and alone["grouping"] == "per document"
    assert grouped["per_category"]["NAME"]["char"]["recall"] > alone["per_category"]["NAME"]["char"]["recall"]


def test_patient_memory_carries_chinese_names_not_two_character_words() -> None:
    from oncostruct.extractors.deid.detect import PhiSpan

    detector = PhiDetector()
    memory = PatientMemory(PatientPropagation(categories=["NAME"]), zh_surname=detector.zh_surname)
    text = "职称 阿依古丽·买买提 邱丽娟 上 官 霞"
    spans = [PhiSpan(text.index(v), text.index(v) + len(v), "NAME", 0.9, "t") for v in
             ("职称", "阿依古丽·买买提", "邱丽娟", "上 官 霞")]
    memory.learn("P1", text, spans)
    assert {v for v, _, _ in memory.known("P1")} == {"阿依古丽·买买提", "邱丽娟", "上 官 霞"}


def test_wrapped_urls_and_wechat_openid_keys(detector: PhiDetector) -> None:
    text = "问诊链接：https://hlwyy.example.cn/consult?pid=910\n69014\n用户：好的"
    assert covered(detector, text, "https://hlwyy.example.cn/consult?pid=910\n69014", "zh")
    assert not covered(detector, "链接 https://a.example.cn/x\n用户：好", "用户", "zh")  # a next line of words stays
    assert covered(detector, '{"wechat_openid": "oZQ81-KD93LSX"}', "oZQ81-KD93LSX", "zh")
