"""De-identification beyond the cues: propagation, tables and keys, HL7, English names, cue-free identifiers.

Every text here is invented for this file.
"""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.config import load_config
from oncostruct.extractors.deid.detect import PhiDetector
from oncostruct.extractors.deid.names import EnglishNames
from oncostruct.extractors.deid.structured import hl7_spans
from oncostruct.extractors.text_tables import column_pairs, key_pairs, table_pairs
from tests.deid_helpers import covered


@pytest.fixture(scope="module")
def detector() -> PhiDetector:
    return PhiDetector()


def redacted(detector: PhiDetector, text: str, lang: str = "zh") -> list[tuple[str, str]]:
    return [(s.category, text[s.start:s.end]) for s in detector.detect(text, lang)]


# --- 1. propagation ---------------------------------------------------------------------------------------

def test_a_name_found_once_is_redacted_everywhere_with_title_forms(detector: PhiDetector) -> None:
    text = "姓名：蔺晓舟 性别：女\n随访：晓舟近况可，蔺晓舟今日复诊。蔺女士诉乏力。"
    assert covered(detector, text, "蔺晓舟")
    assert ("NAME", "蔺女士") in redacted(detector, text)


def test_an_english_name_found_once_is_redacted_alone_and_in_capitals(detector: PhiDetector) -> None:
    text = "Patient Name: Margaret Walsh\nSUBJECT: WALSH follow-up\nMrs. Walsh tolerated cycle 2. Margaret asked about diet."
    assert covered(detector, text, "Walsh", "en")
    assert covered(detector, text, "WALSH", "en")
    assert covered(detector, text, "Margaret", "en")


def test_only_what_looks_like_a_name_is_spread(detector: PhiDetector) -> None:
    text = "Signed by: Time\nTime of fixation 8 h. Fixation time noted."
    assert not [s for s in detector.detect(text, "en") if s.rule == "deid.propagated"]


def test_a_record_number_found_once_is_redacted_everywhere(detector: PhiDetector) -> None:
    text = "MRN: QX88127\nSpecimen QX88127 received; slides for QX88127 returned."
    assert covered(detector, text, "QX88127", "en")


# --- 2. tables and keys -----------------------------------------------------------------------------------

def test_table_pairs_of_patient_keys_still_read_one_value_row() -> None:
    head = "姓名\t性别\t住院号\n钱多多\t男\t2231\n"
    assert [(t, head[o:o + 4]) for t, o, _ in table_pairs(head)][0][0] == "姓名：钱多多"


@pytest.mark.parametrize("text", [
    "登记号\t姓名\t备注\nK7701\t鲁一鸣\t\nK7702\t诸葛青\t无\n",
    "| 登记号 | 姓名 | 备注 |\n|---|---|---|\n| K7701 | 鲁一鸣 | |\n| K7702 | 诸葛青 | 无 |\n",
    "序号,登记号,姓名\n1,K7701,鲁一鸣\n2,K7702,诸葛青\n",
    "登记号     姓名       备注\nK7701      鲁一鸣     无\nK7702      诸葛青     无\n",
])
def test_columns_labelled_in_a_header_row_are_read_under_any_separator(text: str) -> None:
    pairs = {(label, value) for label, value, _ in column_pairs(text)}
    assert {("姓名", "鲁一鸣"), ("姓名", "诸葛青"), ("登记号", "K7702")} <= pairs
    for label, value, offset in column_pairs(text):
        assert text[offset:offset + len(value)] == value


def test_table_values_are_redacted_by_their_column_label(detector: PhiDetector) -> None:
    text = "Subject # | Initials/Name | Age | Status\n" \
           "044-311 | T. Okonjo-Baird | 71 | Eligible\n" \
           "044-317 | Wendell Fairbrook | 66 | Pending\n"
    got = redacted(detector, text, "en")
    assert ("RECORD_NUMBER", "044-311") in got and ("RECORD_NUMBER", "044-317") in got
    assert ("NAME", "T. Okonjo-Baird") in got and ("NAME", "Wendell Fairbrook") in got
    assert not [v for _, v in got if v in ("Eligible", "Pending", "71", "66")]


def test_json_and_xml_keys_label_their_values(detector: PhiDetector) -> None:
    text = '{"patientName": "Wendell Fairbrook", "mrn": "A55120934", "diagnosis": "lung adenocarcinoma"}\n' \
           "<record><name>蔺晨曦</name><phone>13911112222</phone></record>"
    keys = {(k, v) for k, v, _ in key_pairs(text)}
    assert ("Patient Name", "Wendell Fairbrook") in keys and ("Name", "蔺晨曦") in keys
    got = redacted(detector, text, "en")
    assert ("NAME", "Wendell Fairbrook") in got and ("NAME", "蔺晨曦") in got
    assert covered(detector, text, "A55120934", "en")
    assert not [v for _, v in got if "adenocarcinoma" in v]


# --- HL7 --------------------------------------------------------------------------------------------------

HL7 = ("MSH|^~\\&|EHR|Northfield Clinic|LIS|LAB|20190312084511||ADT^A01|M0001|P|2.5\n"
       "PID|1||7730219^^^MRN||QUELL^DORIAN^J||19410230|M|||12 Birch Row^^Ashby^VT 05401||(802) 555-0142\n"
       "PV1|1|I|东三病区^17||||庄青山\n")


