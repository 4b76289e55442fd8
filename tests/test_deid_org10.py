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
    ("Her sister is from Quarrytown and visits weekly.", "Quarrytown"),
    ("Referring facility: Brackenridge Regional\n", "Brackenridge Regional"),
    ("Chemo start 10/30, next cycle pending.", "10/30"),
])
def test_english_towns_facilities_and_cued_month_days(detector: PhiDetector, text: str, value: str) -> None:
    found = spans(detector, text, "en")
    assert any(v == value or value in v for _, v in found), found


@pytest.mark.parametrize("text", ["She moved to Florida last spring.", "He was born in Mexico.", "Moved to Hospice care.",
                                  "The sample was from Pathology today.",
                                  "Take start 1/2 tablet daily."])
def test_states_countries_housing_and_fractions_stay(detector: PhiDetector, text: str) -> None:
    assert not any(c in ("ADDRESS", "DATE") for c, _ in spans(detector, text, "en"))


def test_a_department_label_is_no_department(detector: PhiDetector) -> None:
    found = spans(detector, "住院科室 肿瘤内科二病区", "zh")
    assert ("ORGANIZATION", "肿瘤内科二病区") in found and not any("科室" in v for _, v in found)


@pytest.mark.parametrize("text, value", [
    ("[2023-11-02 07:45] 来访者：", "2023-11-02"),
    ("logged_at: 2022-08-19T16:05:12+08:00", "2022-08-19T16:05:12+08:00"),   # lead17: an ISO date-time is one token (PHI_GUIDELINE)
    ("Sent: Wed 03/12/2025 9:05 AM\n", "Wed 03/12/2025"),
    ("Date: Mon, 7 Apr 2025 10:11:12 -0400\n", "Mon, 7 Apr 2025"),
    ("出生时间 2012年4月9日6时41分\n", "2012年4月9日"),
    ("<low value=\"202401150845\"/>", "202401150845"),   # a time glued into the date's token stays with it
])
def test_a_date_leaves_its_time_of_day(detector: PhiDetector, text: str, value: str) -> None:
    """Session 14: the time of day written apart from its date is no part of the DATE span (the sets' convention)."""
    assert ("DATE", value) in spans(detector, text, "zh")


def test_a_month_and_day_keeps_its_time_apart(detector: PhiDetector) -> None:
    assert ("DATE", "7/14") in spans(detector, "7/14 09:20 随访护士：", "zh")


@pytest.mark.parametrize("text, value", [
    ("T20931,2O24-03-17 08:02:11,", "2O24-03-17"), ("出生日期：l952年6月3日 ", "l952年6月3日"),
    ("确诊 2021-07，随后", "2021-07"), ("抽血时间：3-14 07:10", "3-14"),
])
def test_ocr_year_month_and_month_day_dates(detector: PhiDetector, text: str, value: str) -> None:
    assert _has(spans(detector, text, "zh"), "DATE", value)


@pytest.mark.parametrize("text", ["  firmware: 03.11.08\n", "client build 2023.4.1, patch", "Vision R 20/30 L 20/25"])
def test_versions_and_vision_are_no_dates(detector: PhiDetector, text: str) -> None:
    assert not any(c == "DATE" for c, _ in spans(detector, text, "en"))


def test_ini_pairs_are_read_by_their_key(detector: PhiDetector) -> None:
    found = spans(detector, "[patient]\nage = 103\nward = Cardiac Step-Down Unit\n", "en")
    assert ("AGE", "103") in found and ("ORGANIZATION", "Cardiac Step-Down Unit") in found


def test_an_indented_wrapped_address_is_one_span_per_line(detector: PhiDetector) -> None:
    text = "收件：某某  139 0000 1111\n     江西省九江市濂溪区十里街\n     道白鹤村3组8号\n订单号："
    found = spans(detector, text, "zh")
    assert ("ADDRESS", "江西省九江市濂溪区十里街") in found and ("ADDRESS", "道白鹤村3组8号") in found
    assert not any("\n" in v for _, v in found)


@pytest.mark.parametrize("text, value", [
    ("Refills: Brookvale Pharmacy #318 closes at 9", "Brookvale Pharmacy #318"),
    ("Tamsin Valley Regional Hospital Institutional Review Board\nNOTICE", "Institutional Review Board"),
    ("works nights at Corrin Grain Cooperative so", "Corrin Grain Cooperative"),
    ("Ingrid Ode, MD — Nephrology\nSent:", "Nephrology"),
    ("现住址：上海市\n病情摘要：", "上海市"),
])
def test_store_numbers_boards_cooperatives_and_units(detector: PhiDetector, text: str, value: str) -> None:
    found = spans(detector, text, "en")
    assert any(value in v for c, v in found if c in ("ORGANIZATION", "ADDRESS")), found


def test_an_organisation_starts_after_a_verb_and_its_status_is_left(detector: PhiDetector) -> None:
    found = spans(detector, "慢病可以在九江市濂溪区社区卫生服务中心续方。\n生前工作单位：九江市青松物流有限公司（已退休）\n", "zh")
    assert ("ORGANIZATION", "九江市濂溪区社区卫生服务中心") in found
    assert ("ORGANIZATION", "九江市青松物流有限公司") in found


def test_table_headers_after_mrn_and_school_forms_are_no_organisations(detector: PhiDetector) -> None:
    found = spans(detector, "| # | Patient | MRN | Presenter | Question |\n江西省中小学生健康体检表\n", "en")
    assert not any(c == "ORGANIZATION" for c, _ in found)


@pytest.mark.parametrize("text, found_age", [("Pt is 96, uses a cane", True), ("He is 95 kg today", False),
                                             ("donor history: age 35, weight 94 kg, none", False)])
def test_ages_after_is_and_weights(detector: PhiDetector, text: str, found_age: bool) -> None:
    assert any(c == "AGE" for c, _ in spans(detector, text, "en")) is found_age


@pytest.mark.parametrize("text, category, value", [
    ("余下费用由安盛人寿理赔。", "ORGANIZATION", "安盛人寿"),
    ("近半年在康然医生平台复诊", "ORGANIZATION", "康然医生"),
    ("家属经“暖心筹”筹款五万元", "ORGANIZATION", "暖心筹"),
    ("患者来自四川达州，务农。", "ADDRESS", "四川达州"),
    ("年龄：九十四\n", "AGE", "九十四"),
])
def test_payers_platforms_home_towns_and_worded_ages(detector: PhiDetector, text: str, category: str, value: str) -> None:
    assert (category, value) in spans(detector, text, "zh")


@pytest.mark.parametrize("text", ["余由商业保险理赔。", "来自农村，务农。", "患者来自四川。", "维持在血药浓度平台期", "年龄：八十九"])
def test_generic_payers_villages_provinces_plateaus_and_younger_ages_stay(detector: PhiDetector, text: str) -> None:
    assert not any(c in ("ORGANIZATION", "ADDRESS", "AGE") for c, _ in spans(detector, text, "zh"))


def test_a_one_word_or_capitalised_english_organisation_is_not_spread(detector: PhiDetector) -> None:
    text = "Employer: Brantwell Fabrication\nBrantwell Fabrication called.\nSponsor: ZYLOTEC\nZYLOTEC protocol"
    found = spans(detector, text, "en")
    assert sum(1 for c, v in found if c == "ORGANIZATION" and v == "Brantwell Fabrication") == 2
    assert sum(1 for c, v in found if c == "ORGANIZATION" and v == "ZYLOTEC") <= 1
