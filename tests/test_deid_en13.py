"""Branch deiden13 (issue 18): English habits of formats nobody tuned on (greetings, name-part labels, a name before
its birth date, vehicles, extensions, rooms, schools) and what is no PHI (a vaccine's or a drug's batch column, an
institution code, a dispensed quantity, an eponym, a country, a banner row). Fixtures written for these tests."""
from __future__ import annotations

import pytest

from deid_helpers import holds, spans
from oncostruct.extractors.text_tables import column_pairs


@pytest.mark.parametrize("text,category,value", [
    ('555-201-7734,"Hi Perpetua, reminder: your visit is on May 2, 2025."', "NAME", "Perpetua"),
    ("Hello Zebulon!\nYour results are ready.", "NAME", "Zebulon"),
    ("PT LAST: Quenby   FIRST: Isidore   SEX: M", "NAME", "Quenby"),
    ("PT LAST: Quenby   FIRST: Isidore   SEX: M", "NAME", "Isidore"),
    ("Last name: Okonjo-Reyes\nFirst name: Theodora", "NAME", "Okonjo-Reyes"),
    ("Prelim read on Isidore Quenby (DOB 03/04/1961): no bleed.", "NAME", "Isidore Quenby"),
    ("Questions: study coordinator Odile Fairweather, 555-0101.", "NAME", "Odile Fairweather"),
    ("FROM: office of Odile Fairweather  FAX 555-201-7734", "NAME", "Odile Fairweather"),
    ("Arrived via EMS unit Q71 from home.", "DEVICE_ID", "Q71"),
    ("Forklift FL-2280 involved? No.", "DEVICE_ID", "FL-2280"),
    ("Requested by: Odile Fairweather ext. 4417\nUnit: 5 North", "PHONE", "4417"),
    ("S: Isidore Quenby, Rm 214-B, 70-year-old male", "RECORD_NUMBER", "214-B"),
    ("To: Attendance Office, Hollowmere Ridge Elementary\n", "ORGANIZATION", "Hollowmere Ridge Elementary"),
    ("Larchfield Family Dentistry - Chart note\nPt: Isidore Quenby", "ORGANIZATION", "Larchfield Family Dentistry"),
    ("Student: Kiera Nolan  Grade: 4  School: Pinecrest Elementary", "ORGANIZATION", "Pinecrest Elementary"),
])
def test_found(detector, text: str, category: str, value: str) -> None:
    assert holds(detector, text, "en", category, value)


def test_name_after_a_strong_cue_spreads_its_words(detector) -> None:
    text = "Client: Isidore Quenby | DOB 1 Jan 1960\nS: Isidore reports less pain."
    assert ("NAME", "Isidore") in spans(detector, text, "en")


@pytest.mark.parametrize("text", [
    "B: Hx Graves' disease, T2DM. PMH: Parkinson's disease, afib on apixaban.",
    "Off school due to influenza A. May return when fever-free for 24 h.",
    "To: Attendance Office, please excuse the absence.",
    "Destination: Ghana, Peru   Travel dates: 2 weeks",
    "Vaccine                 Date         Lot       Clinician\nTyphoid Vi              8 Jun 2026  K30211B  RN\n",
    "Knee ext 0-115 deg, flex 120.",
    "Hi all, the clinic closes early.",
])
def test_no_name_or_device(detector, text: str) -> None:
    assert not [v for c, v in spans(detector, text, "en") if c in ("NAME", "DEVICE_ID", "PHONE")]


@pytest.mark.parametrize("text,value", [
    ("metformin 500 mg BID #180 x1 refill", "180"),
    ("Hep A #2                14 Nov 2026  K54102A  Nurse", "K54102A"),
    ("疫苗　剂次　接种日期　批号\n乙肝疫苗　第1剂　2024.03.19　B731950\n卡介苗　—　2024.03.19　Y2710443\n", "B731950"),
    ("疫苗　剂次　接种日期　批号\n乙肝疫苗　第1剂　2024.03.19　B731950\n卡介苗　—　2024.03.19　Y2710443\n", "Y2710443"),
    ("药品名称　规格　数量　批号\n注射用头孢唑林钠　1.0g　4支　B5120337\n", "B5120337"),
    ("某某人民医院　机构编码：H41207733018\n姓名：", "H41207733018"),
])
def test_product_numbers_are_no_phi(detector, text: str, value: str) -> None:
    lang = "en" if text.isascii() else "zh"
    i = text.index(value)
    assert not any(s.start < i + len(value) and i < s.end for s in detector.detect(text, lang))


def test_record_number_after_its_label_on_a_drug_line_stays(detector) -> None:
    text = "奥美拉唑肠溶胶囊 20mg 6粒 住院号：ZY58120437"
    assert holds(detector, text, "zh", "RECORD_NUMBER", "ZY58120437")


def test_banner_row_is_no_table_header() -> None:
    text = "FAX  FAX  FAX\nTO: Larchfield Pharmacy #12  FAX 555-201-7734\nDATE: 4/2/26  PAGES: 1\n"
    assert list(column_pairs(text)) == []


def test_serial_after_its_label_in_a_drug_cell_stays(detector) -> None:
    text = ("序号 | 药品 | 剂量 | 途径\n"
            "5 | 氟尿嘧啶 2.4g/m² 持续泵入46h（便携式化疗泵编号SN：EP-2020-51733） | | civ\n")
    assert holds(detector, text, "zh", "DEVICE_ID", "EP-2020-51733")


@pytest.mark.parametrize("text,found", [
    ("Vehicle: grey sedan, license plate 7KQR204, parked outside.", True),
    ("Addendum. PLATE# P10-42. This result cannot be used.", False),
])
def test_licence_plate_not_a_lab_plate(detector, text: str, found: bool) -> None:
    assert any(c == "DEVICE_ID" for c, _ in spans(detector, text, "en")) is found


def test_empty_person_label_before_a_heading(detector) -> None:
    text = "Soc. Sec. #: Client: FINAL PATHOLOGIC DIAGNOSIS. A. Prostate, biopsy."
    assert not [v for c, v in spans(detector, text, "en") if c == "NAME"]
