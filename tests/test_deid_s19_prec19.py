"""Precision of the PHI detector on hospital-operations paperwork (session 19, branch prec19): a department written
after its organisation on a title line (in one span with it, after a campus in brackets, or on the letterhead's
next line), a fixed-width table whose row runs two cells together, a software vendor in machine metadata, a field
rule's bare header cell and the lot of an item applied in care. Negative tests keep what stays PHI.

Every text here is invented for this file.
"""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector
from tests.deid_helpers import spans


def values(detector: PhiDetector, text: str, category: str, lang: str = "en") -> list[str]:
    return [v for c, v in spans(detector, text, lang) if c == category]


def everything(detector: PhiDetector, text: str, lang: str = "en") -> list[str]:
    return [v for _, v in spans(detector, text, lang)]


# --- a department after its organisation on a title line is no part of the ORGANIZATION ------------------------

@pytest.mark.parametrize("text, org, unit", [
    ("*** TRAY CARD ***\nOakridge Valley Hospital Clinical Dietetics Services\nDiet: soft\n",
     "Oakridge Valley Hospital", "Clinical Dietetics Services"),
    ("HOME LOAN FORM\nPinecrest Regional Medical Center Mobility Aids Library\nItem: walker\n",
     "Pinecrest Regional Medical Center", "Mobility Aids Library"),
])
def test_a_department_in_one_span_with_its_organisation_is_cut_off(detector: PhiDetector, text: str, org: str,
                                                                    unit: str) -> None:
    orgs = values(detector, text, "ORGANIZATION")
    assert org in orgs
    assert not any(unit in o for o in orgs)


@pytest.mark.parametrize("text, org, unit", [
    ("病区交班本\n白沙县第三人民医院（东院区）  药剂科  第8页\n日期", "白沙县第三人民医院（东院区）", "药剂科"),
    ("【白沙县第三人民医院（东院区） 血液内科 一览表】\n更新", "白沙县第三人民医院（东院区）", "血液内科"),
    ("隔离登记本\n白沙县第三人民医院 感染管理科   第3页\n", "白沙县第三人民医院", "感染管理科"),
])
def test_a_chinese_title_line_keeps_the_hospital_with_its_campus_only(detector: PhiDetector, text: str, org: str,
                                                                      unit: str) -> None:
    orgs = values(detector, text, "ORGANIZATION", "zh")
    assert org in orgs
    assert unit not in orgs and not any(unit in o for o in orgs)


def test_a_campus_in_brackets_is_part_of_the_hospital_in_a_sentence(detector: PhiDetector) -> None:
    text = "患者此前在白沙县第三人民医院（东院区）行手术。"
    assert "白沙县第三人民医院（东院区）" in values(detector, text, "ORGANIZATION", "zh")


def test_an_office_on_the_letterheads_next_line_is_no_organisation(detector: PhiDetector) -> None:
    text = "Greyfield Community Hospital\nPatient Advocacy Office\n77 Orchard Row\nDear Ms Lintott,\n"
    orgs = values(detector, text, "ORGANIZATION")
    assert "Greyfield Community Hospital" in orgs
    assert "Patient Advocacy Office" not in orgs


def test_a_department_in_a_header_field_stays(detector: PhiDetector) -> None:
    text = "Transfer note\nPatient: Corin Abbotsley\n科室：感染管理科\nService: Department of Hematology\n"
    found = " ".join(values(detector, text, "ORGANIZATION"))
    assert "Department of Hematology" in found


# --- a fixed-width table whose row runs two cells together ------------------------------------------------------

THEATRE = ("Theatre  Time  Patient                Age  MRN         Operation                       Surgeon         Anaesthetist\n"
           "T2 0810        HALVORSEN, Ida         91y  Q7730142    Laparoscopic cholecystectomy    Bram Oduya  Feltham\n"
           "T11 1145       MARKOVA, Teodor        52y  004417803   Hickman line removal            Ilse Brandt  Ostrander\n")


def test_a_procedure_cell_is_no_record_number_when_two_cells_run_together(detector: PhiDetector) -> None:
    records = values(detector, THEATRE, "RECORD_NUMBER")
    assert "Q7730142" in records and "004417803" in records
    assert not any("cholecystectomy" in r or "removal" in r for r in records)
    assert "91y" in values(detector, THEATRE, "AGE")


def test_the_anaesthetist_column_holds_a_name(detector: PhiDetector) -> None:
    found = " ".join(values(detector, THEATRE, "NAME"))
    assert "Feltham" in found and "Ostrander" in found


# --- machine metadata, masked numbers, header cells, lots ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "BEGIN:VCALENDAR\nPRODID:-//Contoso Software Corporation//Planner 9.1//EN\nVERSION:2.0\n",
    '<!DOCTYPE html PUBLIC "-//Acme Standards Foundation//DTD XHTML 1.0//EN">\n',
])
def test_a_public_identifiers_vendor_is_no_organisation(detector: PhiDetector, text: str) -> None:
    assert values(detector, text, "ORGANIZATION") == []


def test_a_company_outside_an_identifier_stays(detector: PhiDetector) -> None:
    text = "Equipment delivered by Contoso Medical Supply Corporation on Friday."
    assert values(detector, text, "ORGANIZATION")


def test_a_header_cell_of_a_register_is_no_name(detector: PhiDetector) -> None:
    text = ("序号｜姓名｜年龄｜开方医生｜调配｜核对｜发药时间\n"
            "1｜柯文涛｜61｜欧阳静｜祁小东｜房立新｜08:30\n")
    names = values(detector, text, "NAME", "zh")
    assert "调配" not in names and "核对" not in names
    assert "柯文涛" in names


def test_the_lot_of_an_item_applied_in_care_is_no_device(detector: PhiDetector) -> None:
    text = "Sacrum: stage 2. Silicone foam border applied (lot 584112).\nHeels intact."
    assert values(detector, text, "DEVICE_ID") == []


def test_an_implants_lot_stays(detector: PhiDetector) -> None:
    text = "Implanted port: PowerFlow 8F, lot 77QX4120, placed in the right chest."
    assert "77QX4120" in " ".join(everything(detector, text))
