"""Dates, ages and device numbers in the notations of paperwork (branch dda17): dates
dictated in words, ages after any label mark, expiry dates, Chinese plates with a separator, drug lots by their fill.

Every text here is invented for this file.
"""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector


@pytest.fixture(scope="module")
def detector() -> PhiDetector:
    return PhiDetector()


def found(detector: PhiDetector, text: str, lang: str = "en") -> list[tuple[str, str]]:
    return [(s.category, text[s.start:s.end]) for s in detector.detect(text, lang)]


@pytest.mark.parametrize("text, value", [
    ("follow-up visit on October ninth twenty twenty-two for patient", "October ninth twenty twenty-two"),
    ("date of birth June thirtieth, nineteen forty-eight. Period.", "June thirtieth, nineteen forty-eight"),
    ("biopsy on April the second two thousand and nine. Comma.", "April the second two thousand and nine"),
])
def test_a_date_dictated_in_words_is_a_date(detector: PhiDetector, text: str, value: str) -> None:
    assert ("DATE", value) in found(detector, text)


def test_words_that_only_count_are_no_date(detector: PhiDetector) -> None:
    assert not [v for c, v in found(detector, "Of the first twenty patients, nineteen sixty-day responses.") if c == "DATE"]


@pytest.mark.parametrize("text, value, lang", [
    ("[NAME]Q [AGE]96 [SEX]F", "96", "en"),
    ("【性别】男【年龄】91【床号】12", "91", "zh"),
    ("DOB: _3/2/1930_   Age: _99_   Sex: [x] F", "99", "en"),
    ("性别：( )男 (v)女   年龄:_93_岁\n", "93", "zh"),
    ("4. Age at last birthday (Years): 92   5. Sex", "92", "en"),
    ("性别\n女\n年龄\n97\n床号\n8", "97", "zh"),
])
def test_an_age_after_its_label_and_any_mark_is_found(detector: PhiDetector, text: str, value: str, lang: str) -> None:
    assert ("AGE", value) in found(detector, text, lang)


@pytest.mark.parametrize("text", ["Page\n95 of 120", "Age: 45   Sex: M", "Age (Years): 92.5 kg"])
def test_no_age_under_ninety_or_off_a_label(detector: PhiDetector, text: str) -> None:
    assert not [v for c, v in found(detector, text) if c == "AGE" and v.startswith(("95", "45", "92.5"))]


@pytest.mark.parametrize("text, value", [
    ("| qty 12 | lot QZ40127 exp 09/2026 | N", "09/2026"),
    ("  Expiry:     03/2027\n  Flushed", "03/2027"),
])
def test_a_products_expiry_date_is_a_date(detector: PhiDetector, text: str, value: str) -> None:
    assert ("DATE", value) in found(detector, text)


@pytest.mark.parametrize("text", [
    "CAPECITABINE 500 mg TABS   QTY: 84\nNDC 99999-111-22   Lot KX55120   Exp 05/2026\n",
    "| Ondansetron 8 mg tablet | 1 tab q8h prn | qty 12 | lot QZ40127 exp 09/2026 | N",
])
def test_a_dispensed_drugs_lot_is_no_device(detector: PhiDetector, text: str) -> None:
    assert not [v for c, v in found(detector, text) if c == "DEVICE_ID"]


@pytest.mark.parametrize("text, value", [
    ("家属车辆（鲁·K73520）停放于东门", "鲁·K73520"),
    ("车辆号牌：赣F 3Q7X2\n有效期", "赣F 3Q7X2"),
])
def test_a_chinese_plate_with_a_dot_or_a_space_is_a_device(detector: PhiDetector, text: str, value: str) -> None:
    assert ("DEVICE_ID", value) in found(detector, text, "zh")
