"""De-identification round 6 (issue 18): organisations by suffix, cue, unit label and a domain gazetteer; log and
YAML keys; cued English names outside the name lists; names joined by and/or; strong names spread word by word.

Every text here is invented for this file; each mechanism has a case it must find and one it must leave alone.
"""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector
from oncostruct.extractors.text_tables import key_pairs
from tests.deid_helpers import covered


@pytest.fixture(scope="module")
def detector() -> PhiDetector:
    return PhiDetector()


def found(detector: PhiDetector, text: str, lang: str = "zh") -> set[tuple[str, str]]:
    return {(s.category, text[s.start:s.end]) for s in detector.detect(text, lang)}


# --- organisations -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, org", [
    ("南湖区红十字会 救助申请表\n申请人：略", "南湖区红十字会"),
    ("寄件方：DHL国际快递 运单号略", "DHL国际快递"),
    ("鹿城区急救站 出车记录\n任务单号略", "鹿城区急救站"),
    ("患者儿子在青山区实验小学任教，周末陪护。", "青山区实验小学"),
    ("其配偶就职于云岭建设集团，", "云岭建设集团"),
    ("单位名称：远洋渔业合作社\n", "远洋渔业合作社"),
    ("随访：标本寄往金域医学复核。", "金域医学"),
    ("江城第三医院放疗中心 放疗计划单", "江城第三医院放疗中心"),
])
def test_chinese_organisations_by_suffix_cue_and_label(detector: PhiDetector, text: str, org: str) -> None:
    assert ("ORGANIZATION", org) in found(detector, text)


@pytest.mark.parametrize("text", [
    "肿瘤位于直肠前壁腹膜返折处，质硬。",
    "病灶位于胃窦小弯侧部，约2cm。",
    "患者在家休息，于大学期间曾患肝炎。",
    "患者于当地医院行胃镜检查。",
])
def test_body_sites_and_plain_prose_are_no_organisation(detector: PhiDetector, text: str) -> None:
    assert not any(c == "ORGANIZATION" for c, _ in found(detector, text))


def test_a_label_ending_in_hospital_is_no_hospital(detector: PhiDetector) -> None:
    spans = found(detector, "就诊医院：江城第三医院  医生略")
    assert ("ORGANIZATION", "江城第三医院") in spans
    assert ("ORGANIZATION", "就诊医院") not in spans


def test_a_department_before_a_board_title_is_redacted(detector: PhiDetector) -> None:
    assert ("ORGANIZATION", "泌尿外科") in found(detector, "泌尿外科排班表  第12周")


@pytest.mark.parametrize("text, org", [
    ("She retired from Harbor Freight Lines in 2019.", "Harbor Freight Lines"),
    ("Son works at Pinecrest Elementary; daughter visits.", "Pinecrest Elementary"),
    ("Bill to: Lakeshore Mutual  Member ID 88", "Lakeshore Mutual"),
    ("Memorial gifts to the Northfield Hospice Foundation.", "Northfield Hospice Foundation"),
    ("Services at Kettle Creek Funeral Home on Friday.", "Kettle Creek Funeral Home"),
    ("Coverage: Aetna PPO since 2020", "Aetna"),
])
def test_english_organisations_by_cue_suffix_and_gazetteer(detector: PhiDetector, text: str, org: str) -> None:
    assert any(c == "ORGANIZATION" and org in v for c, v in found(detector, text, "en"))


def test_a_letterhead_above_a_street_line_is_an_organisation(detector: PhiDetector) -> None:
    text = "Birchwood Legal Services\n418 Maple Avenue, Suite 3\nRe: guardianship"
    assert ("ORGANIZATION", "Birchwood Legal Services") in found(detector, text, "en")


def test_a_table_header_above_a_numbered_row_is_no_letterhead(detector: PhiDetector) -> None:
    text = "Bed\tPatient\tDx\n12\tSomeone\tNSCLC\n"
    assert not any(c == "ORGANIZATION" for c, _ in found(detector, text, "en"))


# --- keys in logs and YAML dumps -------------------------------------------------------------------------------

