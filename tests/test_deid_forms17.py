"""Once found, found everywhere (issue 18, session 17): a found value's other written forms are redacted too
(:mod:`extractors.deid.variants`, looked for by :mod:`extractors.deid.propagate`).

Every name, number and organisation here is invented for this file.
"""
from __future__ import annotations

import multiprocessing as mp

import pytest

from oncostruct.extractors.deid import variants
from oncostruct.extractors.deid.detect import PhiDetector
from oncostruct.extractors.deid.patient import detect_documents
from oncostruct.extractors.deid.zh_pinyin import romanised

from deid_helpers import covered

_COMPOUND = frozenset({"欧阳", "司马"})


@pytest.fixture(scope="module")
def detector() -> PhiDetector:
    return PhiDetector()


# --- the generators -----------------------------------------------------------------------------------------------

def test_heteronyms_keep_every_reading() -> None:
    readings = {" ".join(r) for r in romanised("曾")}
    assert {"zeng", "ceng"} <= readings
    assert {" ".join(r) for r in romanised("吕")} >= {"lv", "lu", "lyu"}   # ü as passports write it


def test_pinyin_forms_both_orders_and_compound_surname() -> None:
    forms = variants.pinyin_forms("石建伟", _COMPOUND)
    assert {"shi jian_wei", "jian_wei shi"} <= forms
    assert "ouyang xiao_lin" in variants.pinyin_forms("欧阳晓林", _COMPOUND)
    assert {"bai xue", "xue bai"} <= variants.pinyin_forms("柏雪", _COMPOUND)   # 柏 also reads bo


def test_pinyin_guard_short_names() -> None:
    assert "li na" not in variants.pinyin_forms("李娜", _COMPOUND, min_letters=5)   # four letters
    assert variants.pinyin_forms("李", _COMPOUND) == set()


def test_person_forms_surname_first() -> None:
    forms = variants.person_forms("Marguerite Quennell")
    assert {"Quennell, Marguerite", "QUENNELL, M", "Quennell, M.", "QUENNELL^MARGUERITE", "M. Quennell",
            "Marguerite QUENNELL"} <= forms
    assert "Quell, Ansel" in variants.person_forms("QUELL, Ansel")
    assert variants.person_forms("Ansel") == set()


def test_acronyms_and_their_guards() -> None:
    assert variants.acronyms("Harbour Vale Medical Centre", set()) == {"HVMC"}
    assert variants.acronyms("Tidewater Oncology & Haematology", set()) == {"TOH"}
    assert variants.acronyms("Ridge Hospital", set()) == set()   # two letters: too short
    assert variants.acronyms("Midland Regional Infirmary", {"MRI"}) == set()   # a known abbreviation
    assert variants.acronyms("Fernhill Community Clinic, Westbury", set()) == {"FCC"}


def test_skeleton() -> None:
    assert variants.skeleton("139-1234-5678") == "13912345678"
    assert variants.skeleton("(415) 730-9152") == "4157309152"
    assert variants.skeleton("12-345") is None   # too short to look for with any separators


# --- the detector ---------------------------------------------------------------------------------------------------

def test_chinese_name_in_pinyin(detector: PhiDetector) -> None:
    text = "[PAT_NAME]石建伟\n[PAT_NAME_PY]SHI JIANWEI\n英文摘要：Jianwei Shi，SHI, JIAN-WEI 复诊"
    for form in ("SHI JIANWEI", "Jianwei Shi"):
        assert covered(detector, text, form, "zh")


def test_pinyin_in_lower_case_is_not_a_name(detector: PhiDetector) -> None:
    text = "患者：石建伟\nnote: shi jianwei typed in lower case"
    assert not covered(detector, text, "shi jianwei", "zh")


def test_english_surname_first_and_after_a_title(detector: PhiDetector) -> None:
    text = ("Consultant: Dr Eamon Brightwater\nSpecimen collected by: Brightwater\n"
            "cc doctor Brightwater. Signed BRIGHTWATER, E on the ward.")
    assert covered(detector, text, "BRIGHTWATER, E", "en")
    assert covered(detector, text, "Brightwater", "en")


def test_chat_speaker_given_name(detector: PhiDetector) -> None:
    text = "患者：彭立群  电话：13912345678\n立群：医生您好，我想问一下\n🍀立群：好的\n医生：好的"
    assert covered(detector, text, "立群", "zh")


def test_number_with_other_separators(detector: PhiDetector) -> None:
    text = "Home phone: 0412-555-718\nIf no answer call 0412555718 after six."
    assert covered(detector, text, "0412555718", "en")


def test_acronym_in_the_patients_other_document(detector: PhiDetector) -> None:
    docs = [("Referred by her GP to Harbour Vale Medical Centre for review of the mass.\n", "en", "P1"),
            ("[3/4/23 09:12] HVMC: Hi Ines, a reminder of your appointment tomorrow.\n", "en", "P1")]
    spans = detect_documents(detector, docs)
    text = docs[1][0]
    i = text.index("HVMC")
    assert any(s.start <= i and s.end >= i + 4 for s in spans[1])


def test_two_letter_acronym_is_not_spread(detector: PhiDetector) -> None:
    text = "Seen at Ridge Hospital today. RH factor negative."
    i = text.index("RH factor")
    assert not any(s.start <= i < s.end for s in detector.detect(text, "en"))


# --- hostile input --------------------------------------------------------------------------------------------------

def _forms_on(unit: str, repeats: int) -> int:
    from oncostruct.extractors.deid.detect import PhiDetector as _Detector
    from oncostruct.extractors.deid.propagate import propagated

    d = _Detector()
    assert d.config.propagation is not None
    found = [("石建伟", "NAME", 0.9), ("彭立群", "NAME", 0.9), ("Anna Quennell", "NAME", 0.9),
             ("0412-555-718", "PHONE", 0.9), ("Harbour Vale Medical Centre", "ORGANIZATION", 0.9)]
    return len(list(propagated(unit * repeats, found, d.config.propagation, d._names, d._not_acronyms)))


@pytest.mark.parametrize("unit", ["shi-jian-", "[[ 立群立群：\n", "0-4-1-2-5-5-", "Dr Dr. Quenn ", "HVM HV "])
def test_forms_stay_linear_on_their_own_vocabulary(unit: str) -> None:
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        job = pool.apply_async(_forms_on, (unit, 200_000 // len(unit)))
        try:
            job.get(timeout=120)
        except mp.TimeoutError:
            pool.terminate()
            pytest.fail(f"forms on {unit!r} did not answer within 120 s")


def test_short_surname_only_with_the_given_name() -> None:
    forms = variants.person_forms("Jiankang Wu")
    assert "WU, JIANKANG" in forms
    assert "WU, J" not in forms and "J. Wu" not in forms


def test_a_title_is_no_speakers_given_name(detector: PhiDetector) -> None:
    text = "录音转写\n医生：您好，请问是柏立新的家属吗？\n家属：是的，我是柏医生说的那位。\n医生：好的"
    i = text.index("医生：")
    assert not any(s.start <= i < s.end for s in detector.detect(text, "zh"))
