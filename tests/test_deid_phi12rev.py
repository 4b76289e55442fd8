"""De-identification on unseen formats (issue 18, branch phi12rev): names in lower case after a dictation's or a
transcript's cue (one word, or two before a given name and a surname), a form's name fields (a bracketed note, first &
middle names, a name in capitals), role cues (nurse, visited, transfer of, display_name), hyphenated initials, an
initials column, names without their accents; an unidentified patient's temporary number, an agreement's document
number, a messaging account said in a chat, a year-first spaced date, a relative's year of birth or death, a Chinese
number plate, an Australian Medicare number and suburb / postcode, a UK mobile, a room number, HL7 XTN parts, a
company with ", Inc.", "may" as a month, an organisation in lower case, an intersection's bus stop; and what is no
PHI (a claim form's field words, a list heading, anatomy sides, a header row's cells, a transfer centre, CNS).

Every text here is invented for this file; each mechanism has cases it must find and cases it must leave alone.
"""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector
from tests.deid_helpers import holds, spans, touches

_FORM = "Patient's Last Name (as on health card): Ostrander\nPatient's First & Middle Names: Agnes T.\n"
_HL7 = ("MSH|^~\\&|EPIC|OAK|X|Y|202301011200||ADT^A01|123|P|2.5.1\n"
        "PID|1||1234567^^^OAK^MR||DOE^JANE||19600101|F|||1 Elm St^^Town^OH^43000^USA||^PRN^PH^^1^617^5550123\n")

FOUND: dict[str, list[tuple[str, str, str]]] = {
    'NAME': [
        ('en', 'this is dr agnes whitford dictating an operative note on gideon ostrander medical record',
         'gideon ostrander'),
        ('en', 'surgeon myself assistant agnes whitford anesthesia general', 'agnes whitford'),
        ('en', '"hi um this is gideon holloway calling for doctor whitford uh', 'gideon holloway'),
        ('en', _FORM, 'Ostrander'),
        ('en', _FORM, 'Agnes T.'),
        ('en', "Patient's details  Title: Mr  Family name: HOLLOWAY  First given name: GIDEON\n", 'GIDEON'),
        ('en', 'Visited Gideon at bedside (Oakfield Hospital, room 412) at request of nurse Agnes.', 'Gideon'),
        ('en', 'Visited Gideon at bedside (Oakfield Hospital, room 412) at request of nurse Agnes.', 'Agnes'),
        ('en', 'Subject: RE: transfer of Kovacs (7654321)\n', 'Kovacs'),
        ('en', '[user] account=g@example.org display_name="Gideon" dob=2001-02-03', 'Gideon'),
        ('en', 'Subject ID: 123-4567   Initials: R-M   Year of birth: 1990', 'R-M'),
        ('zh', '| 筛选号 | 姓名缩写 | 病历号 |\n|---|---|---|\n| S123-001 | QWTX | 12345678 |\n', 'QWTX'),
        ('zh', '送诊民警：柯立群（警号123456），某市公安局', '柯立群'),
        ('zh', '医师：谢岚舟\u3000调剂：严晓梅\n代煎', '严晓梅'),
    ],
    'RECORD_NUMBER': [
        ('en', 'Visited Gideon at bedside (Oakfield Hospital, room 412) at request of nurse Agnes.', '412'),
        ('zh', '临时编号：无名氏-20231234\u3000急诊号：JZ12345678', '无名氏-20231234'),
        ('zh', '调解协议书\u3000（2025）医调字第12号\n申请人：某某', '（2025）医调字第12号'),
    ],
    'CONTACT': [
        ('zh', '患者：好的，能加您微信吗？我的是wxid_ab12cd3\n', 'wxid_ab12cd3'),
    ],
    'DATE': [
        ('en', 'Date of Birth: 1979 / 11 / 03\n', '1979 / 11 / 03'),
        ('en', 'I-1 father Tomas Reyes, d. 1985 prostate ca; II-2 sister Ana (b. 1990), unaffected', '1985'),
        ('en', 'II-3 brother, age 49, deceased 2021\n', '2021'),
        ('en', 'my date of birth is may 14 1983 i had the scope on may 14 and', 'may 14 1983'),
    ],
    'DEVICE_ID': [
        ('zh', '现金12元，电动车钥匙（车牌苏B·K3D7Q）\n', '苏B·K3D7Q'),
        ('zh', '送往医院：某医院急诊科\u3000车辆：皖C4521急\u3000监护仪', '皖C4521急'),
    ],
    'ID_NUMBER': [
        ('en', "1. Patient's Medicare card number: 2951 60843 1   IRN: 2", '2951 60843 1'),
    ],
    'ADDRESS': [
        ('en', '   Suburb: TALLAWONG  State: NSW  Postcode: 2762\n', 'TALLAWONG'),
        ('en', '   Suburb: TALLAWONG  State: NSW  Postcode: 2762\n', '2762'),
        ('zh', '发现地点：云川市桐叶路与锦华街交叉口公交站\n随身物品', '云川市桐叶路与锦华街交叉口公交站'),
    ],
    'PHONE': [
        ('en', 'Contact: mobile 07700 900123; daughter', '07700 900123'),
        ('en', _HL7, '5550123'),
    ],
    'ORGANIZATION': [
        ('en', 'Plaintiff, v. Tollway Freight Lines, Inc., Defendant.', 'Tollway Freight Lines, Inc.'),
        ('en', 'please send a copy to dr whitford at oakbrook memorial hospital fax 555', 'oakbrook memorial hospital'),
        ('zh', '入住被申请人桐城仁和医院消化内科（住院号ZY2023000111）', '桐城仁和医院'),
    ],
}