def test_hl7_fields_are_read_by_position() -> None:
    found = {(c, HL7[a:b]) for a, b, c in hl7_spans(HL7, load_config().hl7_fields)}
    got = {(c, v) for c, v in found if c}   # session 14: code fields (MSH.9-12) come with category "": no PHI
    assert ("", "2.5") in found
    assert {("NAME", "QUELL^DORIAN^J"), ("RECORD_NUMBER", "7730219"), ("DATE", "20190312"),
            ("ADDRESS", "12 Birch Row^^Ashby^VT 05401"), ("RECORD_NUMBER", "17"),
            ("NAME", "庄青山"), ("ORGANIZATION", "Northfield Clinic")} <= got
    assert not [v for c, v in got if v in ("ADT", "A01", "2.5", "P", "1")]
    assert not [v for c, v in got if v == "东三病区"]  # PV1.3's point of care (a ward) is no PHI (session 9, deidorg9)


# --- 3. cue-free identifiers ------------------------------------------------------------------------------

@pytest.mark.parametrize("text,value", [
    ("经输液港QPX5521907植入，通畅。", "QPX5521907"),
    ("The referral ref KT2290871 is attached.", "KT2290871"),
    ("证明书编号为43010276600514。", "43010276600514"),
])
def test_identifier_shaped_tokens_without_a_cue_are_redacted(detector: PhiDetector, text: str, value: str) -> None:
    assert covered(detector, text, value)


@pytest.mark.parametrize("text", [
    "血小板 150000/ul，白细胞 4.5×10^9/L。",
    "Enrolled in NCT04412345; LOINC 22637-3 reported.",
    "HL7 time 20200930233941 only.",
    "EGFR c.2573T>G (p.L858R); KRAS G12C; ICD-10 C34.12; ICD-O-3 8140/3.",
    "予 5-FU 2400mg/m2 持续泵入 46 h，顺铂 75mg/m2。",
])
def test_clinical_numbers_are_not_cue_free_identifiers(detector: PhiDetector, text: str) -> None:
    assert not [s for s in detector.detect(text, "zh") if s.rule == "deid.record_cue_free"]


def test_generic_number_cues_find_record_kinds_the_rules_never_listed(detector: PhiDetector) -> None:
    got = redacted(detector, "受理编号：FY20991234\n本院会诊号HZ2099-0001。\nClaim #: CL-88120-7", "zh")
    assert {("RECORD_NUMBER", "FY20991234"), ("RECORD_NUMBER", "HZ2099-0001"), ("RECORD_NUMBER", "CL-88120-7")} <= set(got)


# --- 4. names without cues --------------------------------------------------------------------------------

def test_english_given_name_and_surname_pairs_need_no_cue(detector: PhiDetector) -> None:
    text = "Quick note: the team met Margaret Holloway yesterday; Medical Oncology agreed."
    got = redacted(detector, text, "en")
    assert ("NAME", "Margaret Holloway") in got
    assert not [v for c, v in got if c == "NAME" and "Oncology" in v]


def test_gazetteer_judges_cued_spans() -> None:
    names = EnglishNames(load_config().en_not_name)
    assert names.plausible("Walker, Charles") and names.plausible("B. Van der Berg")
    assert not names.plausible("Lung Adenocarcinoma") and not names.pair("Thoracic Surgery")
    assert names.pair("FAITH  MOORE") and names.pair("Moore, Faith")


@pytest.mark.parametrize("text,lang,name", [
    ("Thanks,\nPriscilla\nInfusion Center, Lakeside General Hospital", "en", "Priscilla"),
    ("> On May 2, 2021, Gordon Whitlock wrote:\n> hold the dose", "en", "Gordon Whitlock"),
    ("[3/9/22 08:10] Lydia Marchesini: fever again tonight", "en", "Lydia Marchesini"),
    ("Coordinator: Helena Brandt (555-201-3344)", "en", "Helena Brandt"),
    ("到时候护士屈向东会联系你。", "zh", "屈向东"),
    ("已于 10:05 通知 宁海波（胸外科病区护士）。", "zh", "宁海波"),
    ("参会专家：病理科 蒯红英；影像科 揭小川", "zh", "揭小川"),
    ("请查收。\n\n柯立新\n某某医院 分子病理室", "zh", "柯立新"),
])
def test_names_in_conversation_sign_offs_and_lists(detector: PhiDetector, text: str, lang: str, name: str) -> None:
    assert covered(detector, text, name, lang)


def test_the_bracket_after_a_name_is_the_department(detector: PhiDetector) -> None:
    got = redacted(detector, "Attendees: Helena Brandt (Radiation Oncology), Gordon Whitlock (son)", "en")
    assert ("ORGANIZATION", "Radiation Oncology") in got
    assert not [v for c, v in got if c == "ORGANIZATION" and v == "son"]


# --- 5. organisations, addresses, ages, dates -------------------------------------------------------------

@pytest.mark.parametrize("text,lang,value", [
    ("Hospital — Hospice and Palliative Care Unit\nCalled by RN", "en", "Hospice and Palliative Care Unit"),
    ("Addr: 41 Quarry Lane,\n      Apt 3C, Ashby, VT 05401\nRe: visit", "en", "Apt 3C, Ashby, VT 05401"),
    ("住址：杭州市西湖区古墩路\n88号金色家园3幢2单元501室\n就诊日期", "zh", "88号金色家园3幢2单元501室"),
    ("Age at Dx: 93   Sex: F", "en", "93"),
    ("Bed 9 张三, 男/95y, MRN 2219", "zh", "95y"),
    ("BIRTH DATE: 07 21 1931  SEX: M", "en", "07 21 1931"),
    ("D0B: 02 / 11 / 1944", "en", "02 / 11 / 1944"),
    ("身份证号 ：3301 0619 8005 1212 3X", "zh", "3301 0619 8005 1212 3X"),
    ("Ph : (802) 555 - 0142", "en", "(802) 555 - 0142"),
])
def test_more_shapes(detector: PhiDetector, text: str, lang: str, value: str) -> None:
    assert covered(detector, text, value, lang)
