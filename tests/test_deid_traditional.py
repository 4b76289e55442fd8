"""De-identification of traditional-Chinese letters (Hong Kong, Macau, Taiwan) and of institutions without a
hospital suffix: the rules are written in simplified characters, so detection runs on a character-for-character
simplified view; identity-card shapes of Hong Kong, Macau and Taiwan; civil institutions as organisations.

Every text here is invented for this file.
"""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector, fold_width
from oncostruct.extractors.script import simplified_chars
from tests.deid_helpers import covered


@pytest.fixture(scope="module")
def detector() -> PhiDetector:
    return PhiDetector()


def test_simplified_view_keeps_length_and_offsets() -> None:
    text = "開立醫院：香港瑪利醫院　醫師：張美華"
    folded = fold_width(text)
    assert len(folded) == len(text)
    assert folded == "开立医院:香港玛利医院 医师:张美华"
    assert simplified_chars("EGFR 19del 陰性") == "EGFR 19del 阴性"


def test_traditional_letter_spans_point_into_the_printed_text(detector: PhiDetector) -> None:
    text = "覆診預約卡\n姓名：鄭家豪    香港身份證：C900259(4)\n聯絡電話：9123 4567\n科別：臨床腫瘤科   醫生：黃淑芬\n"
    spans = detector.detect(text, "zh")
    found = {text[s.start:s.end] for s in spans}
    assert "鄭家豪" in found and "黃淑芬" in found
    assert covered(detector, text, "C900259(4)")


@pytest.mark.parametrize("value", ["P403416(7)", "AB123456(A)", "A123456789"])
def test_regional_identity_cards(detector: PhiDetector, value: str) -> None:
    assert covered(detector, f"證件號碼：{value}\n", value)


def test_identity_card_shape_leaves_lab_values_alone(detector: PhiDetector) -> None:
    text = "CA19-9 35.0(U/mL)，CEA 5.2 ng/mL，Ki-67(30%)"
    assert not [s for s in detector.detect(text, "zh") if s.category == "ID_NUMBER"]


@pytest.mark.parametrize("text,value", [
    ("特此证明，请中国癌症基金会及相关部门予以救助为盼。", "中国癌症基金会"),
    ("湖南省长沙市岳麓区长安街道办事处（盖章）\n", "湖南省长沙市岳麓区长安街道办事处"),
    ("癌，2021年7月9日出院。\n广东省广州市南方公证处\n公证员 欧阳芳\n", "广东省广州市南方公证处"),
    ("自己向杭州市学军小学请了长假。", "杭州市学军小学"),
    ("开户行：招商银行解放路支行\n", "招商银行解放路支行"),
])
def test_civil_institutions_are_organisations(detector: PhiDetector, text: str, value: str) -> None:
    assert covered(detector, text, value)


def test_dot_leader_fields_of_a_registry_abstract(detector: PhiDetector) -> None:
    text = ("[70]   Addr at DX--No & Street .. 4411 WILLOW BEND RD\n"
            "[70]   Addr at DX--City ......... GREENVILLE\n"
            "[400]  Primary Site ......... C50.4\n")
    assert covered(detector, text, "4411 WILLOW BEND RD", "en")
    assert covered(detector, text, "GREENVILLE", "en")
    assert not covered(detector, text, "C50.4", "en")
