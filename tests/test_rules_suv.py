"""The suv rule pack: SUVmax wordings, ranges and lists, and the value parser."""
import pytest

from oncostruct.extractors.rules import load_pack
from oncostruct.extractors.text.petct_lesions import suv_value


@pytest.mark.parametrize("text, value", [
    ("SUVmax 8.5", 8.5),
    ("SUVmax约为12.3", 12.3),
    ("最大标准摄取值(SUVmax)为5.6", 5.6),
    ("最大标准摄取值（SUVmax）为5.6", 5.6),
    ("SUV最大值约7.2", 7.2),
    ("SUVmax：3.1~4.5", 4.5),
    ("SUVmax=2.1", 2.1),
    ("最大SUV值约为6.3，大小约为12.8×8.0mm", 6.3),
    ("最大SUVMAX值6.54", 6.54),
    ("SUV值分别为3.2、4.5和6.1", 6.1),
])
def test_suv_values(text: str, value: float) -> None:
    matches = load_pack("suv").find(text)
    assert len(matches) == 1
    m = matches[0]
    assert text[m.start:m.end] == m.text
    assert suv_value(m) == pytest.approx(value)


def test_range_keeps_both_bounds() -> None:
    m = load_pack("suv").find("SUVmax：3.1~4.5")[0]
    assert (m.rule_id, m.groups["lo"], m.groups["hi"]) == ("suv.range", "3.1", "4.5")


@pytest.mark.parametrize("text", ["SUV", "标准摄取值升高", "CT值约52HU", "大小约3.2×2.8cm"])
def test_no_value_no_match(text: str) -> None:
    assert load_pack("suv").find(text) == []


def test_offsets_inside_sentence() -> None:
    text = "右肺上叶肿块，放射性摄取增高，SUVmax 8.5，大小约3.2cm。"
    m = load_pack("suv").find(text)[0]
    assert text[m.start:m.end] == "SUVmax 8.5"
