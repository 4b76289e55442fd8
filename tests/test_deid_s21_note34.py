"""s21-note34: inpatient-note house styles: Cerner SURNAME CREDENTIAL, GIVEN signatures, kin words with a bracketed
name, Surname, Given pipe cells, Service fields, towns of residence and birth, named practices and care homes
(synthetic values only)."""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector
from tests.deid_helpers import overlaps, spans


@pytest.mark.parametrize("text, value, category", [
    ("Verified By: SZALAY MD, BRONWEN on 3 May 2021 10:02", "SZALAY", "NAME"),
    ("Verified By: SZALAY MD, BRONWEN on 3 May 2021 10:02", "BRONWEN", "NAME"),
    ("____________\nOKONJO NP, TAVISH\n\nPrinted on 1/2/2020", "TAVISH", "NAME"),
    ("Signed: Abernethy PA-C, Philippa\n", "Philippa", "NAME"),
    ("SUBJ: TIRED. DAUGHTER (INGRID) AT BEDSIDE.\nOBJ: T 37.0", "INGRID", "NAME"),
    ("SUBJ: NAUSEA. HUSBAND (OSWALD) CALLED.\n", "OSWALD", "NAME"),
    ("Code: DNR. HCP Gregory (nephew) 555-201-0000 wants a call.", "Gregory", "NAME"),
    ("Contact Philippa Ardmore (sister) at home", "Philippa Ardmore", "NAME"),
    ("7N 712A | Sandvik-Mbeki, Rosamund | 51F | MRN 1000001\n", "Sandvik-Mbeki, Rosamund", "NAME"),
    ("8S 401B | Ferrier, Anselm K | 66M | MRN 1000002\n", "Ferrier, Anselm K", "NAME"),
    ("Attending: X Y, MD   Service: Ear Nose and Throat\n\nS: stable", "Ear Nose and Throat", "ORGANIZATION"),
    ("Attending: X Y, MD   Service: Gen Med Teaching Team 2\n\nS: stable", "Gen Med Teaching Team 2", "ORGANIZATION"),
    ("Lives alone in Pike Hollow. Retired baker.", "Pike Hollow", "ADDRESS"),
    ("Lives with her husband Olaf (91) in Cedar Bluff, OR. Retired nurse.", "Cedar Bluff", "ADDRESS"),
    ("【个人史】生于甲省乙丙县，久居当地，否认疫区接触史。", "甲省乙丙县", "ADDRESS"),
    ("个人史：出生于某某市，久居当地。", "某某市", "ADDRESS"),
    ("for which she was seen at Stony Ridge Radiology on 3/4/2021.", "Stony Ridge Radiology", "ORGANIZATION"),
    ("Outside imaging at Kettle Falls Dermatology in May.", "Kettle Falls Dermatology", "ORGANIZATION"),
    ("Plan: discharge Friday to Willow Crest Senior Residences.\n", "Willow Crest Senior Residences", "ORGANIZATION"),
    ("INS: GRANITE MUTUAL HEALTH  POL# Q12345678\n", "GRANITE MUTUAL HEALTH", "ORGANIZATION"),
    ("PAGE 1\nPATIENT: DE LA FONTAINE,MARISOL K      ACCT #: V100\n", "DE LA FONTAINE,MARISOL K", "NAME"),
    ("Interval History\nVAN HOUTEN, PIETER J   MRN: H100001\n", "VAN HOUTEN, PIETER J", "NAME"),
    ("Resident note reviewed (Drs. Quarless and Ferncliff). I examined", "Ferncliff", "NAME"),
    ("门诊号：MZ0000001\u3000胃肠外科  复诊  2021年3月4日\n", "胃肠外科", "ORGANIZATION"),
])
def test_note34_found(detector: PhiDetector, text: str, value: str, category: str) -> None:
    lang = "zh" if any("\u4e00" <= c <= "\u9fff" for c in text) else "en"
    assert overlaps(detector, text, lang, value), (value, spans(detector, text, lang))


@pytest.mark.parametrize("text, value", [
    ("皮肤巩膜重度黄染，Courvoisier征(+)", "黄染"),
    ("1. 老年男性，退休车间主任，慢性起病。", "车间"),
    ("主任查看患者：神志清，T 36.8℃", "神志清"),
    ("│商业保险│某某保险股份有限公司│", "商业保险"),
    ("Morse Fall Scale: 45   Braden: 18", "Morse Fall"),
    ("seen at Medical Dermatology clinic last year", "Medical Dermatology"),
    ("SUBJ: OK. WIFE (HCP) AT BEDSIDE.", "HCP"),
    ("Discussed with family (son) today", "family"),
    ("moved to Florida (OR nurse) in 2019", "Florida"),
    ("| NAUSEA, VOMITING | none |", "NAUSEA"),
    ("生于当地，久居本地。", "当地"),
    ("建议胃肠外科复诊，门诊随访。", "胃肠外科"),
    ("Palliative Care  |  Skilled Nursing Home Visit Note\n", "Skilled Nursing Home"),
])
def test_note34_not_phi(detector: PhiDetector, text: str, value: str) -> None:
    lang = "zh" if any("\u4e00" <= c <= "\u9fff" for c in text) else "en"
    assert not overlaps(detector, text, lang, value), spans(detector, text, lang)
