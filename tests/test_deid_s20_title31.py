"""s20-title31: titles, aliases, kin words, role lists, masked and custodial identifiers (synthetic values only)."""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector


@pytest.fixture(scope="module")
def detector() -> PhiDetector:
    return PhiDetector()


def _found(detector: PhiDetector, text: str) -> set[tuple[str, str]]:
    return {(text[s.start:s.end], s.category) for s in detector.detect(text)}


@pytest.mark.parametrize("text, value, category", [
    ("身份证号 3301021975****402X\n工作单位 某某公司", "3301021975****402X", "ID_NUMBER"),
    ("Veteran: DOE J  Last 4: 4821  ICN: 1000000001", "4821", "ID_NUMBER"),
    ("JANE ROE   DOC #: #551203   Housing: Unit B-3, Cell 114\n", "#551203", "ID_NUMBER"),
    ("JANE ROE   DOC #: #551203   Housing: Unit B-3, Cell 114\n", "Unit B-3, Cell 114", "RECORD_NUMBER"),
    ("姓名：某某　监室：603监室\n年龄：50岁", "603监室", "RECORD_NUMBER"),
    ("职业病诊断证明书\n编号：某县职诊〔2021〕61号\n劳动者姓名：某某", "某县职诊〔2021〕61号", "RECORD_NUMBER"),
    ("申请日期：2021年1月2日　诊断证明书编号：职诊〔2022〕15号\n", "职诊〔2022〕15号", "RECORD_NUMBER"),
    ("被监管人员姓名：郑小红（别名：郑三娃）\n", "郑三娃", "NAME"),
    ("化疗后乏力，婆婆汪秋兰92岁同住照看", "汪秋兰", "NAME"),
    ("随访登记本  村医：邝长顺\n日期", "邝长顺", "NAME"),
    ("社区医生钱有福将上门随访", "钱有福", "NAME"),
    ("由民警龙海波、贺志远押解至某县医院", "贺志远", "NAME"),
    ("  3) 卢国栋 50岁 电话13800000000", "卢国栋", "NAME"),
])
def test_title31_found(detector: PhiDetector, text: str, value: str, category: str) -> None:
    assert (value, category) in _found(detector, text)


@pytest.mark.parametrize("text, value", [
    ("last 4 cycles: 300 to 450 mg", "300"),
    ("Last 4: 1200 mg daily", "1200"),
    ("依据《办法》（国卫疾控发〔2013〕48号）执行", "国卫疾控发〔2013〕48号"),
    ("卡号 6222****1234", "6222****1234"),
    ("婆婆说孩子93岁时", "说孩子"),
    ("民警、护士陪同", "护士"),
    ("3) 术后 50岁", "术后"),
])
def test_title31_not_phi(detector: PhiDetector, text: str, value: str) -> None:
    assert value not in {v for v, _ in _found(detector, text)}


def test_title31_drug_alias_is_not_a_name(detector: PhiDetector) -> None:
    text = "对乙酰氨基酚（别名：扑热息痛）口服"
    assert not [s for s in detector.detect(text) if s.category == "NAME"]


def test_title31_examinee_staff_number(detector: PhiDetector) -> None:
    text = "受检者：严秋华｜工号：KQ40213｜单位：某某有限公司"
    assert ("KQ40213", "ID_NUMBER") in _found(detector, text)
    clerk = "主检医师：周一鸣｜工号：7012"
    assert ("7012", "ID_NUMBER") not in _found(detector, clerk)
