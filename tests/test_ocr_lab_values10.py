"""Values on layouts nobody tuned on (issue 14, labval10), on hand-written OCR lines: a comparison sign printed apart
from its number, a whole number where the sheet prints the item with decimals (a lost decimal point), an arrow read
as a trailing 1, a decimal comma on a sheet of points, and a result column printed a little lower than its names."""
import pytest

from oncostruct.extractors.ocr.checks import row_doubts, value_check_failures
from oncostruct.extractors.ocr.lab_rows import LabRow, set_value
from oncostruct.extractors.ocr.sheet import parse_sheet
from oncostruct.extractors.ocr.value_repair import repair_values
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


def _glued_sheet(cells):
    """A sheet whose arrows are printed in the value's own box (``7.21 ↑``, one OCR line per value cell)."""
    rows = [(name, value, unit, ref) for name, value, unit, ref in cells]
    return parse_sheet(table(HEADER, XS, rows))


CHEMISTRY = [("葡萄糖", "7.21 ↑", "mmol/L", "3.9-6.1"), ("尿素", "2.10 ↓", "mmol/L", "3.1-8.0"),
             ("肌酐", "79", "μmol/L", "57-111"), ("尿酸", "5171", "μmol/L", "208-428"),
             ("总胆红素", "3.51", "μmol/L", "5.1-19.0"), ("白蛋白", "0,99", "g/L", "40-55"),
             ("谷丙转氨酶", "61", "U/L", "9-50")]


def test_an_arrow_read_as_a_trailing_one_is_taken_back_from_the_value():
    rows = {r.item: r for r in _glued_sheet(CHEMISTRY).rows}
    repair_values(list(rows.values()))
    assert (rows["尿酸"].value, rows["尿酸"].flag, rows["尿酸"].value_raw) == ("517", "↑", "5171")
    assert (rows["总胆红素"].value, rows["总胆红素"].flag) == ("3.5", "↓")
    assert "lab.value_repaired" in {d.code for d in row_doubts(rows["尿酸"])}
    assert rows["谷丙转氨酶"].value == "61"  # without the 1, 6 is inside 9-50: the 1 is a digit
    assert rows["肌酐"].value == "79" and not rows["肌酐"].value_repaired
    assert rows["白蛋白"].value == "0.99" and not rows["白蛋白"].value_repaired  # a comma on a sheet of points


def test_no_repair_where_arrows_stand_in_a_column_of_their_own():
    header = ("项目名称", "结果", "提示", "参考范围")
    xs = (40, 300, 420, 560)
    lines = table(header, xs, [("葡萄糖", "7.21", "↑", "3.9-6.1"), ("尿素", "2.10", "↓", "3.1-8.0"),
                               ("尿酸", "5171", "", "208-428"), ("总胆红素", "12.31", "", "5.1-19.0")])
    rows = parse_sheet(lines).rows
    assert repair_values(rows) == 0
    assert [r.value for r in rows] == ["7.21", "2.10", "5171", "12.31"]


def test_commas_stay_on_a_sheet_that_prints_commas():
    rows = _glued_sheet([("葡萄糖", "7,21", "mmol/L", "3,9-6,1"), ("尿素", "4,10", "mmol/L", "3,1-8,0"),
                         ("肌酐", "79,5", "μmol/L", "57-111"), ("钾", "4.12", "mmol/L", "3,5-5,3")]).rows
    repair_values(rows)
    assert [r.value for r in rows] == ["7,21", "4,10", "79,5", "4.12"]


def test_a_result_column_printed_a_little_lower_is_no_second_record_line():
    """Values printed 0.4 of a line lower than their names (a bold result font): one line per record, not records
    over two lines (which had read every reference as the value)."""
    rows = [("白细胞计数", "6.52", "10^9/L", "3.5-9.5"), ("红细胞计数", "3.79", "10^12/L", "4.3-5.8"),
            ("血红蛋白", "143", "g/L", "130-175"), ("红细胞压积", "41.2", "%", "40-50"),
            ("平均红细胞体积", "88.5", "fL", "82-100"), ("血小板计数", "198", "10^9/L", "125-350")]
    lines = table(HEADER, XS, [(n, "", u, r) for n, _, u, r in rows])
    lines += [line(v, 300, 100 + 30 * (i + 1) + 12) for i, (_, v, _, _) in enumerate(rows)]
    assert fields(parse_sheet(lines), "item", "value", "unit", "reference") == rows


