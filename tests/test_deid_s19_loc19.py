"""Staff-for-staff operational layouts (session 19, branch loc19): the patient's location as a care unit and its bed,
patients in the rows of schedules, boards and lists, organisers in iCalendar invites, a hospital's campus in
brackets; and the machinery of these layouts that is no PHI (iCalendar time zones, producers and event ids, a log
line's own sequence number, a conference room).

Every text here is invented for this file.
"""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector
from tests.deid_helpers import covered, spans


def values(detector: PhiDetector, text: str, category: str, lang: str = "en") -> list[str]:
    return [v for c, v in spans(detector, text, lang) if c == category]


@pytest.mark.parametrize("text, value", [
    ("Location: Unit 6D, Bed 12\nReason for call: drop in SpO2", "Unit 6D, Bed 12"),
    ("Priority: Routine\nFrom: 5 South Onc, Bed 7   To: CT scanner 2", "5 South Onc, Bed 7"),
    ("PASS TYPE: family\nDEST: Ward HEM3, Bed 2\nVALID UNTIL: 18:00", "Ward HEM3, Bed 2"),
    ("Ortiz, Lena\tUnit 2W, Bed 5\tK4410298\tMRSA", "Unit 2W, Bed 5"),
    ("Mrs Quell, 71, 9 East Surg, Bed 16, MRN K5512093, admitted", "9 East Surg, Bed 16"),
    ("the care your father received on Unit 8F, Bed 3 during the admission", "Unit 8F, Bed 3"),
    ("Where: 3 West Med, Bed 11 - family meeting", "3 West Med, Bed 11"),
])
def test_a_care_unit_with_its_bed_is_one_location(detector: PhiDetector, text: str, value: str) -> None:
    assert value in values(detector, text, "RECORD_NUMBER")


@pytest.mark.parametrize("text, value", [
    ("Unit | Bed | Patient | EDD\nUnit 2B | Bed 9 | K.L. | 14/03", "Unit 2B"),
    ("Incident type: fall\nLocation: Unit 5D\nDate of event: 03/02/2024", "Unit 5D"),
    ("Age: 62    Unit: Ward HEM3\n  History of falling: yes", "Ward HEM3"),
])
def test_a_care_unit_alone_in_its_column_or_after_its_field(detector: PhiDetector, text: str, value: str) -> None:
    assert covered(detector, text, value, "en")


@pytest.mark.parametrize("text", [
    "Unit 6B, bed 2 days after the move",
    "5 South Onc is full tonight; divert to 8 West.",
    "Unit price 5, Bed rest advised",
])
def test_no_location_without_a_bed_or_a_field(detector: PhiDetector, text: str) -> None:
    assert not [v for v in values(detector, text, "RECORD_NUMBER") if "Unit" in v or "North" in v]


@pytest.mark.parametrize("text, value", [
    ("Time  Patient  Ward\n09:15 Okonkwo, Adaeze  Unit 3B, Bed 4  ready", "Okonkwo, Adaeze"),
    ("Lounge arrivals\n22:10 Lindgren, Perpetua\tWard 2C\tpending", "Lindgren, Perpetua"),
])
def test_a_surname_comma_given_name_after_a_clock_time_in_a_row(detector: PhiDetector, text: str, value: str) -> None:
    assert covered(detector, text, value, "en")


@pytest.mark.parametrize("text", [
    "10:30 Vitals, stable and afebrile overnight.",
    "08:00 Review, then discharge  if stable",
])
def test_a_time_then_words_in_prose_is_no_row(detector: PhiDetector, text: str) -> None:
    assert not [v for c, v in spans(detector, text, "en") if c == "NAME" and "," in v]


@pytest.mark.parametrize("text, value", [
    ("床位一览表\n12床  祁晓峰 男 45岁  二级护理  肺癌", "祁晓峰"),
    ("台次  术间  姓名  性别  年龄\n1  OR03  祁晓峰  男  62  ZY3301", "祁晓峰"),
    ("台次 | 姓名 | 性别 | 年龄\n1 | 祁晓峰 | 女 | 70 | 556012", "祁晓峰"),
])
def test_a_name_before_its_sex_in_a_board_row(detector: PhiDetector, text: str, value: str) -> None:
    assert covered(detector, text, value, "zh")