def test_log_and_yaml_keys_are_read_as_labelled_values() -> None:
    text = "12:00 [EMR] open chart ward=消化内科 bed=7 doctor=蔺晓舟\nvisit:\n  hospital: 江城第三医院\n  name: 蔺晓舟\n"
    pairs = {(k.lower(), v) for k, v, _ in key_pairs(text)}
    assert {("ward", "消化内科"), ("doctor", "蔺晓舟"), ("hospital", "江城第三医院"), ("name", "蔺晓舟")} <= pairs


def test_a_prose_label_is_not_a_yaml_key() -> None:
    assert not list(key_pairs("Patient: doing well today\nPlan: continue"))


def test_log_department_and_yaml_name_are_redacted(detector: PhiDetector) -> None:
    text = "[HIS] load orders dept=消化内科 bed=7\npatient:\n  name: 禤晓舟\n  sex: 女\n"
    spans = found(detector, text)
    assert ("ORGANIZATION", "消化内科") in spans and ("NAME", "禤晓舟") in spans


# --- names ---------------------------------------------------------------------------------------------------

def test_a_cued_full_name_outside_the_name_lists_is_a_name(detector: PhiDetector) -> None:
    text = "Goals of care discussed. Spoke with Drazhen Okonkwo-Vale, brother, by phone."
    assert covered(detector, text, "Drazhen Okonkwo-Vale", "en")


def test_a_cued_pair_of_words_written_in_lower_case_elsewhere_is_no_name(detector: PhiDetector) -> None:
    text = "Spoke with Social Work about transport. social work will call back."
    assert not any(c == "NAME" for c, _ in found(detector, text, "en"))


def test_names_joined_by_and_are_names(detector: PhiDetector) -> None:
    text = "Survived by his wife Dr. Ilse Brandvold and grandchildren Michael and Teodric."
    assert covered(detector, text, "Teodric", "en")


def test_a_word_joined_by_and_that_is_written_in_lower_case_is_no_name(detector: PhiDetector) -> None:
    text = "Seen by Dr. Ilse Brandvold and Pathology. pathology reviewed the slides."
    assert ("NAME", "Pathology") not in found(detector, text, "en")


def test_a_strong_name_spreads_its_words_outside_the_lists(detector: PhiDetector) -> None:
    text = "Dear Drazhen Okonkwo,\nYour visit is booked. Drazhen, please bring your card."
    assert covered(detector, text, "Drazhen", "en")


def test_upper_case_surname_given_and_capital_titles(detector: PhiDetector) -> None:
    assert ("NAME", "BRANDVOLD, MARISOL") in found(detector, "BRANDVOLD, MARISOL\nF  DOB 01/02/1950", "en")
    assert ("NAME", "ILSE BRANDVOLD") in found(detector, "Prescriber: DR. ILSE BRANDVOLD\nRPh: n/a", "en")
    assert not any(c == "NAME" for c, _ in found(detector, "DIAGNOSIS, COMMENT\nAdenocarcinoma", "en"))


def test_a_name_after_a_bracketed_label_hint(detector: PhiDetector) -> None:
    text = "Patient name (Last, First): Brandvold, Marisol\nDOB 1950-01-02"
    assert covered(detector, text, "Brandvold, Marisol", "en")


def test_chinese_names_after_staff_labels_and_before_titles(detector: PhiDetector) -> None:
    assert covered(detector, "质控员：扎西顿珠  反馈日期：2023.05.02", "扎西顿珠")
    assert covered(detector, "注：周晓梅与糜文杰换班已报备。", "糜文杰")


# --- dates and ages ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("Order of the court dated 21st of June, 2022, appointing", "21st of June, 2022"),
    ("Memorial on 5th March at the chapel", "5th March"),
    ("last seen Oct '22 in clinic", "Oct '22"),
    ("Plan: labs. Follow-up 11/24.", "11/24"),
])
def test_dates_as_letters_and_hand_overs_write_them(detector: PhiDetector, text: str, value: str) -> None:
    assert ("DATE", value) in found(detector, text, "en")


def test_a_bare_fraction_is_no_date(detector: PhiDetector) -> None:
    assert not any(c == "DATE" for c, _ in found(detector, "Ki-67 positive in 3/30 fields.", "en"))


def test_old_ages_whole_and_after_died_at(detector: PhiDetector) -> None:
    assert ("AGE", "93 y/o") in found(detector, "Ilse Brandvold, 93 y/o F, presents", "en")
    assert ("AGE", "96") in found(detector, "Grandmother died at 96 of a stroke.", "en")
