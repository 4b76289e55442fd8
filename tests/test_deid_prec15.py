"""De-identification precision and recall of NAME, DEVICE_ID and RECORD_NUMBER (issue 18, branch prec15): name
particles of Irish, Malay / Tamil and Arabic names (Ó, Ní, Nic, bin, binti, a/l, al-), the relation word a cue took
into a name span (my husband, her niece), a letter's closing word and a shift's role before a credential, an HL7
person name without its ID number, degree and name type, the lots of consumables, flush solutions and reagents
(no implant: benchmarks/PHI_GUIDELINE.md, DEVICE_ID), a brand's inner capital, a consultant's role after a surname, vehicle
plates after a plate word, an age with the sex in a table cell, SURNAME,GIVEN M, item codes in a bill that mixes tabs and
spaces, an employer's tax number, a name cell's ID bracket, a diagnosis object's name and
a found value spelled out letter by letter.

Every text here is invented for this file; each mechanism has cases it must find and cases it must leave alone.
"""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector
from oncostruct.extractors.deid.names import relation_cut
from tests.deid_helpers import spans, table_tests

FOUND = [
    # particles: Irish Ó / Ní / Nic, Malay bin / binti, Tamil a/l, Arabic al-, in capitals too
    ("en", "Dr Sorcha Ó Ceallaigh, Clinical Oncologist", "NAME", "Sorcha Ó Ceallaigh"),
    ("en", "Re: Síle Ní Dhuinn  DOB 21/02/1935", "NAME", "Síle Ní Dhuinn"),
    ("en", "cc: Orla Nic Aodha (patient)", "NAME", "Orla Nic Aodha"),
    ("en", "Patient: Ó CEALLAIGH, SÍOFRA   DOB 03/11/1951", "NAME", "Ó CEALLAIGH, SÍOFRA"),
    ("en", "Dear Dr Ó Ceallaigh,\nThank you for the referral.", "NAME", "Ó Ceallaigh"),
    ("en", "Discharging doctor: Dr Hafiz Iskandar bin Rahman  MCR 12345E", "NAME", "Hafiz Iskandar bin Rahman"),
    ("en", "Notifying clinician: Dr Nur Aisyah binti Kamal, Klinik Kesihatan", "NAME", "Nur Aisyah binti Kamal"),
    ("en", "Yours sincerely,\nDr Suresh a/l Ramasamy  MMC 12345", "NAME", "Suresh a/l Ramasamy"),
    # the name after a relation word and a closing word stays found
    ("en", "No fever. My husband Lorcan can drive me in tomorrow.", "NAME", "Lorcan"),
    ("en", "Her niece Siobhan Kearney was present at the visit.", "NAME", "Siobhan Kearney"),
    ("en", "Social: lives with her nephew Takeshi Pemberton (61 y) at home.", "NAME", "Takeshi Pemberton"),
    ("en", "Sincerely, Marta Lindgren, MD, Melanoma Clinic", "NAME", "Marta Lindgren"),
    ("en", "Off-going RN: Greta Halvorsen   Oncoming RN: Dmitri Okonkwo", "NAME", "Greta Halvorsen"),
    ("en", "Off-going RN: Greta Halvorsen   Oncoming RN: Dmitri Okonkwo", "NAME", "Dmitri Okonkwo"),
    ("en", "Son Tran was present.", "NAME", "Son Tran"),   # a capitalised given name that is a relation word
    # HL7 person names (XPN, XCN): the name parts; a name in an XCN's ID slot is the name
    ("en", "PID|1||12345^^^MRN^MR||KEHOE^MAEVE^K^^^^L||19360412|F", "NAME", "KEHOE^MAEVE"),
    ("en", "PV1|1|I|4W^202^38||||112233^MARLOWE^GRETA^^^^MD|||ONC", "NAME", "MARLOWE^GRETA"),
    ("zh", "PV1|1|I|外科^11^1306||||诸葛远^^^^^^^主任医师|||||", "NAME", "诸葛远"),
    # an implant's lot stays a device id
    ("zh", "右上臂PICC（导管批号MJ255576），外露5cm", "DEVICE_ID", "MJ255576"),
    ("en", "Implanted port (serial PJ4411907, lot REAV5521) flushed", "DEVICE_ID", "REAV5521"),
    ("zh", "输液港 产品序列号：PAS3312298  批号：LOT774012", "DEVICE_ID", "LOT774012"),
    # vehicle plates after a plate word, in any country's shape
    ("en", "Vehicle: 2020 Ford Transit  Plate KD19 RWX  VIN 1FTBW3XM5LKA12345", "DEVICE_ID", "KD19 RWX"),
    ("en", "Disabled parking: car registration TQ 512-307 noted on the form", "DEVICE_ID", "TQ 512-307"),
    ("en", "My car is a blue Yaris, reg KHW 4471.", "DEVICE_ID", "KHW 4471"),
    ("en", "Vehicle for the night visit: pool car RUX318.", "DEVICE_ID", "RUX318"),
    ("zh", "转运车辆：某急救中心3号车　车牌号：鲁Q HK7T52　随车医生", "DEVICE_ID", "鲁Q HK7T52"),
    # an age with the sex in a table cell, and after Sex/Age
    ("en", "| 2 | LUNDQVIST, ERIK J / E55120471 | Dr. Osei | 93M, metastatic melanoma |", "AGE", "93"),
    ("en", "Name: TSANG WAI MAN   Sex/Age: F/96\nHKID", "AGE", "96"),
    # SURNAME,GIVEN M without a space after the comma, and with its middle initial
    ("en", "2. PATIENT'S NAME (Last, First, MI): MARLOWE,GLENN R     3. BIRTH DATE: 04 22 1939", "NAME", "MARLOWE,GLENN R"),
    ("en", "| 3  | ADEYEMI, SAMUEL T / E528307194 | Dr. Lowe |", "NAME", "ADEYEMI, SAMUEL T"),
    # a consultant's surname before its role
    ("en", "authorised Dr Mabaso, Consultant Haematologist, 9 March 2020", "NAME", "Mabaso"),
    # a name cell without its ID bracket; a diagnosis object's "name" is no person's
    ("en", "Date | Mode | Interpreter | Purpose\n06/14/2024 | phone | Lena Fairbairn (ID 5327) | chemo teaching\n", "NAME",
     "Lena Fairbairn"),
    ("zh", '{"patient": {"name": "柏思远"}, "diagnosis": [{"code": "C25.0", "name": "胰头导管腺癌"}]}', "NAME", "柏思远"),
    # a name found once, spelled out letter by letter further on
    ("en", "dictating a clinic letter for Rory Pickering, that's P I C K E R I N G for the surname, hospital number 5521",
     "NAME", "P I C K E R I N G"),
    # a consumable's word holds back lots only: a specimen number after it stays the patient's
    ("en", "cultures of patient and unit bag (specimens 417730921, 530094417) no growth", "RECORD_NUMBER", "530094417"),
]

