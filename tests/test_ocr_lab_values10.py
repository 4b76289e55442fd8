"""Values on layouts nobody tuned on (issue 14, labval10), on hand-written OCR lines: a comparison sign printed apart
from its number, and a whole number where the sheet prints the item with decimals (a lost decimal point)."""
import pytest

from oncostruct.extractors.ocr.checks import row_doubts, value_check_failures
from oncostruct.extractors.ocr.lab_rows import LabRow, set_value
from oncostruct.extractors.ocr.sheet import parse_sheet
from oncostruct.extractors.ocr.value_signs import lone_sign
from tests.test_ocr_lab_layouts4 import fields, line, table

HEADER = ("项目名称", "结果", "单位", "参考范围")
XS = (40, 300, 420, 560)
MARKERS = [("癌胚抗原", "ng/mL", "0-5"), ("降钙素原", "ng/mL", "0-0.5"), ("糖类抗原125", "U/mL", "0-35")]


def _sheet(values, header=HEADER):
    """A tumour-marker sheet whose value cells are written as separate OCR lines (sign, gap, number)."""
    lines = table(header, XS, [(name, "", unit, ref) for name, unit, ref in MARKERS])
    for i, (sign, number) in enumerate(values):
        y = 100 + 30 * (i + 1)
        if sign:
            lines.append(line(sign, 286, y))
        lines.append(line(number, 304, y))
    return parse_sheet(lines)


@pytest.mark.parametrize("header", [HEADER, ("", "", "", "")], ids=["header", "headerless"])
def test_a_sign_printed_apart_stays_with_its_number(header):
    sheet = _sheet([("<", "0.50"), ("＞", "100"), ("", "12.4")], header)
    assert fields(sheet, "item", "value") == [("癌胚抗原", "<0.50"), ("降钙素原", ">100"), ("糖类抗原125", "12.4")]


def test_a_sign_and_number_in_one_line_with_a_space():
    sheet = parse_sheet(table(HEADER, XS, [("癌胚抗原", "< 0.50", "ng/mL", "0-5"), ("铁蛋白", "≥ 2000", "ng/mL", "30-400")]))
    assert fields(sheet, "value", "unit", "reference") == [("<0.50", "ng/mL", "0-5"), ("≥2000", "ng/mL", "30-400")]


def test_a_sign_far_from_the_number_is_not_glued():
    lines = table(HEADER, XS, [("癌胚抗原", "", "ng/mL", "0-5")])
    lines += [line("<", 200, 130), line("0.50", 304, 130)]  # 100 px (five text heights) apart: no sign of this value
    assert parse_sheet(lines).rows[0].value == "0.50"


def test_lone_sign():
    assert [lone_sign(t) for t in ("<", "＞", "≦", "<=", "<0.5", "-", "↑")] == ["<", ">", "≤", "<=", None, None, None]


def _row(value, reference, flag):
    row = LabRow(item="某项目", reference=reference, flag=flag)  # printed flag (``flag_computed`` stays False)
    row.reference_low, row.reference_high = (float(x) for x in reference.split("-"))
    set_value(row, value)
    return row


@pytest.mark.parametrize("value,reference,doubted", [
    ("98", "3.5-9.5", True),  # 9.8↑ with its point lost: the printed ↑ agrees with the misread
    ("15", "0.50-1.20", True),  # 1.5↑
    ("12.0", "0.50-2.00", False),  # printed with its point: a high value, not a misread
    ("120", "0-35", False),  # the range prints no decimals: whole numbers are how the sheet prints it
    ("5", "0.5-1.5", False),  # one digit: 0 / 1 / 5 beside a decimal range are printed so
    ("25", "3.5-9.5", False),  # under three times the upper bound
])
def test_a_whole_number_far_above_a_decimal_range_is_doubted(value, reference, doubted):
    row = _row(value, reference, "↑")
    assert ("lab.decimal_doubt" in {d.code for d in row_doubts(row)}) is doubted
    assert ("lab.decimal_doubt" in value_check_failures(row)) is doubted  # so the second look reads its cell again
