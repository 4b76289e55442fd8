"""Short and Chinese-numeral dates (23-3-5, 23.3.5, 2023年3月5号, 二〇二三年三月五日): parsed by the dates pack's
century rule and numerals (data), in discharge visit dates and header document dates."""
from __future__ import annotations

from datetime import date

import pytest

from oncostruct.engine.errors import RulePackError
from oncostruct.extractors import date_parts
from oncostruct.extractors.rules import load_pack
from oncostruct.extractors.text.discharge import date_fields, iso_from_text
from oncostruct.extractors.values import parse_date

WRITTEN = [
    ("23-3-5", "2023-03-05"), ("23.3.5", "2023-03-05"), ("23.03.05", "2023-03-05"), ("2023年3月5号", "2023-03-05"),
    ("二〇二三年三月五日", "2023-03-05"), ("二零二三年十二月三十一日", "2023-12-31"), ("二○一九年十月二十号", "2019-10-20"),
    ("23年3月5日", "2023-03-05"), ("95-11-30", "1995-11-30"),
]


@pytest.mark.parametrize(("written", "iso"), WRITTEN)
def test_written_dates_normalise_to_iso(written: str, iso: str) -> None:
    assert iso_from_text(written) == iso
    match = load_pack("dates").find(f"于{written}入院", lang="zh")[0]
    assert match.text.rstrip("号日") in written  # the span is the date itself


@pytest.mark.parametrize(("written", "iso"), WRITTEN)
def test_discharge_visit_dates_and_the_header_date_read_them(written: str, iso: str) -> None:
    from oncostruct.extractors.text.patient_keys import PatientKeysExtractor
    from oncostruct.extractors.base import ExtractionInput

    text = f"出院小结\n入院日期：{written}\n出院日期：{written}\n出院诊断：肺腺癌"
    fields = {f.name: f for f in date_fields(text, "zh")}
    assert fields["discharge.admission_date"].normalized == iso == fields["discharge.discharge_date"].normalized
    assert fields["discharge.discharge_date"].value.startswith(written.rstrip("号日"))
    header = f"病理诊断报告\n报告日期：{written}\n病理诊断：浸润性腺癌。"
    found = PatientKeysExtractor().extract(ExtractionInput(text=header, doc_type="pathology", language="zh"))
    assert [f.normalized for f in found.fields if f.name == "document.date"] == [iso]


def test_century_rule_is_the_latest_year_not_beyond_the_window() -> None:
    today = date(2026, 6, 1)  # years_ahead: 1 in the shipped pack
    assert [date_parts.full_year(yy, today) for yy in (0, 23, 26, 27, 28, 95)] == [2000, 2023, 2026, 2027, 1928, 1995]
    assert date_parts.full_year(23, date(2099, 1, 1)) == 2023 and date_parts.full_year(1, date(2099, 1, 1)) == 2001
    assert parse_date({"yy": "27", "m": "1", "d": "5"}, today=today) == "2027-01-05"
    assert parse_date({"yy": "27", "m": "1", "d": "5"}, today=date(2025, 1, 1)) == "1927-01-05"


def test_the_window_is_data(monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = date_parts.parameters()
    monkeypatch.setattr(date_parts, "parameters", lambda: shipped.model_copy(
        update={"two_digit_year": date_parts.TwoDigitYear(years_ahead=0)}))
    assert date_parts.full_year(27, date(2026, 6, 1)) == 1927


def test_bad_parameters_are_a_rule_pack_error(monkeypatch: pytest.MonkeyPatch) -> None:
    class Spec:
        parameters = {"two_digit_year": {"years_ahead": 1}, "zh_numerals": {"十": 10, "拾": 10}}

    class Pack:
        spec = Spec()

    date_parts.parameters.cache_clear()
    monkeypatch.setattr(date_parts, "load_pack", lambda name: Pack())
    try:
        with pytest.raises(RulePackError, match="dates.yaml"):
            date_parts.parameters()
    finally:
        monkeypatch.undo()
        date_parts.parameters.cache_clear()


@pytest.mark.parametrize(("written", "value"), [("05", 5), ("十", 10), ("十二", 12), ("二十", 20), ("三十一", 31),
                                                ("二〇二三", 2023), ("一九六六", 1966)])
def test_numbers(written: str, value: int) -> None:
    assert date_parts.number(written) == value


@pytest.mark.parametrize("bad", ["十十", "三十二十", "廿", "x"])
def test_not_numbers(bad: str) -> None:
    with pytest.raises(ValueError):
        date_parts.number(bad)


@pytest.mark.parametrize("text", ["二〇二三年二月三十日", "23-2-30", "23.13.5"])
def test_impossible_dates_are_not_normalised(text: str) -> None:
    assert iso_from_text(text) is None


@pytest.mark.parametrize("text", ["版本 v10.2.1", "IP 10.1.2.3", "结节 12.3.5cm", "第1.23-3-5条", "三年三月五日",
                                  "23-3.5", "2023-3-5"])
def test_no_short_date_where_it_is_not_one(text: str) -> None:
    assert all(m.rule_id != "date.short_year" for m in load_pack("dates").find(text, lang="zh"))


def test_a_birth_date_keeps_four_digit_years() -> None:
    """Two-digit years are read for visit and document dates only: a birth year's century is not guessable."""
    from oncostruct.extractors.rules import load_pack as pack

    assert not [m for m in pack("patient_header").find("出生日期：58-7-3 ", lang="zh") if m.label == "birth_date"]
    assert [m.groups["v"] for m in pack("patient_header").find("出生日期：一九五八年七月三日 ", lang="zh")
            if m.label == "birth_date"] == ["一九五八年七月三日"]
