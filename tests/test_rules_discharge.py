"""The discharge rule pack: headers, date statements, list markers, procedures, regimens, marker values."""
from __future__ import annotations

import pytest

from oncostruct.extractors.rules import load_pack


@pytest.fixture(scope="module")
def pack():
    return load_pack("discharge")


def _one(pack, text, label, lang="zh"):
    hits = pack.find(text, lang, [label])
    assert len(hits) == 1, hits
    return hits[0]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("入院诊断：1.右肺结节", "admission_diagnosis"),
        ("\n出院诊断:\n1.直肠癌", "discharge_diagnosis"),
        ("二、诊疗经过：入院后完善检查", "course"),
        ("出院医嘱：1.出院带药：卡培他滨", "discharge_orders"),
        ("Discharge Medications:\n1. Amlodipine", "discharge_meds"),
    ],
)
def test_section_kind_comes_from_rule_id(pack, text, kind):
    first = pack.find(text, None, ["section"])[0]
    assert first.rule_id == f"section.{kind}"


def test_header_inside_running_text_is_not_a_section(pack):
    assert pack.find("结合出院诊断明确，予以出院", "zh", ["section"]) == []


def test_meds_header_after_numbered_order_is_found(pack):
    hits = pack.find("出院医嘱：1.出院带药：卡培他滨片 1.5g", "zh", ["section"])
    assert [h.rule_id for h in hits] == ["section.discharge_orders", "section.discharge_meds"]


@pytest.mark.parametrize(
    "text, label, date",
    [
        ("入院日期：2023-03-10", "admission_date", "2023-03-10"),
        ("入院时间：2023年05月08日 09:12", "admission_date", "2023年05月08日"),
        ("出院日期: 2023/3/22", "discharge_date", "2023/3/22"),
        ("患者于2023年5月8日再次入院", "admission_date", "2023年5月8日"),
        ("于2023-03-22办理出院", "discharge_date", "2023-03-22"),
    ],
)
def test_date_statements_capture_the_date(pack, text, label, date):
    hit = _one(pack, text, label)
    assert hit.groups["date"] == date
    assert text[hit.start:hit.end] == hit.text


def test_stay_range_gives_both_dates(pack):
    hit = _one(pack, "住院日期：2023-07-03至2023-07-06", "stay_range")
    assert (hit.groups["start"], hit.groups["end"]) == ("2023-07-03", "2023-07-06")


def test_english_dates(pack):
    assert _one(pack, "Admission Date: 04/02/2023", "admission_date", "en").groups["date"] == "04/02/2023"
    assert _one(pack, "discharged on March 9, 2023", "discharge_date", "en").groups["date"] == "March 9, 2023"


def test_list_markers_skip_decimals_and_type_numbers(pack):
    text = "出院诊断：1.右肺上叶腺癌 大小 1.5cm 2.高血压病2级 3.2型糖尿病 （4）骨转移"
    markers = [h.groups["marker"] for h in pack.find(text, "zh", ["list_item"])]
    assert markers == ["1.", "2.", "3.", "（4）"]


@pytest.mark.parametrize(
    "text, name",
    [
        ("于2023-03-15在全麻下行胸腔镜下右肺上叶切除术+淋巴结清扫术，手术顺利",
         "胸腔镜下右肺上叶切除术+淋巴结清扫术"),
        ("行腹腔镜下直肠癌根治术（Dixon术）+回肠造口术，术后恢复可", "腹腔镜下直肠癌根治术（Dixon术）+回肠造口术"),
        ("行右乳癌改良根治术后病理示", "右乳癌改良根治术"),
        ("手术名称：腹腔镜下乙状结肠癌根治术", "腹腔镜下乙状结肠癌根治术"),
    ],
)
def test_procedure_names(pack, text, name):
    assert _one(pack, text, "procedure").groups["name"] == name


@pytest.mark.parametrize("text", ["行胸部增强CT检查示右肺占位", "行手术治疗", "行第1程XELOX方案术后辅助化疗"])
def test_not_procedures(pack, text):
    assert pack.find(text, "zh", ["procedure"]) == []


def test_english_procedure(pack):
    hit = _one(pack, "The patient underwent right upper lobectomy with mediastinal lymph node dissection on 2023-04-04.",
               "procedure", "en")
    assert hit.groups["name"] == "right upper lobectomy with mediastinal lymph node dissection"


@pytest.mark.parametrize(
    "text, regimen, cycle",
    [
        ("于2023-05-09行XELOX方案第4周期化疗", "XELOX", "4"),
        ("行第2周期mFOLFOX6方案化疗", "mFOLFOX6", "2"),
        ("予EC-T方案辅助化疗", "EC-T", None),
    ],
)
def test_regimens(pack, text, regimen, cycle):
    hit = _one(pack, text, "regimen")
    assert hit.groups["regimen"] == regimen
    assert (hit.groups.get("cycle") or hit.groups.get("cycle_after")) == cycle


@pytest.mark.parametrize(
    "tail, value, unit",
    [(" 12.5 ng/ml", "12.5", "ng/ml"), ("为83.96NG/ML", "83.96", "NG/ML"), ("：45.6U/mL", "45.6", "U/mL"),
     ("（CEA）8.9ng/ml", "8.9", "ng/ml"), (" 148.6", "148.6", None), (" was 7.4 ng/mL", "7.4", "ng/mL")],
)
def test_marker_value_right_after_the_name(pack, tail, value, unit):
    hit = _one(pack, tail, "marker_value", None)
    assert hit.start == 0
    assert (hit.groups["value"], hit.groups["unit"]) == (value, unit)


@pytest.mark.parametrize("tail", ["(+++)", "（-），CK7（+）", "阳性", "、CA125均正常"])
def test_ihc_result_is_not_a_marker_value(pack, tail):
    assert pack.find(tail, None, ["marker_value"]) == []
