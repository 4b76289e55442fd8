"""People and their numbers across borders (session 19, branch id27): airline SURNAME/GIVEN names keep their title
wherever they stand, a Brazilian CPF in its printed shape is an ID (not a phone), and a name written again in its
native script in brackets after the Latin one is the same NAME.

Every text here is invented for this file.
"""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector
from tests.deid_helpers import spans


def values(detector: PhiDetector, text: str, category: str, lang: str = "en") -> list[str]:
    return [v for c, v in spans(detector, text, lang) if c == category]


@pytest.mark.parametrize("text, value", [
    ("Member QUESNEL/ODILE MS | DOB 03.04.1961", "QUESNEL/ODILE MS"),
    ('My name appears as "BRANDAO/TIAGO MR" on the e-ticket.', "BRANDAO/TIAGO MR"),
    ("Patient: VARGHESE/ANU MRS   Age 64   Weight 58 kg", "VARGHESE/ANU MRS"),
])
def test_airline_name_keeps_title(detector, text, value):
    assert value in values(detector, text, "NAME")


@pytest.mark.parametrize("text, value", [
    ("CPF: 407.118.265-90\nHome: Rua Imaginaria 12", "407.118.265-90"),
    ("taxpayer record (CPF 912.034.556-17) on file", "912.034.556-17"),
])
def test_cpf_shape_is_id(detector, text, value):
    assert value in values(detector, text, "ID_NUMBER")
    assert value not in values(detector, text, "PHONE")


@pytest.mark.parametrize("text", ["software version 1.2.3-4 installed", "gateway 192.168.001.010 reachable"])
def test_dotted_versions_are_no_id(detector, text):
    assert values(detector, text, "ID_NUMBER") == []


@pytest.mark.parametrize("text, value", [
    ("We confirm that Amal Haddad (أمل حداد), born 2 May 1970, is expected.", "أمل حداد"),
    ("spoke with Meera Nair (मीरा नायर) (passport HX4410932)", "मीरा नायर"),
    ("Guest Aiko Mori (森 愛子), passport TR5520931", "森 愛子"),
])
def test_native_script_alias_is_name(detector, text, value):
    assert value in values(detector, text, "NAME")


@pytest.mark.parametrize("text, word", [
    ("Referred to Sun Yat-sen University (中山大学) for proton therapy.", "中山大学"),
    ("Transferred to Peking Union Hospital (北京协和医院).", "北京协和医院"),
])
def test_bracketed_org_is_no_alias(detector, text, word):
    assert word not in values(detector, text, "NAME")


@pytest.mark.parametrize("text, value", [
    ("转运单号：TR2020-0411   航空器注册号：B-7734\n患者：某某", "B-7734"),
    ("受试者：某某  中心号：05\n随访：C2D1", "05"),
    ("Aircraft reg.: D-CKQP   Flight No. LX318 departed 22:10Z", "D-CKQP"),
])
def test_plane_and_site_numbers_are_no_record(detector, text, value):
    lang = "zh" if any("\u4e00" <= ch <= "\u9fa5" for ch in text) else "en"
    assert value not in values(detector, text, "RECORD_NUMBER", lang)


def test_transfer_number_beside_plane_stays_record(detector):
    text = "转运单号：TR2020-0411   航空器注册号：B-7734\n"
    assert "TR2020-0411" in values(detector, text, "RECORD_NUMBER", "zh")
