"""Branch deidorg11 (issue 18): organisations, addresses and dates on unseen formats, values split by line wraps.

Every text is written here (invented names, places and numbers); each mechanism has a found and a left-alone case.
"""
from __future__ import annotations

import pytest
from deid_helpers import spans

from oncostruct.extractors.deid.detect import PhiDetector
from oncostruct.extractors.deid.wrapped import columns, unwrapped, wrap, wrap_width


def _wrap_columns(body: str, width: int) -> str:
    """``body`` hard-wrapped every ``width`` printer columns (a Chinese character takes two)."""
    lines, line = [], ""
    for ch in body:
        if columns(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return "\n".join(lines + [line])


_DATES = ["2023-09-02 08:30", "2023-10-03 08:31", "2023-11-04 08:32", "2023-12-05 08:33"]


def _csv_export() -> str:
    rows = ["# 导出自 门诊预约系统", "appt_no,name,mobile,dept,doctor,appt_time,status"]
    for i, (name, doc) in enumerate([("任小梅", "吕长风"), ("任小梅", "柏青"), ("宁大川", "吕长风"), ("宁大川", "柏青")]):
        rows.append(_wrap_columns(f"B7{i}40021,{name},1395106{i}277,肾内科,{doc},{_DATES[i]},已就诊", 44))
    return "\n".join(rows) + "\n"


def test_wrap_counted_in_printer_columns() -> None:
    text = _csv_export()
    assert wrap_width(text, measure=columns) == 44  # the rows were cut at 44 printer columns
    assert wrap(text) is not None
    view, offsets, joints = unwrapped(text, 44, columns)
    assert _DATES[2] in view and joints and "status\nB7040021" in view  # the header is longer than the width
    assert all(text[offsets[i]] == view[i] for i in range(len(view)))


def test_dates_cut_by_a_wrap_in_a_numeric_export(detector: PhiDetector) -> None:
    text = _csv_export()
    dates = [v.replace("\n", "") for c, v in spans(detector, text, "zh") if c == "DATE"]
    assert {d.split()[0] for d in _DATES} <= set(dates)   # session 14: the time of day stays out of the span


def test_a_table_cell_cut_by_a_wrap_is_joined(detector: PhiDetector) -> None:
    body = ("接种记录 | 日期 | 医师 | 签发机构\n"
            + _wrap_columns("乙型肝炎疫苗 Hepatitis B | 2022-07-19 | 柏青 | 青川市国际旅行卫生保健中心", 36) + "\n"
            + _wrap_columns("破伤风疫苗 Tetanus toxoid | 2022-08-23 | 柏青 | 青川市国际旅行卫生保健中心", 36) + "\n"
            + _wrap_columns("狂犬病疫苗 Rabies vaccine | 2022-09-30 | 柏青 | 青川市国际旅行卫生保健中心", 36) + "\n")
    dates = [v.replace("\n", "") for c, v in spans(detector, body, "zh") if c == "DATE"]
    assert {"2022-07-19", "2022-08-23", "2022-09-30"} <= set(dates)


def test_an_aligned_table_row_is_not_joined_to_the_next() -> None:
    rows = "\n".join(f"31020{i}011    血常规检查{i}           次     1     2{i}.00     2{i}.00" for i in range(4))
    text = "费用清单\n" + rows + "\n"
    width = wrap(text)
    assert width is not None
    _, _, joints = unwrapped(text, *width)
    assert not joints  # every row ends with its last cell: no value is cut


@pytest.mark.parametrize("text, lang, found", [
    # orgaddr15: after a comma the town is part of the organisation's span (PHI_GUIDELINE: the name with its branch town)
    ("Referred by Birch Hollow Medical Center, Tacoma.\nReason: follow-up", "en",
     ("ORGANIZATION", "Birch Hollow Medical Center, Tacoma")),
    ("Ready for pickup (Orchard Pharmacy #12, Fargo)\nRef 2231", "en", ("ORGANIZATION", "Orchard Pharmacy #12, Fargo")),
    ("患者曾在江城市第三人民医院（江城市）住院治疗", "zh", ("ADDRESS", "江城市")),
])
def test_the_town_after_an_organisation(detector: PhiDetector, text: str, lang: str, found: tuple[str, str]) -> None:
    assert found in spans(detector, text, lang)


@pytest.mark.parametrize("text, lang", [
    ("Seen at Birch Hollow Medical Center, Oncology.\n", "en"),   # a service, not a town
    ("He called back, Tacoma.\n", "en"),                          # no organisation before the comma
    ("复查血常规（江城市）", "zh"),                                  # a bracket after no organisation
])
def test_no_town_without_an_organisation_before_it(detector: PhiDetector, text: str, lang: str) -> None:
    assert not any(c == "ADDRESS" for c, _ in spans(detector, text, lang))


def test_a_complete_field_ends_a_full_line() -> None:
    # fields parted by two spaces: a line that ends with a whole field (no label before the cut) is not joined
    rows = ["术  术者 柏青川  麻醉 局麻", "主诊医师 柏青川   责任护士", "病区 二病区  床号 12  护理 一级", "出院小结 略"]
    text = "\n".join(rows) + "\n"
    _, _, joints = unwrapped(text, 16)
    assert not joints
    cut = "审核人：柏青川  复核：宁\n大川\n"
    _, _, joints = unwrapped(cut, 14)
    assert joints  # a labelled value cut in two is joined


@pytest.mark.parametrize("text, value", [
    ('caregiver: {relation: son}\naddress: {street: "12 Mill Pond Rd", city: Harwick, state: TN, zip: "37912"}\n',
     "Harwick"),
    ('caregiver: {relation: son}\naddress: {street: "12 Mill Pond Rd", city: Harwick, state: TN, zip: "37912"}\n',
     "37912"),
    ("7b. CITY: Harwick  7c. STATE: TN\n", "Harwick"),
    ("She walked to the end of Larkspur Ct and back.", "Larkspur Ct"),
    ("Climbs two steps at home on Kettle Mill Rd with a rail.", "Kettle Mill Rd"),
    ("drove down Heron Bay Dr twice", "Heron Bay Dr"),
])
def test_town_fields_and_streets_without_a_number(detector: PhiDetector, text: str, value: str) -> None:
    assert ("ADDRESS", value) in spans(detector, text, "en")


@pytest.mark.parametrize("text", ["city: Florida\n", "Seen by Mary Dr on Monday.", "Reviewed with Smith Dr today."])
def test_no_town_or_street_from_a_state_or_a_title(detector: PhiDetector, text: str) -> None:
    found = spans(detector, text, "en")
    assert not any(c == "ADDRESS" and v != "Florida" for c, v in found)
    assert not any(c == "ADDRESS" and "Dr" in v for c, v in found)


@pytest.mark.parametrize("text, lang, org", [
    ("Collection site: Harwick Valley Medical Center Emergency Department, Albany, NY\n", "en",
     "Harwick Valley Medical Center Emergency Department"),
    ("建議轉診院所：安和綜合醫院耳鼻喉部\n開單日期", "zh", "安和綜合醫院耳鼻喉部"),
    ("定点转诊医院：江城市中心医院儿科门诊，健康档案号 JK5521", "zh", "江城市中心医院儿科门诊"),
    ("住在江城市西区，术后拟转江城康乐护理院。\n", "zh", "江城康乐护理院"),
])
def test_a_department_glued_to_its_organisation(detector: PhiDetector, text: str, lang: str, org: str) -> None:
    assert ("ORGANIZATION", org) in spans(detector, text, lang)


@pytest.mark.parametrize("text, org", [
    ("在江城市第一人民医院查胸部CT", "江城市第一人民医院"),      # a body part, not a department
    ("江城市第一人民医院门诊就诊", "江城市第一人民医院"),          # the hospital's out-patient service
])
def test_no_department_from_a_body_part_or_a_bare_clinic(detector: PhiDetector, text: str, org: str) -> None:
    assert ("ORGANIZATION", org) in spans(detector, text, "zh")
