"""De-identification, round 5 (issue 18): Chinese names in prose without a cue, English names outside the
hand-written gazetteer, initials, organisations without a hospital suffix, GS1 device strings, ordinal dates, ages
after At/aged, and the guards that keep medical words, specimen words and letter phrases unredacted.

Every text here is invented for this file.
"""
from __future__ import annotations

import re

import pytest

from oncostruct.extractors.deid.detect import PhiDetector
from oncostruct.extractors.deid.names import EnglishNames
from oncostruct.extractors.deid.zh_names import load_lists, zh_names


@pytest.fixture(scope="module")
def detector() -> PhiDetector:
    return PhiDetector()


def found(detector: PhiDetector, text: str, category: str) -> set[str]:
    return {text[s.start:s.end] for s in detector.detect(text) if s.category == category}


@pytest.mark.parametrize("text,name", [
    ("昨晚柯雨桐再次发热，体温38.5℃。", "柯雨桐"),
    ("下午和蒋志远通了电话，他已复查。", "蒋志远"),
    ("随访：宋婉婷建议继续观察。", "宋婉婷"),
    ("检验科鲁浩然电话通知病区。", "鲁浩然"),
    ("周三 夜班 鲍晓东\n", "鲍晓东"),
    ("委托人：努尔艾力·伊明   性别：男", "努尔艾力·伊明"),
])
def test_chinese_names_in_prose_without_a_cue(detector: PhiDetector, text: str, name: str) -> None:
    assert name in found(detector, text, "NAME")


@pytest.mark.parametrize("text", [
    "患者高血压病史10年，白细胞正常，石蜡切片HE染色。",
    "方案为常规化疗6个周期，黄疸指数正常，金属夹定位。",
    "血药浓度高峰，于清晨6点采血，凌晨3:10复测。",
    "职业 农民  婚姻 已婚\n",
    "王氏综合征已排除，周期性发热。",
])
def test_medical_and_everyday_words_are_not_cue_free_names(detector: PhiDetector, text: str) -> None:
    assert found(detector, text, "NAME") == set()


def test_ambiguous_surnames_need_a_cue_word_and_first_only_characters_end_no_name() -> None:
    lists = load_lists()
    surname = re.compile("[高金王李]")
    assert list(zh_names("，高峰，", surname, None, lists)) == []            # 高 is also a word start
    assert list(zh_names("。高峰看了片子", surname, None, lists)) == [(1, 3)]  # a cue word on the right
    assert list(zh_names("，王子，", surname, None, lists)) == []            # 子 only opens a given name


@pytest.mark.parametrize("text,name", [
    ("Reached Tamsin Okonkwo; verified identity.", "Tamsin Okonkwo"),
    ("Shipper contact: L. T. Kim", "L. T. Kim"),
    ("Copy to Ngozi Halvorsen at the clinic.", "Ngozi Halvorsen"),
    ("Sincerely,\n\nLucía Ferreira, MD", "Lucía Ferreira"),
])
def test_english_names_beyond_the_hand_written_gazetteer(detector: PhiDetector, text: str, name: str) -> None:
    assert name in found(detector, text, "NAME")


def test_a_word_written_in_lower_case_elsewhere_is_not_half_of_a_relaxed_pair() -> None:
    names = EnglishNames(["Block"])
    assert names.relaxed_pair("Linda Quarvel", set())
    assert not names.relaxed_pair("Linda Quarvel", {"quarvel"})
    assert not names.relaxed_pair("Boston Scientific", set())  # an adjective ending
    assert not names.relaxed_pair("SIGMOID COLON", set())


@pytest.mark.parametrize("text", [
    "To Whom It May Concern:\n\nI am writing",
    "Block retrieved from archive at 09:05.",
    "Findings concerning for Lynch syndrome.",
    "Specialty Pharmacy Call Log\n",
])
def test_letter_phrases_specimen_words_and_eponyms_are_not_phi(detector: PhiDetector, text: str) -> None:
    assert {s.category for s in detector.detect(text)} & {"NAME", "ORGANIZATION"} == set()


@pytest.mark.parametrize("text,org", [
    ("Insurance: Quillfeather Mutual, member QX1234567.", "Quillfeather Mutual"),
    ("Ship to: Zentaro, Attn Accessioning", "Zentaro"),
    ("Prior auth sent to Brightwater Healthcare on 3/2.", "Brightwater Healthcare"),
    ("Sponsor: Halcyon Therapeutics\n", "Halcyon Therapeutics"),
    ("2021-03-02在青禾大药房购药。", "青禾大药房"),
    ("收件人：安泽基因 样本接收组", "安泽基因"),
])
def test_organisations_without_a_hospital_suffix(detector: PhiDetector, text: str, org: str) -> None:
    assert org in found(detector, text, "ORGANIZATION")


def test_gene_tests_are_not_companies(detector: PhiDetector) -> None:
    assert found(detector, "患者行EGFR基因检测，进行驱动基因检测，肿瘤基因检测报告。", "ORGANIZATION") == set()


@pytest.mark.parametrize("text,category,value", [
    ("Implant serial (01)12345678901234(17)270101(10)AB123(21)X99\n", "DEVICE_ID",
     "(01)12345678901234(17)270101(10)AB123(21)X99"),
    ("植入物编号 PM-2207-K118\n", "DEVICE_ID", "PM-2207-K118"),
    ("Adm 4th of July 2021\n", "DATE", "4th of July 2021"),
    ("At 96, she still gardened.", "AGE", "96"),
    ("Bed 7  (102 y)  POD 1", "AGE", "102 y"),
    ("driver license Q123-4567-8901\n", "ID_NUMBER", "Q123-4567-8901"),
    ("Mail to P.O. Box 2231, Boise", "ADDRESS", "P.O. Box 2231, Boise"),   # orgaddr15: the box and its town (address_chain)
])
def test_shape_families(detector: PhiDetector, text: str, category: str, value: str) -> None:
    assert value in found(detector, text, category)


def test_a_two_digit_number_after_at_is_an_age_only_from_90(detector: PhiDetector) -> None:
    assert found(detector, "At 85, she still gardened.", "AGE") == set()


@pytest.mark.parametrize("text", [
    "This test has not been cleared or approved by the U.S. Food and Drug Administration.",
    "Nottingham (modified Bloom Richardson) grade 2. GLEASON SCORE 3+4=7.",
    "Requesting Doctor: Copy-To Doctors: Episode Details. Page: 2 of 4.",
    "Pathologist: Case reviewed at the Encounter Location. Oral cavity, Brain: no tumour.",
])
def test_english_pathology_furniture_is_no_name(detector, text: str) -> None:
    assert [(text[s.start:s.end], s.category) for s in detector.detect(text, "en") if s.category in ("NAME", "ORGANIZATION")] == []
