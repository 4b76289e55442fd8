"""Sub-specialty clinical sheets (session 19, branch name19): a number the writer marks in brackets as not the
patient's (a blood bag's donation code, a consumable's lot, a device's own image number), a form's number after the
form's noun on a line that names a blood product, a product's model after a model or prosthesis label, a card
holder's label, a person's role label with no colon before a name written surname first, and a short-form name after
a diary's or a card's title.

Every text here is invented for this file.
"""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector
from tests.deid_helpers import spans


def values(detector: PhiDetector, text: str, category: str, lang: str = "en") -> list[str]:
    return [v for c, v in spans(detector, text, lang) if c == category]


def covered(detector: PhiDetector, text: str, value: str, lang: str) -> bool:
    return any(value in v or v in value for _, v in spans(detector, text, lang) if v)


@pytest.mark.parametrize("text, value, lang", [
    ("2021-05-02  洗涤红细胞 1U  献血码 =7305512204418（血袋条码，非患者信息）", "7305512204418", "zh"),
    ("股骨柄 SN FA4410072\n骨水泥批号：QK503318（耗材批号，不作为植入物登记）", "QK503318", "zh"),
    ("眼底照相编号：FD-0441 (设备自带编号，非病人信息)", "FD-0441", "zh"),
    ("Tibial tray SN TT8830215; bone cement lot WQ62207 (consumable).", "WQ62207", "en"),
    ("Image no. IMG-77120 (camera counter, not patient data)", "IMG-77120", "en"),
])
def test_a_number_the_writer_marks_as_not_the_patients(detector: PhiDetector, text: str, value: str, lang: str) -> None:
    assert not covered(detector, text, value, lang)


@pytest.mark.parametrize("text, value, lang, category", [
    # the implant's own serial on the same sheet stays a device number
    ("股骨柄 SN FA4410072\n骨水泥批号：QK503318（耗材批号）", "FA4410072", "zh", "DEVICE_ID"),
    # a relative's phone with a note saying whose it is stays a phone
    ("联系人 13812345670（非本人，系其女儿）", "13812345670", "zh", "PHONE"),
    ("Contact 617-555-0143 (not his own, his daughter's)", "617-555-0143", "en", "PHONE"),
])
def test_a_bracketed_note_that_does_not_disown_the_number(detector: PhiDetector, text: str, value: str, lang: str,
                                                           category: str) -> None:
    assert value in values(detector, text, category, lang)


@pytest.mark.parametrize("text, value", [
    ("2020-11-09  机采血小板 1治疗量  输注单 QX40917736\n", "QX40917736"),
    ("2020-11-09  悬浮红细胞 2U  申请单 RB55021873\n", "RB55021873"),
])
def test_a_forms_number_after_its_noun_on_a_blood_product_line(detector: PhiDetector, text: str, value: str) -> None:
    assert value in values(detector, text, "RECORD_NUMBER", "zh")


@pytest.mark.parametrize("text, lang", [
    ("Prosthesis: Blom Singer 16 Fr / 6 mm (indwelling)", "en"),
    ("Model: Argent Vista 2, right ear", "en"),
    ("发音钮型号：Blom Singer 20Fr 8mm", "zh"),
])
def test_a_products_model_after_its_label_is_no_name(detector: PhiDetector, text: str, lang: str) -> None:
    assert not values(detector, text, "NAME", lang)


def test_a_card_holders_label_is_no_name(detector: PhiDetector) -> None:
    text = "Carry this card at all times\nHolder: WALSH, MARGARET  DOB 03/04/1961\n"
    names = values(detector, text, "NAME")
    assert "Holder" not in names
    assert any("WALSH" in n for n in names)


@pytest.mark.parametrize("text, value", [
    ("Magnifier Loan Record\nClient Quenby, Isidore K | DOB 1 Jan 1960", "Quenby, Isidore K"),
    ("Home Visit\nPatient Harrowgate, Edith  MRN 5521904", "Harrowgate, Edith"),
])
def test_a_role_label_with_no_colon_before_a_surname_first_name(detector: PhiDetector, text: str, value: str) -> None:
    assert value in values(detector, text, "NAME")


@pytest.mark.parametrize("text", [
    "Patient education, diet and exercise | Plan",
    "Member Services, Billing\nCall 555-0100",
])
def test_a_role_word_before_ordinary_words_is_no_name(detector: PhiDetector, text: str) -> None:
    assert not values(detector, text, "NAME")


@pytest.mark.parametrize("text, value", [
    ("Neuro-Oncology Pain Diary - Greta W.\nMRN 5518820 | grade 2", "Greta W."),
    ("Headache Log – Margaret R.\n", "Margaret R."),
])
def test_a_short_form_name_after_a_diarys_title(detector: PhiDetector, text: str, value: str) -> None:
    assert value in values(detector, text, "NAME")


@pytest.mark.parametrize("text", [
    "Care Plan - Stage B.\nReview in 4 weeks",
    "Symptom Diary - Week 3.\n",
])
def test_a_title_dash_and_no_person(detector: PhiDetector, text: str) -> None:
    assert not values(detector, text, "NAME")


@pytest.mark.parametrize("text, value", [
    ("听澜助听器验配中心\n助听器验配记录（化疗后）\n客户：某某　电话：略\n", "听澜助听器验配中心"),
    ("青禾义齿加工有限公司\n义齿加工单\n", "青禾义齿加工有限公司"),
])
def test_a_providers_letterhead_above_the_forms_title(detector: PhiDetector, text: str, value: str) -> None:
    assert value in values(detector, text, "ORGANIZATION", "zh")


@pytest.mark.parametrize("text", [
    "听力检查\n助听器验配记录\n",
    "请于复诊时携带至中心\n疼痛评估表\n",
])
def test_a_heading_above_the_title_is_no_organisation(detector: PhiDetector, text: str) -> None:
    assert not values(detector, text, "ORGANIZATION", "zh")


@pytest.mark.parametrize("text, value", [
    ("Her spare key is with her neighbour, and she lives on Alder Road with Ada, who drives her in.", "Ada"),
    ("Results were discussed by phone with Ben Ross, who agreed to the plan.", "Ben Ross"),
])
def test_a_person_before_a_relative_clause(detector: PhiDetector, text: str, value: str) -> None:
    assert value in values(detector, text, "NAME")


def test_a_service_before_a_relative_clause_is_no_name(detector: PhiDetector) -> None:
    text = "Discussed with Oncology, who agreed. Referred to Dietetics, who will call."
    assert not values(detector, text, "NAME")
