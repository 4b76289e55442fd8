"""Branch deidorg10 (issue 18): organisations, places, dates and ages on formats nobody tuned on.

Every text is written here (invented names, places and brands); each mechanism has a found and a left-alone case.
"""
from __future__ import annotations

import pytest
from deid_helpers import spans

from oncostruct.extractors.deid.detect import PhiDetector


def _has(found: list[tuple[str, str]], category: str, value: str) -> bool:
    return any(c == category and value in v for c, v in found)


@pytest.mark.parametrize("text, value", [
    ("民國108年7月9日初診，", "民國108年7月9日"),
    ("就診日期：民国 101 年 4 月 26 日", "民国 101 年 4 月 26 日"),
    ("中華民國一〇九年十月三日", "中華民國一〇九年十月三日"),
    ("於109年10月3日返診", "109年10月3日"),
    ("The letter is dated the fourteenth of August.", "fourteenth of August"),
    ("Biopsy on October ninth, 2021 showed", "October ninth, 2021"),
])
def test_roc_and_worded_dates(detector: PhiDetector, text: str, value: str) -> None:
    assert _has(spans(detector, text, "zh"), "DATE", value)


@pytest.mark.parametrize("text", ["患者10年3月前曾手术", "术后2023年3月复查"])
def test_short_year_needs_roc_range(detector: PhiDetector, text: str) -> None:
    assert not any(m.rule_id == "deid.date_roc_ymd" for m in detector.pack.finditer(text, None))


@pytest.mark.parametrize("text, value", [
    ("She is a ninety-seven year old retired teacher.", "ninety-seven year old"),
    ("Age: ninety-one\nSex: F", "ninety-one"),
    ("aged one hundred and two, lives alone", "one hundred and two"),
])
def test_ages_over_89_in_words(detector: PhiDetector, text: str, value: str) -> None:
    assert _has(spans(detector, text, "en"), "AGE", value)


@pytest.mark.parametrize("text", ["Hold for ninety days.", "aged seventy-eight, lives alone"])
def test_other_words_are_no_age(detector: PhiDetector, text: str) -> None:
    assert not any(c == "AGE" for c, _ in spans(detector, text, "en"))


@pytest.mark.parametrize("text, value", [
    ("服务城市：绵阳市  服务类型：居家护理", "绵阳市"),
    ("籍贯 江西赣州\n", "江西赣州"),
    ("参保地：宜昌 | 参保类型：职工", "宜昌"),
])
def test_places_after_place_labels(detector: PhiDetector, text: str, value: str) -> None:
    assert _has(spans(detector, text, "zh"), "ADDRESS", value)


@pytest.mark.parametrize("text", ["籍贯：江西\n", "户籍：非农业户口\n", "出生地：不详\n"])
def test_provinces_and_non_places_stay(detector: PhiDetector, text: str) -> None:
    assert not any(c == "ADDRESS" for c, _ in spans(detector, text, "zh"))


@pytest.mark.parametrize("text, value", [
    ("本次靶向药费用由晨曦公益基金会资助。", "晨曦公益基金"),
    ("患者获远山慈善赞助部分费用", "远山慈善"),
    ("Was referred by Cedar Hollow Family Practice in May.", "Cedar Hollow Family Practice"),
    ("Ward: 6 East Oncology\nBed: 14", "6 East Oncology"),
])
def test_organisations_after_funding_verbs_and_unit_labels(detector: PhiDetector, text: str, value: str) -> None:
    assert _has(spans(detector, text, "zh"), "ORGANIZATION", value)


def test_funding_by_family_is_no_organisation(detector: PhiDetector) -> None:
    assert not any(c == "ORGANIZATION" for c, _ in spans(detector, "费用由家属资助，部分由医保报销。", "zh"))


def test_an_organisation_found_once_is_redacted_everywhere(detector: PhiDetector) -> None:
    text = "工作单位：澄江纺织\n既往史：长期在澄江纺织车间，接触粉尘。"
    found = spans(detector, text, "zh")
    assert sum(1 for c, v in found if c == "ORGANIZATION" and v == "澄江纺织") == 2


def test_a_department_found_once_is_not_spread(detector: PhiDetector) -> None:
    text = "科室：乳腺外科\n建议乳腺外科随诊。"
    found = spans(detector, text, "zh")
    assert sum(1 for c, v in found if c == "ORGANIZATION" and v == "乳腺外科") == 1


@pytest.mark.parametrize("text, value", [
    ("He lives in Gallowmere with his daughter.", "Gallowmere"),
    ("Grew up in Port Havers, moved to Linnford in 2010.", "Linnford"),
    ("Referring facility: Brackenridge Regional\n", "Brackenridge Regional"),
    ("Chemo start 10/30, next cycle pending.", "10/30"),
])
def test_english_towns_facilities_and_cued_month_days(detector: PhiDetector, text: str, value: str) -> None:
    found = spans(detector, text, "en")
    assert any(v == value or value in v for _, v in found), found


@pytest.mark.parametrize("text", ["She moved to Florida last spring.", "He was born in Mexico.", "Moved to Hospice care.",
                                  "Take start 1/2 tablet daily."])
def test_states_countries_housing_and_fractions_stay(detector: PhiDetector, text: str) -> None:
    assert not any(c in ("ADDRESS", "DATE") for c, _ in spans(detector, text, "en"))


def test_a_department_label_is_no_department(detector: PhiDetector) -> None:
    found = spans(detector, "住院科室 肿瘤内科二病区", "zh")
    assert ("ORGANIZATION", "肿瘤内科二病区") in found and not any("科室" in v for _, v in found)
