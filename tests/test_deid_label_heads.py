"""Session 14: a label's head decides its value (extractors/deid/label_heads.py), the identifier-shape default
(deid.record_shape) and the safe shapes and labels that veto a number. Synthetic examples written for these tests."""
from __future__ import annotations

import re

import pytest

from oncostruct.extractors.deid.config import LabelHeads, load_config
from oncostruct.extractors.deid.detect import PhiDetector
from oncostruct.extractors.deid.label_heads import head_pattern, label_head_rules


@pytest.fixture(scope="module")
def detector() -> PhiDetector:
    return PhiDetector()


def covered(detector: PhiDetector, text: str) -> str:
    mask = bytearray(len(text))
    for s in detector.detect(text):
        mask[s.start:s.end] = b"\x01" * (s.end - s.start)
    return "".join(c if m else "_" for c, m in zip(text, mask))


@pytest.mark.parametrize("text,value", [
    ("援助申请　项目编号：QAZ7781023　申请日期待定", "QAZ7781023"),     # any words before the head 编号
    ("病区：六病区　床  号：31　诊断：肺癌", "31"),                     # a letter-spaced label
    ("输血：储血袋号：7710 2284 9031，血型O型", "7710 2284 9031"),     # a value in groups of digits
    ("请拨打服务热线96731咨询", "96731"),                              # a head glued to its value
    ("咨询专线：96218　　网址见背面", "96218"),
    ("居民医保：粤K552093118\n主诉：咳嗽", "粤K552093118"),           # a province letter before the number
    ("See cytology report 21-88417. Clear.", "21-88417"),              # a head, a space, a long value
    ("Visitor parking: car plate 7KQD219 on level 2", "7KQD219"),
    ("App user: lindafox58   last login today", "lindafox58"),
    ("Provincial Health Card: 4471-882-190-QX", "4471-882-190-QX"),
    ("首诊医院：石桥市第二人民医院　随访由社区负责", "石桥市第二人民医院"),   # a label that names an organisation
    ("Call 612-555-0143, ext 2291 for results", "612-555-0143, ext 2291"),   # a number and its extension, one span
])
def test_label_heads_find_value(detector: PhiDetector, text: str, value: str) -> None:
    start = text.index(value)
    assert "_" not in covered(detector, text)[start:start + len(value)]


@pytest.mark.parametrize("text,value", [
    ("耗材：规格型号：QX-22871　数量 2", "QX-22871"),                  # a product label vetoes (cue_not_phi)
    ("收费项目编码：HX20731 单价 12元", "HX20731"),
    ("奥美拉唑肠溶片 20mg qd（批号K7730218）", "K7730218"),            # a drug's batch, whatever recognizer read it
    ("Trial Site #: 4417   Visit 3", "4417"),
    ("NDC 12873-441-09 dispensed", "12873-441-09"),
    ("capture reagent: QL774120 (QC only)", "QL774120"),
    ("IHC: HER2 2+, CDX2 positive, NKX3.1 negative", "HER2"),          # a marker's result follows: a marker
    ("IHC: HER2 2+, CDX2 positive, NKX3.1 negative", "NKX3.1"),
    ("Variants: NOTCH1 p.G310S, IDH1 R132H", "NOTCH1"),                # NO inside a gene symbol is no cue
    ("registered NCT04412873 on 2023-04-12", "NCT04412873"),
])
def test_not_phi_values_left_alone(detector: PhiDetector, text: str, value: str) -> None:
    start = text.index(value)
    assert set(covered(detector, text)[start:start + len(value)]) == {"_"}


@pytest.mark.parametrize("text", ["frozen section (FS2, QS24-7713): margins", "bag QX51248 released",
                                  "specimen 19-552301 received"])
def test_identifier_shape_default(detector: PhiDetector, text: str) -> None:
    token = re.search(r"[A-Z]{0,2}\d{2}-?\d{4,}|[A-Z]{2}\d{5}", text).group()
    assert "_" not in covered(detector, text)[text.index(token):text.index(token) + len(token)]


def test_head_pattern_folds_spacing_and_case() -> None:
    rx = re.compile(head_pattern(["床号", "Card"]))
    assert rx.fullmatch("床 号") and rx.fullmatch("床  号") and rx.fullmatch("CARD") and not rx.search("Cardiology")


def test_label_head_rules_one_per_category() -> None:
    settings = load_config().label_heads
    assert settings is not None
    assert {r.label for r in label_head_rules(settings)} == set(settings.heads)


def test_label_heads_refuse_unknown_category() -> None:
    with pytest.raises(ValueError):
        LabelHeads(heads={"SHOE_SIZE": ["号"]}, value={"SHOE_SIZE": r"\d+"})


@pytest.mark.parametrize("text,value", [
    ("was admitted to bed 27 of the surgical ward", "27"),
    ("Oncology Infusion Suite, Chair 11\nNurse: on duty", "11"),
    ("please ring Dr Moss at 07 3346 9921 today", "07 3346 9921"),
    ("her daughter (6127 4480) is the contact", "6127 4480"),
    ("<病人信息><年龄>93</年龄></病人信息>", "93"),              # an XML element named in Chinese
    ('<id root="2.16.840.1.113883.19" extension="QW7-5521-KP"/>', "QW7-5521-KP"),
    ("床位联系李护士 64471290，有事请留言", "64471290"),           # a number after a person's title
])
def test_more_number_shapes_found(detector: PhiDetector, text: str, value: str) -> None:
    start = text.index(value)
    assert "_" not in covered(detector, text)[start:start + len(value)]


@pytest.mark.parametrize("text,value", [
    ("sat in the chair 10 minutes before the infusion", "10"),
    ("操作员：某某 工号：4471 打印时间：2023-05-06", "4471"),        # a clerk's own number
    ("直线加速器 机器编号：LB7", "LB7"),
    ("对比剂：碘海醇（批号 7QK2WZP）80ml", "7QK2WZP"),              # a contrast agent is a drug
    ("MSH|^~\\&|LAB|HOSP|||20231004094000||ADT^A01|MSG55120934|P|2.5.1\r", "MSG55120934"),   # an HL7 message id
])
def test_more_codes_left_alone(detector: PhiDetector, text: str, value: str) -> None:
    start = text.index(value)
    assert set(covered(detector, text)[start:start + len(value)]) == {"_"}
