"""Identity and records management (session 20, branch ident29): a name whose words also stand in an e-mail address
is still a name; a name written surname first before a DOB anywhere on a line; a dated sign-off; a name before a
lower-case role in brackets; masked SSNs and masked record numbers; an SSN's last four and a resident ID's tail
digits; a prescription number glued to 处方; a surname before 患者 / 床; a newborn's temporary name; a Chinese name
that closes a quotation.

Every text here is invented for this file.
"""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector
from tests.deid_helpers import spans


def values(detector: PhiDetector, text: str, category: str, lang: str = "en") -> list[str]:
    return [v for c, v in spans(detector, text, lang) if c == category]


@pytest.mark.parametrize("text, value", [
    ("Login: tobias.quenfield7@postbox.example\nHousehold 3 | emergency contact Marguerite Quenfield age 60",
     "Marguerite Quenfield"),
    ("Reply to oriel.vantassel@mail.example. The caller, Harriet Vantassel, confirmed the address.",
     "Harriet Vantassel"),
])
def test_email_local_part_makes_no_common_word(detector, text, value):
    assert value in values(detector, text, "NAME")


@pytest.mark.parametrize("text, value", [
    ("  #3 Registry ID Q55120934 Brockhurst, Agnes DOB 19310412  weight 7.2", "Brockhurst, Agnes"),
    ("Candidate case: Wexley, Thomas J DOB 19640817 ZIP 55021", "Wexley, Thomas J"),
])
def test_inverted_name_before_dob(detector, text, value):
    assert value in values(detector, text, "NAME")


@pytest.mark.parametrize("text", ["Specimen: Lung, left DOB unknown", "Site Breast, Right upper DOB n/a"])
def test_inverted_site_is_no_name(detector, text):
    assert values(detector, text, "NAME") == []


def test_dated_signoff(detector):
    text = "Compliance review: acceptable — treating team access, Mirela Okonkwo-Hart, 11/02/2023\n"
    assert "Mirela Okonkwo-Hart" in values(detector, text, "NAME")


def test_dated_signoff_needs_a_name(detector):
    assert values(detector, "Dose 2, Cycle 3, 04/01/2024\n", "NAME") == []


def test_name_before_lower_case_role(detector):
    text = "Request discussed with Theodore Blackwood (attending). A letter followed."
    assert "Theodore Blackwood" in values(detector, text, "NAME")


@pytest.mark.parametrize("text, value", [
    ("Social Security  |  XXX-XX-3391  |  verified", "XXX-XX-3391"),
    ("Lookup: R. Dunmore / SSN ***-**-5520\n", "***-**-5520"),
])
def test_masked_ssn_shape(detector, text, value):
    assert value in values(detector, text, "ID_NUMBER")


def test_masked_ssn_without_digits_is_nothing(detector):
    assert values(detector, "Enter the SSN as XXX-XX-XXXX on the form.", "ID_NUMBER") == []


@pytest.mark.parametrize("text, value, lang", [
    ("The list held your medical record number (****4419) and clinic name.", "****4419", "en"),
    ("MRN: ••••7702\n", "••••7702", "en"),
    ("住院号：****6630，请核对。", "****6630", "zh"),
])
def test_masked_record_number(detector, text, value, lang):
    assert value in values(detector, text, "RECORD_NUMBER", lang)


def test_record_cue_without_digits_is_nothing(detector):
    assert values(detector, "See the record number (see below) for details.", "RECORD_NUMBER") == []


@pytest.mark.parametrize("text, value, lang", [
    ('7. "Last four of your SSN?" -> 2087 [ok]', "2087", "en"),
    ("SSN last 4: 6614 confirmed by caller", "6614", "en"),
    ("申请单为张某（住院号55123，身份证后四位392X）。", "392X", "zh"),
    ("证件号末6位：120534，与系统一致", "120534", "zh"),
])
def test_last_digits_of_an_id(detector, text, value, lang):
    assert value in values(detector, text, "ID_NUMBER", lang)


def test_last_four_cycles_is_nothing(detector):
    assert values(detector, "Tolerated the last 4 cycles well.", "ID_NUMBER") == []


def test_prescription_glued(detector):
    text = "需撤回的记录：检验单LX4410、处方RX55019273。"
    assert "RX55019273" in values(detector, text, "RECORD_NUMBER", "zh")


@pytest.mark.parametrize("text, value", [
    ("说明：钱患者今年67岁，住城西。", "钱"),
    ("备忘：潘床输液前再次核对腕带。", "潘"),
])
def test_surname_before_patient_or_bed(detector, text, value):
    assert value in values(detector, text, "NAME", "zh")


@pytest.mark.parametrize("text", ["护士向患者解释注意事项。", "术后第二天，下床活动。", "，原床位已撤。"])
def test_patient_and_bed_words_are_no_names(detector, text):
    assert [v for v in values(detector, text, "NAME", "zh") if len(v) == 1] == []


@pytest.mark.parametrize("text, value", [
    ("临时姓名：柯雅琴二宝　出生：2022年6月1日", "柯雅琴二宝"),
    ("临时姓名：罗晓燕之女（小）　出生时间：2021-03-09", "罗晓燕之女（小）"),
    ("临时姓名：谭文之子\n", "谭文之子"),
])
def test_newborn_temporary_name(detector, text, value):
    assert value in values(detector, text, "NAME", "zh")


def test_name_closing_a_quotation(detector):
    assert "滕国栋" in values(detector, "个人史记载“配偶滕国栋”需更正。", "NAME", "zh")


@pytest.mark.parametrize("text", ["患者自述“胃胀”两周。", "诊断为“肝囊肿”，随访。"])
def test_quoted_complaint_is_no_name(detector, text):
    assert values(detector, text, "NAME", "zh") == []
