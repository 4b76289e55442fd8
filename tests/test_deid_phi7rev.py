"""De-identification, blind set 7 read as development data (issue 18, branch phi7rev): a Chinese organisation after
a list or footnote mark (☑, ²) or a comma, with 和 inside its name, before a continuation (申请复核, 援助项目); a count
of beds is no bed number; role and addressee nouns after a name cue are no names; a version number is no date.

Every text here is invented for this file; each mechanism has cases it must find and cases it must leave alone.
"""
from __future__ import annotations

import pytest

from tests.deid_helpers import spans

from oncostruct.extractors.deid.detect import PhiDetector


FOUND = [
    ("zh", "如对答复有异议，可向南京市卫生健康委员会申请复核。", "ORGANIZATION", "南京市卫生健康委员会"),
    ("zh", "已获其他救助：☑中国红十字基金会援助项目 ☐民政救助", "ORGANIZATION", "中国红十字基金会"),
    ("zh", "联系人：其兄（同事，武汉钢铁集团）\n", "ORGANIZATION", "武汉钢铁集团"),
    ("zh", "其子（外地务工，杭州市西湖区文一小学）\n", "ORGANIZATION", "杭州市西湖区文一小学"),
    ("zh", "赵一¹，钱二²\n¹某省肿瘤医院肿瘤科；²四川大学华西公共卫生学院\n", "ORGANIZATION", "四川大学华西公共卫生学院"),
    ("zh", "\n    江苏正和律师事务所（以下简称本所）接受委托", "ORGANIZATION", "江苏正和律师事务所"),
    ("zh", "普外科  12床  王明\n", "RECORD_NUMBER", "12床"),
    ("en", "Seen on 03/15/2015 in clinic.", "DATE", "03/15/2015"),
]

LEFT = [
    ("zh", "  人员——夜班1人管理24床；新护士独立值班", "RECORD_NUMBER", "24床"),
    ("zh", "本病区开放60床，共40床已满。", "RECORD_NUMBER", "60床"),
    ("zh", "本病区开放60床，共40床已满。", "RECORD_NUMBER", "40床"),
    ("zh", "[住院医生工作站 V8.3.12]  当前用户", "DATE", "8.3.12"),
    ("en", "ONCOLOGY (Nurse Practitioner)   Protocol 4", "NAME", "Practitioner"),
    ("en", "Call the Oncology Nurse Line with questions.", "NAME", "Line"),
    ("en", "March 3, 2024\n\nDear Teachers,\nThank you", "NAME", "Teachers"),
    ("en", "No. 24-CV-1234\n\nDear Counsel:\nEnclosed", "NAME", "Counsel"),
    ("zh", "，考虑转移可能，建议复查。", "ORGANIZATION", "考虑转移可能"),
    ("zh", "患者在大学期间曾患肝炎。", "ORGANIZATION", "大学"),
]


@pytest.mark.parametrize("lang,text,category,value", FOUND)
def test_found(detector: PhiDetector, lang: str, text: str, category: str, value: str) -> None:
    assert (category, value) in spans(detector, text, lang)


@pytest.mark.parametrize("lang,text,category,value", LEFT)
def test_left_alone(detector: PhiDetector, lang: str, text: str, category: str, value: str) -> None:
    i = text.find(value)
    assert i >= 0
    assert not any(s.category == category and s.start < i + len(value) and i < s.end
                   for s in detector.detect(text, lang))


def test_names_still_found_after_role_cues(detector: PhiDetector) -> None:
    text = "Signed by: Jane Roe, NP\nNurse: Maria Lopez\n"
    found = spans(detector, text, "en")
    assert ("NAME", "Jane Roe") in found and ("NAME", "Maria Lopez") in found