LEFT_ALONE = [
    ("en", "No fever. My husband Lorcan can drive me in tomorrow.", "NAME", "husband"),
    ("en", "Her niece Siobhan Kearney was present at the visit.", "NAME", "niece"),
    ("en", "3. My son would like to come to the appointment too.", "NAME", "My son"),
    ("en", "Social: lives with her nephew Takeshi Pemberton (61 y) at home.", "NAME", "nephew"),
    ("en", "Sincerely, Marta Lindgren, MD, Melanoma Clinic", "NAME", "Sincerely"),
    ("en", "Off-going RN: Greta Halvorsen   Oncoming RN: Dmitri Okonkwo", "NAME", "Oncoming"),
    ("en", "Off-going RN: Greta Halvorsen   Oncoming RN: Dmitri Okonkwo", "NAME", "Off-going"),
    ("en", "PID|1||12345^^^MRN^MR||KEHOE^MAEVE^K^^^^L||19360412|F", "NAME", "^^^^L"),
    ("en", "PV1|1|I|4W^202^38||||112233^MARLOWE^GRETA^^^^MD|||ONC", "NAME", "^^^^MD"),
    ("en", "PV1|1|I|4W^202^38||||112233^MARLOWE^GRETA^^^^MD|||ONC", "NAME", "112233"),
    # consumables, flush solutions and reagents: their lots are no patient's device
    ("en", "CADD pump, pump serial QX7712093. Bag lot 551902B (pharmacy).", "DEVICE_ID", "551902B"),
    ("en", "Serial: PMP-7730125   Reservoir lot QT4410K (5-FU over 46 h)", "DEVICE_ID", "QT4410K"),
    ("en", "Note: heparin lock lot HZ5521Q exp 05/2026. Needle changed.", "DEVICE_ID", "HZ5521Q"),
    ("en", "Port needle changed; Huber 20G x 3/4\" (lot NB7731C). Flushed.", "DEVICE_ID", "NB7731C"),
    ("zh", "卫生材料费      1       3120.00    留置针 批号：C7741205", "DEVICE_ID", "C7741205"),
    ("zh", "打印机 ZT410 #2  耗材批号 55102938", "DEVICE_ID", "55102938"),
    ("zh", "仪器: XN-1000  试剂Lot：C5521093", "DEVICE_ID", "C5521093"),
    ("zh", "无损伤针规格：22G×19mm（批号H55102937，非植入物）", "DEVICE_ID", "H55102937"),
    ("en", "Take as directed. Do not crush.\nLot QW7731XZ  Exp 05/2027  NDC 12345-678-90", "DEVICE_ID", "QW7731XZ"),
    ("zh", "使用直线切割闭合器（某品牌，批号KQ5T21P8，非植入）。术中", "DEVICE_ID", "KQ5T21P8"),
    ("en", "Date | Mode | Interpreter | Purpose\n06/14/2024 | phone | Lena Fairbairn (ID 5327) | chemo teaching\n", "NAME",
     "(ID 5327)"),
    ("zh", '{"patient": {"name": "柏思远"}, "diagnosis": [{"code": "C25.0", "name": "胰头导管腺癌"}]}', "NAME", "胰头导管腺癌"),
    # plates: a count, a cell therapy, a date
    ("en", "platelet count 120, plate count 3, CAR T-cell therapy planned", "DEVICE_ID", "plate count 3"),
    ("en", "A. INFILTRATING DUCT CARCINOMA 1.0 X 1.0 X 0.9 CM", "DEVICE_ID", "CINOMA 1.0"),
    ("en", "| 88M | MRN 1 |", "AGE", "88"),
    ("en", "authorised Dr Mabaso, Consultant Haematologist, 9 March 2020", "NAME", "Consultant"),
    # a brand's inner capital: a product, no name
    ("en", "DEVICE|MODEL|UDI\n植入式给药装置|PowerPort ClearVUE|(01)00801861977496(17)231231", "NAME", "PowerPort ClearVUE"),
    # an item code in a bill whose rows mix tabs and spaces under a header parted by spaces
    ("zh", "项目名称  项目编码   金额(元)  类别\n床位费     330100015\t   725.00\t丙\n西药费     250301001\t  9825.00\t乙\n",
     "RECORD_NUMBER", "250301001"),
    # an employer's tax number, a markdown table's organisation code, an administrative division's code
    ("en", "25. FEDERAL TAX I.D. NUMBER: 71-4430921 EIN    26. PATIENT'S ACCOUNT NO.: 88120", "RECORD_NUMBER", "71-4430921"),
    ("zh", "|医疗机构|某某医院|\n|组织机构代码|33104498-2|\n", "RECORD_NUMBER", "33104498-2"),
    ("zh", "行政区划代码:330106　　死者姓名:胡某", "RECORD_NUMBER", "330106"),
]

test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)


@pytest.mark.parametrize("text,name", [
    ("my husband Lorcan Reddy", "Lorcan Reddy"),
    ("Her niece Siobhan Kearney", "Siobhan Kearney"),
    ("nephew Takeshi Pemberton", "Takeshi Pemberton"),
    ("Son Tran", "Son Tran"),          # capitalised: a name's own word
    ("daughter", ""),                  # a relation word alone names nobody
    ("my son", ""),
    ("My Nguyen", "My Nguyen"),        # a possessive without a relation after it stays
])
def test_relation_cut(text: str, name: str) -> None:
    cues = ["husband", "niece", "nephew", "son", "daughter"]
    assert text[relation_cut(text, 0, len(text), cues):] == name


def test_hl7_name_bounds(detector: PhiDetector) -> None:
    text = "PV1|1|I|4W^202^38||||112233^MARLOWE^GRETA^^^^MD|||ONC\nNK1|1|DOYLE^PADRAIG|HUS^husband^HL70063"
    names = [v for c, v in spans(detector, text, "en") if c == "NAME"]
    assert names == ["MARLOWE^GRETA", "DOYLE^PADRAIG"]