@pytest.mark.parametrize("text, value", [
    ("台次  术间  姓名  性别  年龄\n1  OR03  祁晓峰  男  96  ZY3301", "96"),
    ("台次 | 姓名 | 性别 | 年龄\n1 | 祁晓峰 | 女 | 101 | 556012", "101"),
])
def test_an_age_over_89_after_the_sex_column(detector: PhiDetector, text: str, value: str) -> None:
    assert value in values(detector, text, "AGE", "zh")


@pytest.mark.parametrize("text", [
    "台次  术间  姓名  性别  年龄\n1  OR03  祁晓峰  男  62  ZY3301",
    "性别：男 95% 的患者",
])
def test_no_age_under_90_or_a_percentage_after_the_sex(detector: PhiDetector, text: str) -> None:
    assert values(detector, text, "AGE", "zh") == []


def test_no_row_name_without_an_age_after_the_sex(detector: PhiDetector) -> None:
    text = "统计\n| 合计 | 男 | 占比 |\n| 平均 | 女 | 占比 |"
    assert not [s for s in detector.detect(text, "zh") if s.rule == "deid.name_zh_row_before_sex"]


@pytest.mark.parametrize("text, value", [
    ("BEGIN:VEVENT\nORGANIZER;CN=\"Odile Ferrant\":mailto:oferrant@example.org\n", "Odile Ferrant"),
    ("ATTENDEE;ROLE=REQ-PARTICIPANT;CN=Quill Bastide:mailto:qb@example.org\n", "Quill Bastide"),
])
def test_the_display_name_of_an_organiser_or_attendee(detector: PhiDetector, text: str, value: str) -> None:
    assert covered(detector, text, value, "en")


def test_icalendar_machinery_is_no_phi(detector: PhiDetector) -> None:
    text = ("BEGIN:VCALENDAR\nPRODID:-//Contoso Corporation//Planner 9.1 MIMEDIR//EN\nBEGIN:VEVENT\n"
            "UID:55120934-8812@example-host\nDTSTART;TZID=Europe/Lisbon:20240312T143000\nEND:VEVENT\n")
    found = spans(detector, text, "en")
    assert not [v for c, v in found if c in ("NAME", "ORGANIZATION", "CONTACT")]
    assert not [v for c, v in found if "55120934" in v]


def test_a_log_lines_sequence_number_is_no_record(detector: PhiDetector) -> None:
    text = "2024-02-11 11:45  #4417  please call ext 2231 re: potassium"
    assert not [v for c, v in spans(detector, text, "en") if c == "RECORD_NUMBER" and "4417" in v]


def test_a_record_number_after_its_label_stays(detector: PhiDetector) -> None:
    assert "K5512093" in values(detector, "11:45  MRN #K5512093  call back", "RECORD_NUMBER")


@pytest.mark.parametrize("text, value", [
    ("护理记录\n青禾市第三人民医院（东院区）\n姓名 某某", "青禾市第三人民医院（东院区）"),
    ("于3月2日在青禾市第三人民医院（东院区）行手术。", "青禾市第三人民医院（东院区）"),
    ("Referred from Lakemoor General Hospital (North Campus)\n", "Lakemoor General Hospital (North Campus)"),
])
def test_a_hospital_with_its_campus_in_brackets(detector: PhiDetector, text: str, value: str) -> None:
    lang = "zh" if "院" in text else "en"
    assert value in values(detector, text, "ORGANIZATION", lang)


@pytest.mark.parametrize("text, value", [
    ("  医嘱日期：21.9.14  开立医师：某某", "21.9.14"),
    ("评估日期：22.12.3   评估护士：某某", "22.12.3"),
])
def test_a_two_digit_year_dotted_date_after_its_field(detector: PhiDetector, text: str, value: str) -> None:
    assert value in values(detector, text, "DATE", "zh")


def test_a_version_after_its_field_is_no_date(detector: PhiDetector) -> None:
    assert values(detector, "软件版本：21.9.14\n", "DATE", "zh") == []


