"""The dates rule pack and ISO normalisation."""
from __future__ import annotations

import pytest

from oncostruct.extractors.rules import load_pack
from oncostruct.extractors.values import parse_date


@pytest.mark.parametrize(
    ("text", "lang", "iso"),
    [
        ("于2023年3月15日行手术", "zh", "2023-03-15"),
        ("较前(2016-2-26)基本变化不著", "zh", "2016-02-26"),
        ("2019.03.05复查", "zh", "2019-03-05"),
        ("Date of surgery: March 3, 2015.", "en", "2015-03-03"),
        ("Received 03/15/2015", "en", "2015-03-15"),
        ("2022年8月起化疗", "zh", "2022-08"),
    ],
)
def test_dates_normalise_to_iso(text: str, lang: str, iso: str) -> None:
    matches = load_pack("dates").find(text, lang=lang)
    assert len(matches) == 1
    assert text[matches[0].start:matches[0].end] == matches[0].text
    assert parse_date(matches[0].groups) == iso


def test_impossible_date_is_not_normalised() -> None:
    m = load_pack("dates").find("2023-02-30", lang="zh")[0]
    assert parse_date(m.groups) is None
