"""Organisation and address recall on unseen shapes (issue 18, branch deidorg9): strong Chinese organisation suffixes,
English capitalised phrases with an organisation suffix word, cued abbreviations, bracketed abbreviation definitions,
addresses after words of sending or moving, international postcodes and building / room tails. Synthetic text only."""
from __future__ import annotations

import re

import pytest

from oncostruct.extractors.deid.config import load_config
from oncostruct.extractors.deid.detect import PhiDetector
from oncostruct.extractors.deid.tails import address_tails, org_acronyms, org_specific


@pytest.fixture(scope="module")
def detector() -> PhiDetector:
    return PhiDetector()


def _spans(detector: PhiDetector, text: str, category: str) -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.rule) for s in detector.detect(text) if s.category == category]


def _covered(detector: PhiDetector, text: str, value: str, category: str) -> bool:
    a = text.index(value)
    return any(s.category == category and s.start <= a and a + len(value) <= s.end for s in detector.detect(text))


@pytest.mark.parametrize("text,value", [
    ("患者在仁和堂大药房购买靶向药。", "仁和堂大药房"),
    ("曾在紅旗村衛生室輸液三天。", "紅旗村衛生室"),          # traditional characters fold to simplified
    ("申请蓝天慈善会救助，已获批。", "蓝天慈善会"),
    ("标本由禾信医学检验实验室复核。", "禾信医学检验实验室"),
])
def test_chinese_strong_suffix_orgs(detector, text, value):
    assert _covered(detector, text, value, "ORGANIZATION")


@pytest.mark.parametrize("text", ["到门诊药房取药。", "去附近药店买药。", "于我院药房领取。"])
def test_chinese_generic_pharmacies_are_not_taken_by_the_suffix_rule(detector, text):
    assert not [r for _, r in _spans(detector, text, "ORGANIZATION") if r == "deid.org_zh_strong_suffix"]


@pytest.mark.parametrize("text,value", [
    ("Donations to the Hope Harbor Cancer Fund are welcome.", "Hope Harbor Cancer Fund"),
    ("She attends Ridgemont College in the fall.", "Ridgemont College"),
    ("Seen at Lakeside Family Medical last week.", "Lakeside Family Medical"),
    ("Coordinated with Bright Path Home Services for aide visits.", "Bright Path Home Services"),
])
def test_english_capitalised_suffix_orgs(detector, text, value):
    assert _covered(detector, text, value, "ORGANIZATION")


@pytest.mark.parametrize("text", ["Plan: follow-up in Oncology Clinic.", "The Cancer Center front desk called.",
                                  "Referred to Medical Oncology Services."])
def test_generic_capitalised_phrases_are_not_taken(detector, text):
    assert not [r for _, r in _spans(detector, text, "ORGANIZATION") if r == "deid.org_en_capitalised_suffix"]


def test_cued_abbreviations(detector):
    text = "Second opinion at UCSF in March; previously treated at MSKCC."
    found = {v for v, _ in _spans(detector, text, "ORGANIZATION")}
    assert {"UCSF", "MSKCC"} <= found
    for clinical in ("Admitted to ICU overnight.", "Seen at ED for chest pain.", "Biopsy at OSH showed carcinoma."):
        assert not _spans(detector, clinical, "ORGANIZATION"), clinical


def test_bracketed_abbreviation_is_redacted_everywhere(detector):
    text = "Slides were reviewed at Kestrel Valley Cancer Center (KVCC).\nKVCC agreed with the diagnosis."
    hits = [v for v, _ in _spans(detector, text, "ORGANIZATION")]
    assert hits.count("KVCC") == 2 or sum("KVCC" in h for h in hits) == 2


@pytest.mark.parametrize("text,value,category", [
    ("药品寄往幸福家园小区5栋，请查收。", "幸福家园小区5栋", "ADDRESS"),
    ("老家在河南省周口市郸城县汲冢镇，务农。", "河南省周口市郸城县汲冢镇", "ADDRESS"),
    ("Ship to: 14 Rue de la Paix, Paris.", "14 Rue de la Paix, Paris", "ADDRESS"),
    ("Mailing: 22 King St W, Toronto, ON M5H 1A1", "Toronto, ON M5H 1A1", "ADDRESS"),
    ("Lives in Parramatta NSW 2150 with his wife.", "Parramatta NSW 2150", "ADDRESS"),
])
def test_addresses_after_cues_and_postcodes(detector, text, value, category):
    assert _covered(detector, text, value, category)


def test_address_tails_from_config_grow_a_span():
    tails = [re.compile(t) for t in load_config().address_tails]
    text = "阳光花园小区 3号楼2单元501室，电话"
    end = text.index("小区") + 2
    assert list(address_tails([(0, end)], text, tails)) == [(0, end, text.index("，"))]
    text = "8 Oak Rd, Apt 3C, then"
    assert list(address_tails([(0, 8)], text, tails)) == [(0, 8, text.index(", then"))]
    assert list(address_tails([(0, 8)], "8 Oak Rd was sold", tails)) == []


def test_org_acronyms_and_specific_words():
    text = "Birch Hill Clinic (BHC) sent it; BHC called. (USA) USA"
    second = text.index("BHC called")
    assert list(org_acronyms([(0, 17)], text, {"USA"})) == [(19, 22), (second, second + 3)]
    assert list(org_acronyms([(0, 17)], "Birch Hill Clinic (USA) USA", {"USA"})) == []
    generic = {w.lower() for w in load_config().org_generic_words}
    assert org_specific("Lakeside Family Medical", generic)
    assert not org_specific("The Cancer Center", generic)
    assert not org_specific("Children's Oncology Group", generic)