def test_the_wards_of_a_transfer_header(detector: PhiDetector) -> None:
    text = "SBAR交接单\n转出：CCU → 转入：血液科   2024年1月3日"
    assert covered(detector, text, "CCU", "zh") and covered(detector, text, "血液科", "zh")


@pytest.mark.parametrize("text, value", [
    ("VISITOR: ODILE FERRANT\nVISITING: FERRANT/QUILL\nDEST: Unit 2A, Bed 6", "ODILE FERRANT"),
    ("VISITOR: ODILE FERRANT\nVISITING: FERRANT/QUILL\nDEST: Unit 2A, Bed 6", "FERRANT/QUILL"),
])
def test_a_name_in_capitals_after_a_persons_label(detector: PhiDetector, text: str, value: str) -> None:
    assert covered(detector, text, value, "en")


def test_no_name_from_a_capitals_phrase_after_a_label(detector: PhiDetector) -> None:
    assert values(detector, "VISITOR: NOT ALLOWED\n", "NAME") == []


@pytest.mark.parametrize("text, value", [
    ("  11:40  checks done, skin intact  - J.Ferrant\n", "J.Ferrant"),
    ("  12:10  fluids offered / Q.Bastide\n", "Q.Bastide"),
])
def test_an_initial_glued_to_a_surname_as_a_sign_off(detector: PhiDetector, text: str, value: str) -> None:
    assert covered(detector, text, value, "en")


@pytest.mark.parametrize("text", ["culture - E.Coli\n", "swab result / S.Aureus\n"])
def test_an_organism_is_no_sign_off(detector: PhiDetector, text: str) -> None:
    assert values(detector, text, "NAME") == []


def test_a_conference_room_is_no_patient_location(detector: PhiDetector) -> None:
    text = "LOCATION:Level 2\\, Conf Rm 4C\nDESCRIPTION:family meeting"
    assert not [v for v in values(detector, text, "RECORD_NUMBER") if "4C" in v]


@pytest.mark.parametrize("text, value", [
    ("DESCRIPTION:Family meeting. MRN K5512093\\nOdile Ferrant (sister) will join by phone.\\nRoom booked.",
     "Odile Ferrant"),
    ('{"note": "Reviewed today.\\nDaughter Mara Quell called back."}', "Mara Quell"),
])
def test_a_name_right_after_an_escaped_line_break(detector: PhiDetector, text: str, value: str) -> None:
    assert covered(detector, text, value, "en")


def test_escape_view_keeps_offsets() -> None:
    from oncostruct.extractors.deid.escapes import escape_view
    text = "a\\nBob and c:\\\\nodes"
    view, starts = escape_view(text)
    assert len(view) == len(text) and view[1:3] == " \n" and starts == [3]
    assert escape_view("no escapes here") is None


def test_words_under_a_record_numbers_column_are_no_number(detector: PhiDetector) -> None:
    text = ("Rm   Start  Patient              MRN        Procedure\n"
            "OR3  08:00  QUELL, Mara          K5512093   Port insertion\n"
            "OR4 09:10  FERRANT, Odile      K5512094  Mastectomy and SLNB   \n")
    rn = values(detector, text, "RECORD_NUMBER")
    assert not [v for v in rn if "Mastectomy" in v or "Port" in v]


@pytest.mark.parametrize("text, lang", [
    ("Roe J. J Clin Oncol 2019;37:90-8 (page 96)\n", "en"),
    ("登记册  药剂科  第95页\n", "zh"),
])
def test_a_page_number_is_no_age(detector: PhiDetector, text: str, lang: str) -> None:
    assert values(detector, text, "AGE", lang) == []


@pytest.mark.parametrize("text", ["2024/1/5 | 9病区走廊 | 钱包", "【钉钉】肿瘤三病区医护群（40人）"])
def test_a_wards_own_place_is_no_patient_location(detector: PhiDetector, text: str) -> None:
    assert not [v for v in values(detector, text, "RECORD_NUMBER", "zh") if "病区" in v]


def test_a_ward_and_bed_stays_a_location(detector: PhiDetector) -> None:
    assert "9病区12床" in values(detector, "患者入住9病区12床。", "RECORD_NUMBER", "zh")
