"""Organisation recall and precision (issue 18, session 18, branch orgword18): head nouns the lexicons lacked, cues
that only an organisation follows, a title line above a form's title, and the guideline's decided point that a
department written after an organisation on a title line is no part of the ORGANIZATION span.

Every name, number and organisation here is invented for this file.
"""
from __future__ import annotations

import re

import pytest

from oncostruct.extractors.deid.detect import PhiDetector
from oncostruct.extractors.deid.title_units import title_units


def _orgs(detector: PhiDetector, text: str) -> list[str]:
    return [text[s.start:s.end] for s in detector.detect(text) if s.category == "ORGANIZATION"]


def _covered(detector: PhiDetector, text: str, value: str) -> bool:
    a = text.index(value)
    return any(s.start <= a and s.end >= a + len(value) for s in detector.detect(text))


# --- a department after an organisation on a title line ------------------------------------------------------------

@pytest.mark.parametrize("text, org, dept", [
    ("Wrenfield General Hospital — Department of Medical Oncology\n40 Larch Way\n", "Wrenfield General Hospital",
     "Department of Medical Oncology"),
    ("Brackley Medical Center | Emergency Department | TRIAGE NOTE\nArrival 09:10\n", "Brackley Medical Center",
     "Emergency Department"),
    ("松岚市第二人民医院 放射治疗中心\n放疗计划审核单\n", "松岚市第二人民医院", "放射治疗中心"),
])
def test_title_line_department_is_not_organisation(detector: PhiDetector, text: str, org: str, dept: str) -> None:
    orgs = _orgs(detector, text)
    assert org in orgs
    assert not any(dept in o for o in orgs)


def test_department_in_header_field_or_signature_keeps_its_label(detector: PhiDetector) -> None:
    text = "门诊病历\n科室：胸外科\n主诉：咳嗽两周。\n"
    assert "胸外科" in _orgs(detector, text)
    letter = ("Dear colleague,\nThank you for the referral.\nThe scan is booked.\nKind regards,\nDr Imelda Voss\n"
              "Wrenfield General Hospital — Department of Medical Oncology\n")
    assert any("Department of Medical Oncology" in o for o in _orgs(detector, letter))


def test_title_units_pure_function() -> None:
    unit = re.compile(r"Department of [A-Z][a-z]+")
    text = "Acme Clinic - Department of Surgery\nbody"
    spans = [(0, 11, "ORGANIZATION"), (14, 35, "ORGANIZATION")]
    assert title_units(spans, text, unit) == {(14, 35)}
    assert title_units(spans, "Seen at Acme Clinic - Department of Surgery", unit) == set()   # no org opens the line
    far = "a\nb\nc\nd\n" + text
    assert title_units([(a + 8, b + 8, c) for a, b, c in spans], far, unit) == set()   # not a title line


# --- head nouns ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, org", [
    ("兹证明青松市永和五金商行于2020年5月捐赠。", "青松市永和五金商行"),
    ("经南山司法鉴定所鉴定，存在过错。", "南山司法鉴定所"),
    ("收款账户：平川县农村信用合作联社 账号 6222000011112222", "平川县农村信用合作联社"),
    ("蓝鹰航空\n乘机医疗申请单\n", "蓝鹰航空"),
    ("红叶志愿服务队 陪诊志愿记录\n", "红叶志愿服务队"),
    ("曙光县病友之家（公益住宿）入住登记\n", "曙光县病友之家"),
    ("burial at Willow Rest Memorial Gardens. Reception follows.", "Willow Rest Memorial Gardens"),
    ("Ontario Bureau of Motor Vehicles\nAPPLICATION FOR PLACARD\n", "Ontario Bureau of Motor Vehicles"),
    ("Rides from Lakeland Cancer Support Network — volunteer roster\n", "Lakeland Cancer Support Network"),
    ("RUN REPORT // Bramble County Fire-Rescue\nunit 7\n", "Bramble County Fire-Rescue"),
    ("a fundraiser at the Pinecrest Bowling Club last week", "Pinecrest Bowling Club"),
])
def test_head_nouns(detector: PhiDetector, text: str, org: str) -> None:
    assert _covered(detector, text, org)


# --- cues and the title line ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, org", [
    ("（指定药房：平川市康宁药房解放路店）\n", "平川市康宁药房解放路店"),
    ("领取门店：雅韵发艺\u3000地址：平川市东湖路3号", "雅韵发艺"),
    ("Redeem at: Silk & Grace Salon, 40 Elm Row, Dunmore", "Silk & Grace Salon"),
    ("paid into account ending 4821 (Lloyds) on approval", "Lloyds"),
    ("Coastline Air\nMEDIF — Medical information form\n", "Coastline Air"),
])
def test_cues_and_title_line(detector: PhiDetector, text: str, org: str) -> None:
    assert org in _orgs(detector, text)


# --- what must not be an organisation ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Progress Note\nPATIENT INFORMATION\nName on file.\n",
    "Discharge Summary\nDIAGNOSIS\nStage II.\n",
    "She joined a book club and a support network after chemotherapy.",
    "患者申请该公益项目，已获批。",
    "建议乘坐航空器前咨询医生。",
    "到门诊药房取药，领取门店未定。",
])
def test_negatives(detector: PhiDetector, text: str) -> None:
    assert _orgs(detector, text) == []


# --- events, and labels that name a hospital's role -----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Northfield Oncology Grand Rounds — Case presentation\nSpeaker notes.\n",
    "Abstract presented at the Prairie Cancer Nursing Society Annual Congress, 2023.",
    "委托代理人张三（医务处）\n",
    "医师签名：李四    医务处（盖章）",
])
def test_events_and_roles_are_not_organisations(detector: PhiDetector, text: str) -> None:
    assert _orgs(detector, text) == []


def test_hospital_role_label_keeps_the_hospital(detector: PhiDetector) -> None:
    assert _orgs(detector, "转出医院（盖章）：平川县人民医院\n") == ["平川县人民医院"]


def test_title_line_with_department_after_dash(detector: PhiDetector) -> None:
    text = "Kestrel Haulage Lines — Occupational Health\nFITNESS FOR DUTY\nEmployee: on file\n"
    assert _orgs(detector, text) == ["Kestrel Haulage Lines"]


def test_organisation_before_event_word_elsewhere_kept(detector: PhiDetector) -> None:
    text = "She was treated at Wrenfield General Hospital and later spoke at a conference."
    assert "Wrenfield General Hospital" in _orgs(detector, text)


@pytest.mark.parametrize("text, org", [
    ("IN THE DISTRICT COURT OF ST. CLAIR COUNTY\nIn the Matter of the guardianship\n", "DISTRICT COURT OF ST. CLAIR COUNTY"),
    ("3 June 2024\n\nJury Office, Circuit Court for Benton County\nRE: Request for excusal\n", "Circuit Court for Benton County"),
])
def test_county_courts(detector: PhiDetector, text: str, org: str) -> None:
    assert _covered(detector, text, org)


def test_at_organisation_before_street(detector: PhiDetector) -> None:
    text = "A quiz night was held at Marram Dunes Lodge, 41 Ferry Bank Road, Kilbride."
    assert _covered(detector, text, "Marram Dunes Lodge")
    assert _orgs(detector, "Review at Discharge, 2 Tablets daily.") == []