LEFT_ALONE: dict[str, list[tuple[str, str, str]]] = {
    'NAME': [
        ('en', "Patient's details  Title: Mr  Family name: HOLLOWAY", 'Family'),
        ('en', '   Provider: Dr Agnes Whitford  Provider number 223344BX', 'Provider number'),
        ('en', 'Clinician: Dr. Agnes Whitford  Billing # 640217', 'Billing'),
        ('en', 'MDT: Agnes Whitford (Oncology)\nCases:\n1. Gideon Holloway', 'Cases'),
        ('en', 'Routed to: Pool - GI nurses (Agnes Whitford)', 'Pool'),
        ('en', 'this is best considered a benign lesion; this is more consistent with', 'best considered'),
        ('en', 'report on right lower lobe nodule', 'right lower'),
        ('en', 'call me back at 203 555 1947 or my son felix at 521.555.0719', 'son'),
        ('zh', '| 物品 | 术前 | 关腔前 | 关腔后 |\n|---|---|---|---|\n| 纱布 | 20 | 20 | 20 |\n', '关腔前'),
    ],
    'ORGANIZATION': [
        ('en', 'transferred to the hospital and then to community cancer center', 'the hospital'),
        ('en', 'Agnes Whitford | Transfer Center | direct 308-555-6612', 'Transfer Center'),
        ('en', 'Oncology), Agnes Whitford (CNS)\nCases:', 'CNS'),
    ],
    'DATE': [
        ('en', 'it may 3 times a day', 'may 3'),
    ],
    'RECORD_NUMBER': [
        ('en', 'on room air, room 20 minutes later', '20'),
        ('zh', '国发〔2024〕12号文件', '国发〔2024〕12号'),
    ],
    'DEVICE_ID': [
        ('zh', '浙A类药品，鲁C级', '浙A类'),
    ],
}


def _cases() -> list[tuple[str, str, str, str, bool]]:
    """(lang, text, category, value, found?) for every case of the two tables."""
    return [(lang, text, category, value, wanted) for table, wanted in ((FOUND, True), (LEFT_ALONE, False))
            for category, rows in table.items() for lang, text, value in rows]


@pytest.mark.parametrize("lang,text,category,value,wanted", _cases())
def test_phi12rev_case(detector: PhiDetector, lang: str, text: str, category: str, value: str, wanted: bool) -> None:
    """A FOUND value lies inside a span of its category; a LEFT_ALONE value is touched by none."""
    ok = holds(detector, text, lang, category, value) if wanted else not touches(detector, text, lang, category, value)
    assert ok, spans(detector, text, lang)
