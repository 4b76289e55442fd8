"""Surrogates and the offset map: keyed tags, per-patient date shifts that keep intervals, mapping spans back."""
from __future__ import annotations

from datetime import date

import pytest

from oncostruct.engine.deid import map_span_back
from oncostruct.extractors.deid.component import DeidComponent
from oncostruct.extractors.deid.surrogates import shift_date

KEY = b"test-hospital-key"


@pytest.fixture(scope="module")
def deid() -> DeidComponent:
    return DeidComponent()


def test_same_value_same_tag_across_documents_and_key_matters(deid: DeidComponent) -> None:
    a = deid.deidentify("姓名：周立波 性别：男", language="zh", patient="p1", key=KEY).text
    b = deid.deidentify("报告医师：周立波。", language="zh", patient="p2", key=KEY).text
    tag = a.split("：")[1].split()[0]
    assert tag.startswith("[NAME-") and tag in b and "周立波" not in a + b
    other = deid.deidentify("姓名：周立波 性别：男", language="zh", patient="p1", key=b"another key").text
    assert tag not in other


def test_dates_shift_by_one_offset_per_patient_so_intervals_survive(deid: DeidComponent) -> None:
    text = "于2023-05-12入院，2023-05-20手术，2023年6月1日出院。"
    out = deid.deidentify(text, language="zh", patient="p1", key=KEY).text
    again = deid.deidentify("复查：2023-05-12。", language="zh", patient="p1", key=KEY).text
    import re

    got = [date.fromisoformat(d) for d in re.findall(r"\d{4}-\d{2}-\d{2}", out)]
    y, m, d = map(int, re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", out).groups())
    assert "2023-05-12" not in out and (got[1] - got[0]).days == 8 and (date(y, m, d) - got[0]).days == 20
    assert re.search(r"\d{4}-\d{2}-\d{2}", again).group() == got[0].isoformat()


@pytest.mark.parametrize("value,lang,expected", [
    ("2023-05-12", "zh", "2023-05-02"), ("2023年5月12日", "zh", "2023年5月2日"), ("03/15/2015", "en", "03/05/2015"),
    ("15.03.2015", "zh", "05.03.2015"), ("March 12, 2015", "en", "March 2, 2015"), ("12 Mar 2015", "en", "2 Mar 2015"),
    ("2023年5月", "zh", "2023年5月"), ("5月12日", "zh", "5月2日"), ("20230512", "zh", "20230502"),
    ("2023-05-12 14:30", "zh", "2023-05-02 14:30"),
])
def test_shifted_dates_keep_their_format(value: str, lang: str, expected: str) -> None:
    assert shift_date(value, 10, lang) == expected


def test_ages_over_89_become_the_bucket(deid: DeidComponent) -> None:
    assert deid.deidentify("男，93岁。", language="zh", patient=None, key=KEY).text == "男，≥90岁。"
    assert deid.deidentify("a 95-year-old man", language="en", patient=None, key=KEY).text == "a 90+-year-old man"


def test_offset_map_carries_spans_back_to_the_original(deid: DeidComponent) -> None:
    text = "姓名：周立波 住院号：ZY7788123 （左肺下叶）浸润性腺癌，2023-05-12手术。"
    res = deid.deidentify(text, language="zh", patient="p", key=KEY)
    new = res.text
    start = new.index("浸润性腺癌")
    assert map_span_back(start, start + 5, res.replacements) == (text.index("浸润性腺癌"), text.index("浸润性腺癌") + 5)
    name = res.replacements[0]
    assert new[name.new_start:name.new_end].startswith("[NAME-")
    assert map_span_back(name.new_start + 2, name.new_end - 1, res.replacements) == (name.start, name.end)
    assert [r.category for r in res.replacements] == ["NAME", "RECORD_NUMBER", "DATE"]


def test_pseudonyms_are_keyed_and_stable(deid: DeidComponent) -> None:
    assert deid.pseudonym("张三.txt", "source", KEY) == deid.pseudonym("张三.txt", "source", KEY) != \
        deid.pseudonym("张三.txt", "source", b"k2")
