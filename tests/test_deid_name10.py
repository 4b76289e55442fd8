"""De-identification on unseen formats (issue 18, branch deidname10): names, ID numbers, phones, record numbers
and device serials in shapes earlier rounds missed (e-mail display names, 号床 beds) and words that are no names
(role nouns after a cue: ``Oncology Nurse Navigator``).

Every text here is invented for this file; each mechanism has cases it must find and cases it must leave alone.
"""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector
from tests.deid_helpers import spans

FOUND = [
    ("en", 'From: "Tobiah Reinholt" <t.r@mailhost.org>\nSubject: follow-up', "NAME", "Tobiah Reinholt"),
    ("en", "Cc: Pfister, Aurelie <ap@mailhost.org>; Amsel Quarto <aq@mailhost.org>", "NAME", "Amsel Quarto"),
    ("en", "Cc: Pfister, Aurelie <ap@mailhost.org>; Amsel Quarto <aq@mailhost.org>", "NAME", "Pfister, Aurelie"),
    ("zh", "抄送：韩立新 <hlx@example.cn>", "NAME", "韩立新"),
    ("zh", "患者入住7號床，", "RECORD_NUMBER", "7號床"),
]

LEFT = [
    ("en", "-- \nIlse Vanterpool, RN\nOncology Nurse Navigator", "NAME", "Navigator"),
    ("en", "Contact: Research Coordinator (ext. 4)", "NAME", "Coordinator"),
    ("en", "To: Riverside Cancer Center <info@rcc.example.org>", "NAME", "Riverside"),
    ("zh", "病区共40号床位", "RECORD_NUMBER", "40"),
]


@pytest.mark.parametrize("lang,text,category,value", FOUND)
def test_found(detector: PhiDetector, lang: str, text: str, category: str, value: str) -> None:
    i = text.find(value)
    assert i >= 0
    assert any(s.category == category and s.start <= i and i + len(value) <= s.end
               for s in detector.detect(text, lang)), spans(detector, text, lang)


@pytest.mark.parametrize("lang,text,category,value", LEFT)
def test_left_alone(detector: PhiDetector, lang: str, text: str, category: str, value: str) -> None:
    i = text.find(value)
    assert i >= 0
    assert not any(s.category == category and s.start < i + len(value) and i < s.end
                   for s in detector.detect(text, lang)), spans(detector, text, lang)
