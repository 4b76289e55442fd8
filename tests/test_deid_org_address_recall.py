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


@pytest.mark.parametrize("text,value,category", [
    ("接诊医生：龙静（胃外科，主治医师）\n就诊日期", "胃外科", "ORGANIZATION"),
    ("待办：联系胸外科床位（家属已同意）", "胸外科", "ORGANIZATION"),
    ("起点：消化内科 25床  → 终点：CT室", "消化内科", "ORGANIZATION"),
    ("他在来的路上（从中国石化请假）。", "中国石化", "ORGANIZATION"),
    ("保險：AIA友邦  保單號碼：81234567", "AIA友邦", "ORGANIZATION"),
    ("众安在线财产保险股份有限公司\n健康告知补充问卷", "众安在线财产保险股份有限公司", "ORGANIZATION"),
    ("单位：蓝海港口集团工会  职工大病互助", "蓝海港口集团工会", "ORGANIZATION"),
    ("He worked 31 years at Boeing and never missed a day.", "Boeing", "ORGANIZATION"),
    ("Employer: Boeing (on unpaid leave)", "Boeing", "ORGANIZATION"),
    ("Plaintiff,\nv. ALBANY MEDICAL CENTER, et al.", "ALBANY MEDICAL CENTER", "ORGANIZATION"),
    ("Home care through Hospice of the Valley since May.", "Hospice of the Valley", "ORGANIZATION"),
    ("通訊地址：新界沙田禾輋邨豐和樓1203室   電話：91234567", "新界沙田禾輋邨豐和樓1203室", "ADDRESS"),
    ("我们在黑龙江省哈尔滨市南岗区西大直街203号枫林新村7号楼2单元1702，离医院远。", "7号楼2单元1702", "ADDRESS"),
])
def test_more_org_and_address_contexts(detector, text, value, category):
    assert _covered(detector, text, value, category)


def test_bracket_role_is_not_taken_into_the_department(detector):
    text = "接诊医生：龙静（胃外科，主治医师）\n"
    assert not any("主治医师" in v for v, _ in _spans(detector, text, "ORGANIZATION"))


@pytest.mark.parametrize("text,rule", [("请假情况：向单位请假三天。", "deid.org_zh_leave_from"),
                                       ("Referred to ACS Road to Recovery for rides.", "deid.org_en_acronym_cued"),
                                       ("Certified Translation of Medical Records", "deid.org_en_capitalised_suffix"),
                                       ("three years at the plant", "deid.org_en_job_cued")])
def test_rules_leave_generic_text_alone(detector, text, rule):
    assert rule not in {r for _, r in _spans(detector, text, "ORGANIZATION")}


def test_hl7_segments_ended_by_carriage_returns():
    from oncostruct.extractors.deid.structured import hl7_spans
    msg = ("MSH|^~\\&|EPIC|NORTHFIELD|RCV|NORTHFIELD|20240101120000||ADT^A01|1|P|2.5.1\r"
           "PID|1||X1234567^^^NFH^MR||DOE^JANE||19800101|F\r"
           "IN1|1|||Acme Mutual Insurance|PO BOX 12^^TOWNVILLE^ST^12345")
    found = {(msg[a:b], c) for a, b, c in hl7_spans(msg, load_config().hl7_fields)}
    assert ("DOE^JANE", "NAME") in found
    assert ("Acme Mutual Insurance", "ORGANIZATION") in found
    assert ("PO BOX 12^^TOWNVILLE^ST^12345", "ADDRESS") in found
    assert not any("\r" in v for v, _ in found)


@pytest.mark.parametrize("text,rule", [("Missed doses. Counseled. Insurance: Kaiser", "deid.org_en_capitalised_suffix"),
                                       ("项目医生：某某  指定药房：大参林药房（青岛）", "deid.org_zh_strong_suffix")])
def test_labels_and_sentence_ends_are_not_organisations(detector, text, rule):
    assert not any(v.startswith(("Counseled", "指定")) for v, r in _spans(detector, text, "ORGANIZATION") if r == rule)
