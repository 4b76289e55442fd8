"""Cell cleaning, content kinds and lab unit canonicalisation."""
import pytest

from oncostruct.extractors.ocr.cells import canonical_unit, clean, is_qualitative, item_entry, kind, labels


@pytest.mark.parametrize("raw, cleaned", [
    ("3.50--9.50", "3.50-9.50"), ("5.10～19.00", "5.10-19.00"), ("x10⁹/L", "x10^9/L"), ("10ˆ12/L", "10^12/L"),
    ("阴性（-）", "阴性(-)"), ("×10°/L", "×10^9/L"), ("*10~9/L", "*10^9/L"), ("一", "-"), ("十", "+"),
])
def test_clean(raw, cleaned):
    assert clean(raw) == cleaned


@pytest.mark.parametrize("text, label", [
    ("45.56", "value"), ("<=5.0", "value"), ("****", "value"), ("1:1280", "value"), ("+-", "value"),
    ("162.82↑", "value_flag"), ("↑", "flag"), ("H", "flag"), ("3.5--9.5", "reference"), ("<12", "value"),
    ("0-25 /UL", "reference_unit"), ("x10ˆ9/L", "unit"), ("fL", "unit"), ("个/HP", "unit"), ("WBC", "abbr"),
    ("阴性", "qualitative"), ("黄绿色", "qualitative"), ("白细胞计数", "name"),
])
def test_kind(text, label):
    assert kind(text).label == label


def test_bound_is_value_and_reference():
    assert {"value", "reference"} <= labels("<12")


def test_qualitative_with_sign():
    assert is_qualitative("未见异常（-）") and is_qualitative("阳性(+)") and not is_qualitative("白细胞")


@pytest.mark.parametrize("raw, unit", [
    ("x10ˆ9/L", "10^9/L"), ("*10^12/L", "10^12/L"), ("109/L", "10^9/L"), ("1012/L", "10^12/L"), ("fl", "fL"),
    ("ng/ml", "ng/mL"), ("umol/L", "μmol/L"), ("μ mol/L", "μmol/L"), ("个/ul", "/μL"), ("/HP", "/HPF"),
    ("g/L", "g/L"), ("%", "%"), (None, None),
])
def test_canonical_unit(raw, unit):
    assert canonical_unit(raw) == unit


def test_item_entry_prefers_urine_meaning_on_urine_sheets():
    assert item_entry("白细胞").canonical == "WBC"
    assert item_entry("白细胞", "尿常规").canonical == "U-WBC"
    assert item_entry("WBC").canonical == "WBC"
