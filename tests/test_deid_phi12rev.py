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

_HL7 = ("MSH|^~\\&|EPIC|OAK|X|Y|202301011200||ADT^A01|123|P|2.5.1\n"
        "PID|1||1234567^^^OAK^MR||DOE^JANE||19600101|F|||1 Elm St^^Town^OH^43000^USA||^PRN^PH^^1^617^5550123\n")

FOUND = [
    ("en", "this is dr agnes whitford dictating an operative note on gideon ostrander medical record", "NAME",
     "gideon ostrander"),
    ("en", "surgeon myself assistant agnes whitford anesthesia general", "NAME", "agnes whitford"),
    ("en", "\"hi um this is gideon holloway calling for doctor whitford uh", "NAME", "gideon holloway"),
    ("en", "Patient's Last Name (as on health card): Ostrander\nPatient's First & Middle Names: Agnes T.\n", "NAME", "Ostrander"),
    ("en", "Patient's Last Name (as on health card): Ostrander\nPatient's First & Middle Names: Agnes T.\n", "NAME", "Agnes T."),
    ("en", "Patient's details  Title: Mr  Family name: HOLLOWAY  First given name: GIDEON\n", "NAME", "GIDEON"),
    ("en", "Visited Gideon at bedside (Oakfield Hospital, room 412) at request of nurse Agnes.", "NAME", "Gideon"),
    ("en", "Visited Gideon at bedside (Oakfield Hospital, room 412) at request of nurse Agnes.", "NAME", "Agnes"),
    ("en", "Visited Gideon at bedside (Oakfield Hospital, room 412) at request of nurse Agnes.", "RECORD_NUMBER", "412"),
    ("en", "Subject: RE: transfer of Szabo (7654321)\n", "NAME", "Szabo"),
    ("en", '[user] account=g@example.org display_name="Gideon" dob=2001-02-03', "NAME", "Gideon"),
    ("en", "Subject ID: 123-4567   Initials: R-M   Year of birth: 1990", "NAME", "R-M"),
    ("zh", "| 筛选号 | 姓名缩写 | 病历号 |\n|---|---|---|\n| S123-001 | QWTX | 12345678 |\n", "NAME", "QWTX"),
    ("zh", "临时编号：无名氏-20231234　急诊号：JZ12345678", "RECORD_NUMBER", "无名氏-20231234"),
    ("zh", "调解协议书　（2025）医调字第12号\n申请人：某某", "RECORD_NUMBER", "（2025）医调字第12号"),
    ("zh", "患者：好的，能加您微信吗？我的是wxid_ab12cd3\n", "CONTACT", "wxid_ab12cd3"),
    ("en", "Date of Birth: 1979 / 11 / 03\n", "DATE", "1979 / 11 / 03"),
    ("en", "I-1 father Tomas Reyes, d. 1985 prostate ca; II-2 sister Ana (b. 1990), unaffected", "DATE", "1985"),
    ("en", "II-3 brother, age 49, deceased 2021\n", "DATE", "2021"),
    ("zh", "现金12元，电动车钥匙（车牌苏B·K3D7Q）\n", "DEVICE_ID", "苏B·K3D7Q"),
    ("zh", "送往医院：某医院急诊科　车辆：皖C4521急　监护仪", "DEVICE_ID", "皖C4521急"),
    ("en", "1. Patient's Medicare card number: 2951 60843 1   IRN: 2", "ID_NUMBER", "2951 60843 1"),
    ("en", "   Suburb: TALLAWONG  State: NSW  Postcode: 2762\n", "ADDRESS", "TALLAWONG"),
    ("en", "   Suburb: TALLAWONG  State: NSW  Postcode: 2762\n", "ADDRESS", "2762"),
    ("en", "Contact: mobile 07700 900123; daughter", "PHONE", "07700 900123"),
    ("en", _HL7, "PHONE", "5550123"),
    ("en", "Plaintiff, v. Tollway Freight Lines, Inc., Defendant.", "ORGANIZATION", "Tollway Freight Lines, Inc."),
    ("en", "my date of birth is may 3 1990 i had the scope on may 3 and", "DATE", "may 3 1990"),
    ("en", "please send a copy to dr whitford at oakbrook memorial hospital fax 555", "ORGANIZATION",
     "oakbrook memorial hospital"),
    ("zh", "发现地点：云川市桐叶路与锦华街交叉口公交站\n随身物品", "ADDRESS", "云川市桐叶路与锦华街交叉口公交站"),
    ("zh", "入住被申请人桐城仁和医院消化内科（住院号ZY2023000111）", "ORGANIZATION", "桐城仁和医院"),
]

LEFT_ALONE = [
    ("en", "Patient's details  Title: Mr  Family name: HOLLOWAY", "NAME", "Family"),
    ("en", "   Provider: Dr Agnes Whitford  Provider number 223344BX", "NAME", "Provider number"),
    ("en", "Clinician: Dr. Agnes Whitford  Billing # 108751", "NAME", "Billing"),
    ("en", "MDT: Agnes Whitford (Oncology)\nCases:\n1. Gideon Holloway", "NAME", "Cases"),
    ("en", "Routed to: Pool - GI nurses (Agnes Whitford)", "NAME", "Pool"),
    ("en", "this is best considered a benign lesion; this is more consistent with", "NAME", "best considered"),
    ("en", "report on right lower lobe nodule", "NAME", "right lower"),
    ("en", "call me back at 203 555 7865 or my son wren at 521.555.0333", "NAME", "son"),
    ("en", "transferred to the hospital and then to community cancer center", "ORGANIZATION", "the hospital"),
    ("en", "Agnes Whitford | Transfer Center | direct 308-555-2401", "ORGANIZATION", "Transfer Center"),
    ("en", "Oncology), Agnes Whitford (CNS)\nCases:", "ORGANIZATION", "CNS"),
    ("en", "it may 3 times a day", "DATE", "may 3"),
    ("en", "on room air, room 20 minutes later", "RECORD_NUMBER", "20"),
    ("zh", "| 物品 | 术前 | 关腔前 | 关腔后 |\n|---|---|---|---|\n| 纱布 | 20 | 20 | 20 |\n", "NAME", "关腔前"),
    ("zh", "浙A类药品，鲁C级", "DEVICE_ID", "浙A类"),
    ("zh", "国发〔2024〕12号文件", "RECORD_NUMBER", "国发〔2024〕12号"),
]


@pytest.mark.parametrize("lang,text,category,value", FOUND)
def test_found(detector: PhiDetector, lang: str, text: str, category: str, value: str) -> None:
    assert holds(detector, text, lang, category, value), spans(detector, text, lang)


@pytest.mark.parametrize("lang,text,category,value", LEFT_ALONE)
def test_left_alone(detector: PhiDetector, lang: str, text: str, category: str, value: str) -> None:
    assert not touches(detector, text, lang, category, value), spans(detector, text, lang)