CREATININE = [("白细胞计数", "6.52", "10^9/L", "3.5-9.5"), ("肌酐", "66", "μmol/L", "57-111"),
              ("血小板计数", "231", "10^9/L", "125-350"), ("尿素", "86", "mmol/L", "3.1-8.0")]


@pytest.mark.parametrize("printed,value,review", [("99", "99", True), ("66", "66", False)],
                         ids=["page-read-turned", "read-right"])
def test_a_number_the_page_read_turned_by_180_degrees_is_read_back(printed, value, review):
    """The page read says 66 at score 0.999 (its classifier turned the crop of a printed 99): the cell read alone
    gives 99, the turned text of 66, and the row goes to review; a 66 printed as 66 stays, not sent to review."""
    pytest.importorskip("rapidocr")
    from tests.test_ocr_lab_second_look import looked, render

    page, lines = render(CREATININE, printed={1: printed})
    for ln in lines:
        ln.score = 0.999
    sheet, _ = looked(page, lines)
    row = sheet.rows[1]
    assert row.value == value
    assert ("lab.value_disagreement" in {d.code for d in row_doubts(row)}) is review
    assert sheet.rows[3].value == "86"  # a turnable number in a box with no other cell, read alike: untouched


def test_turned_numbers():
    from oncostruct.extractors.ocr.turned_digits import read_turned, turn_ambiguous, turned

    assert [turned(t) for t in ("99", "98", "1.8", "52", "6")] == ["66", "86", "8.1", None, "9"]
    assert [turn_ambiguous(t) for t in ("99", "69", "88", "5.2", "10")] == [True, False, False, False, True]
    assert read_turned("66", "99") and read_turned("86", "9.8") and not read_turned("66", "66")


def test_a_dipstick_reference_read_as_the_value_of_a_row_whose_result_was_lost():
    """Without a header, a row whose ``-`` OCR lost took its reference 阴性 as the value; it stands where the other
    rows print their references, so it is the reference and the value is left empty (for the second look)."""
    dip = [("尿蛋白", "1+", "", "阴性"), ("尿糖", "-", "", "阴性"), ("酮体", "", "", "阴性"), ("隐血", "2+", "", "阴性"),
           ("亚硝酸盐", "-", "", "阴性"), ("白细胞酯酶", "+-", "", "阴性")]
    sheet = parse_sheet(table(("", "", "", ""), XS, dip))
    assert fields(sheet, "item", "value", "reference") == [(n, v or None, r) for n, v, _, r in dip]



def test_footer_words_between_the_name_and_result_columns_move_no_row():
    """Footer words below the last row (``Page``, ``printed``) stand between the name and result columns, each a
    column of one cell. Matched a row or so below the names, each used to carry its offset to every column further
    out, and the result column was read a row off (every value one row up); a column of a cell or two carries no
    drift now."""
    from oncostruct.extractors.ocr.table import block_rows
    from oncostruct.extractors.ocr.tokens import Token

    names = ["白细胞计数", "红细胞计数", "血红蛋白", "红细胞压积", "平均红细胞体积", "血小板计数"]
    values = ["6.52", "3.79", "143", "41.2", "88.5", "198"]
    toks = []
    for i, (name, value) in enumerate(zip(names, values)):
        y = 100 + 30 * i
        toks += [Token(name, 40, y, 40 + 14 * len(name), y + 20, 0.95, i), Token(value, 400, y, 440, y + 20, 0.95, 10 + i)]
    toks += [Token("Page", 200, 280, 240, 300, 0.95, 20), Token("printed", 280, 301, 330, 321, 0.95, 21)]
    pairs = {g[0].text: [t.text for t in g[1:]] for g in (sorted(g, key=lambda t: t.x0) for g in block_rows(toks, 20))}
    assert [pairs[n][-1] for n in names] == values
