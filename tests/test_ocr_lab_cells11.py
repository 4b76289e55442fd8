"""References, units and glued arrows on layouts nobody tuned on (issue 14, labcells11): one mechanism for an arrow
read as the value's last glyph (pixels first, the text rule where they do not tell), ranges written with words or
one end only, references per sex without a colon, watermark words in unit and reference cells. Hand-written OCR
lines, and pages rendered with the tests' CJK font for the pixel look."""
import pytest

from oncostruct.extractors.ocr.arrow_reads import flag_cell_arrow, glued_tail
from oncostruct.extractors.ocr.checks import row_doubts
from oncostruct.extractors.ocr.lab_rows import LabRow, _numbers
from oncostruct.extractors.ocr.value_repair import repair_values


@pytest.mark.parametrize("text, value, glyph, direction, digit", [
    ("0.271", "0.27", "1", "", True), ("8.12t", "8.12", "t", "↑", False), ("2.10l", "2.10", "l", "↓", False),
    ("<5.0V", "<5.0", "V", "↓", False), ("1257", "125", "7", "↑", True)])
def test_one_list_of_glyphs_an_arrow_is_read_as(text, value, glyph, direction, digit):
    tail = glued_tail(text)
    assert (tail.value, tail.glyph, tail.direction, tail.digit) == (value, glyph, direction, digit)


def test_glyphs_read_for_an_arrow_alone_in_a_flag_cell():
    assert [flag_cell_arrow(g) for g in ("个", "t", "T", "1", "l")] == ["↑", "↑", "↑", None, None]
    assert glued_tail("6.52") is None and glued_tail("阴性") is None


def _row(value, reference):
    row = LabRow(item="葡萄糖", value=value, reference=reference)
    _numbers(row)
    return row


def test_a_glyph_that_is_no_digit_is_taken_for_the_arrow_on_its_side_only():
    up, down, against = _row("8.12t", "3.9-6.1"), _row("2.10l", "3.9-6.1"), _row("8.12l", "3.9-6.1")
    assert repair_values([up, down, against]) == 2
    assert (up.value, up.flag, up.value_raw, up.value_repaired) == ("8.12", "↑", "8.12t", True)
    assert (down.value, down.flag) == ("2.10", "↓")
    assert against.value == "8.12l" and not against.value_repaired  # l reads ↓, the value lies above the range
    assert "lab.value_repaired" in {d.code for d in row_doubts(up)}


def test_a_digit_glyph_needs_a_sheet_of_glued_arrows_without_pixels():
    row = _row("5171", "208-428")
    assert repair_values([row]) == 0 and row.value == "5171"  # no printed arrow glued to a value on this sheet


def _render_glued(rows):
    from tests.test_ocr_lab_flag_look import render

    return render(rows, glued=True, mark_size=18)


GLUED = [("白细胞计数", "11.20", "↑", "10^9/L", "3.5-9.5"), ("血小板计数", "98", "↓", "10^9/L", "125-350"),
         ("尿酸", "5121", "", "umol/L", "208-428"), ("血红蛋白", "138", "", "g/L", "130-175")]


def test_the_text_rule_asks_the_pixels_where_the_page_is_at_hand():
    """5121 printed as it reads, beside glued arrows: the text alone takes the last 1 for the arrow (512 is high too);
    the page's pixels show a digit, so the value stays as printed."""
    pytest.importorskip("cv2")
    from oncostruct.extractors.ocr.flag_look import FlagLookOptions, glued_looker
    from oncostruct.extractors.ocr.sheet import parse_sheet

    page, lines = _render_glued(GLUED)
    text_only = parse_sheet(lines, page)
    repair_values(text_only.rows)
    assert next(r for r in text_only.rows if r.item == "尿酸").value == "512"
    sheet = parse_sheet(lines, page)
    repair_values(sheet.rows, glued_looker(sheet.tokens, sheet.angle, page, FlagLookOptions()))
    uric = next(r for r in sheet.rows if r.item == "尿酸")
    assert (uric.value, uric.value_repaired, uric.flag_look["kind"]) == ("5121", False, "glued")


HEADER = ("项目名称", "结果", "单位", "参考范围")
XS = (40, 300, 420, 560)


def _sheet(rows, header=HEADER, xs=XS, first=None):
    from oncostruct.extractors.ocr.sheet import parse_sheet
    from tests.test_ocr_lab_layouts4 import line, table

    lines = table(header, xs, rows)
    return parse_sheet(lines + ([line(first, 40, 80)] if first else []))


def _fields(sheet, *names):
    return [tuple(getattr(r, n) for n in names) for r in sheet.rows]


def test_ranges_written_with_words_or_one_end_only():
    sheet = _sheet([("白细胞计数", "10.6", "10^9/L", "3.5至9.5"), ("血红蛋白", "140", "g/L", "130 to 175"),
                    ("丙氨酸氨基转移酶", "50", "U/L", "-40"), ("天门冬氨酸氨基转移酶", "20", "U/L", "0.00-")])
    assert _fields(sheet, "reference_low", "reference_high", "flag") == [
        (3.5, 9.5, "↑"), (130.0, 175.0, None), (None, 40.0, "↑"), (None, None, None)]
    assert [bool(r.reference_doubt) for r in sheet.rows] == [False, False, False, True]  # 0.00-: the other end lost?


def test_scorer_reads_a_range_word_as_the_dash():
    from oncostruct.eval.lab_score import norm_field

    assert norm_field("3.5至9.5") == norm_field("3.5 to 9.5") == norm_field("3.5-9.5")
    assert norm_field("至今") == "至今"  # the word alone, between no numbers, stays


@pytest.mark.parametrize("reference", ["男4.3-5.8 女3.8-5.1", "男 4.3-5.8;女 3.8-5.1", "男性:4.3-5.8 女性:3.8-5.1"])
def test_reference_per_sex_without_a_colon_takes_the_patients_part(reference):
    rows = [("红细胞计数", "4.10", "10^12/L", reference), ("白细胞计数", "6.1", "10^9/L", "3.5-9.5")]
    male = _sheet(rows, first="性别：男 年龄：45岁")
    assert (male.rows[0].reference_low, male.rows[0].flag) == (4.3, "↓")
    female = _sheet(rows, first="性别：女 年龄：45岁")
    assert (female.rows[0].reference_low, female.rows[0].flag) == (3.8, None)
    unknown = _sheet(rows)  # no sex printed: no part applies, no bounds and no computed flag
    assert (unknown.rows[0].reference_low, unknown.rows[0].flag) == (None, None)


def test_watermark_words_leave_unit_and_reference_cells():
    sheet = _sheet([("葡萄糖", "5.1", "mmol/L", "样本 3.9-6.1"), ("钾", "4.1", "仅供参考", "3.5-5.3"),
                    ("钠", "140", "mmol/L", "137-147"), ("尿蛋白", "阴性", "", "阴性")])
    assert _fields(sheet, "unit", "reference") == [("mmol/L", "3.9-6.1"), (None, "3.5-5.3"), ("mmol/L", "137-147"),
                                                  (None, "阴性")]


def test_a_bracketed_range_after_a_flagged_value_is_no_unit():
    header, xs = ("项目名称", "结果", "单位"), (40, 300, 520)
    sheet = _sheet([("白细胞计数", "6.1 [3.5-9.5]", "10^9/L"), ("血红蛋白", "180↑ [130-175]", "g/L")], header, xs)
    assert _fields(sheet, "value", "unit", "reference", "flag") == [
        ("6.1", "10^9/L", "3.5-9.5", None), ("180", "g/L", "130-175", "↑")]


def test_the_next_columns_text_run_into_a_range_leaves_it():
    header, xs = ("项目名称", "结果", "单位", "参考范围", "方法"), (40, 300, 420, 560, 760)
    sheet = _sheet([("白细胞计数", "10.6", "10^9/L", "3.5-9.5↑", ""), ("血红蛋白", "140", "g/L", "130-175比色法", ""),
                    ("血小板计数", "98", "10^9/L", "【125-350】", "")], header, xs)
    assert _fields(sheet, "reference", "flag", "flag_computed") == [
        ("3.5-9.5", "↑", False), ("130-175", None, False), ("125-350", "↓", True)]


@pytest.mark.parametrize("printed", ["10^9个/L", "10*9/L", "10E9/L", "X10^9/L"])
def test_units_with_a_flattened_power_of_ten(printed):
    from oncostruct.extractors.ocr.cells import canonical_unit, labels

    assert canonical_unit(printed) == "10^9/L" and "unit" in labels(printed)


@pytest.mark.parametrize("text, words", [
    ("mmol/L 3.1 - 8.0 尿素 4.43", ["mmol/L", "3.1 - 8.0", "尿素", "4.43"]),  # a dash printed between spaces
    ("3.10- 6.80 pmol/L", ["3.10- 6.80", "pmol/L"]),
    ("钙 2.20 mmol/L 2.11· 2.52", ["钙", "2.20", "mmol/L", "2.11-2.52"]),  # a thin dash read as a dot
    ("钠 143.7 137·147", ["钠", "143.7", "137-147"]), ("0.70 0.80. 1.20", ["0.70", "0.80-1.20"]),
    ("6.1 - 3.5-9.5", ["6.1", "-", "3.5-9.5"]),  # a value, a placeholder dash, a range
    ("9.5 - 3.5", ["9.5", "-", "3.5"]), ("5.2 - 10^9/L", ["5.2", "-", "10^9/L"]), ("5·2", ["5·2"]),
])
def test_a_range_printed_with_spaces_or_a_dot_for_its_dash_is_one_word(text, words):
    from tests.test_ocr_lab_layouts4 import line
    from oncostruct.extractors.ocr.tokens import tokens_from_lines

    tokens, _ = tokens_from_lines([line(text, 40, 100)])
    assert [t.text for t in tokens] == words
    assert all(a.x1 <= b.x0 + 1e-6 for a, b in zip(tokens, tokens[1:]))


def test_a_range_split_by_spaces_or_dotted_is_the_reference_of_a_headerless_line():
    from oncostruct.extractors.ocr.sheet import parse_sheet
    from tests.test_ocr_lab_layouts4 import line

    rows = ["尿素 UREA 4.43 mmol/L 3.1 - 8.0", "镁 Mg 0.83 mmol/L 0.75- 1.02", "钠 Na 143.7 mmol/L 137·147",
            "钙 Ca 2.20 mmol/L 2.11· 2.52"]
    lines = [line("某医院检验报告单", 200, 20)] + [line(r, 40, 100 + 30 * i) for i, r in enumerate(rows)]
    assert _fields(parse_sheet(lines), "value", "reference") == [
        ("4.43", "3.1-8.0"), ("0.83", "0.75-1.02"), ("143.7", "137-147"), ("2.20", "2.11-2.52")]


def test_a_range_that_lost_its_low_end_is_no_bound_and_goes_to_review():
    row = _row("1.43", "- 4.20")
    assert (row.reference_low, row.reference_high) == (None, None)
    from oncostruct.extractors.ocr.reference_repair import repair_reference

    repair_reference(row)
    assert "lab.reference_doubt" in {d.code for d in row_doubts(row)}


def _wrapped_sheet(upper, lower, pitch=50):
    from oncostruct.extractors.ocr.sheet import parse_sheet
    from tests.test_ocr_lab_layouts4 import line, table

    rows = [("白细胞计数", "6.1", "10^9/L", ""), ("血红蛋白", "140", "g/L", ""), ("血小板计数", "200", "10^9/L", "")]
    lines = table(("项目名称", "结果", "单位", "参考范围"), XS, rows, pitch=pitch)
    for i, (lo, hi) in enumerate(zip(upper, lower)):
        y = 100 + pitch * (i + 1)
        lines += [line(lo, 560, y - 11), line(hi, 560, y + 11)]
    return parse_sheet(lines)


@pytest.mark.parametrize("lower", [("9.5", "175", "350"), ("-9.5", "-175", "-350")], ids=["dash-lost", "dash-below"])
def test_a_range_wrapped_in_its_cell_without_its_dash_is_joined(lower):
    sheet = _wrapped_sheet(("3.5", "130", "125"), lower)
    assert _fields(sheet, "reference", "reference_low", "reference_high") == [
        ("3.5-9.5", 3.5, 9.5), ("130-175", 130.0, 175.0), ("125-350", 125.0, 350.0)]


def test_values_of_a_tight_table_are_no_wrapped_range():
    from oncostruct.extractors.ocr.sheet import parse_sheet
    from tests.test_ocr_lab_layouts4 import table

    rows = [("葡萄糖", "5.1", "mmol/L", "3.9-6.1"), ("尿素", "6.2", "mmol/L", "3.1-8.0"), ("肌酐", "71", "μmol/L", "57-111"),
            ("尿酸", "388", "μmol/L", "208-428")]
    sheet = parse_sheet(table(("项目名称", "结果", "单位", "参考范围"), XS, rows, pitch=23))
    assert _fields(sheet, "value", "reference") == [(v, r) for _, v, _, r in rows]


def test_a_bare_three_digit_reference_is_no_range_with_a_lost_dash():
    from oncostruct.extractors.ocr.references import lost_separator

    assert lost_separator("130") is None and lost_separator("3595") == "35-95"


def test_a_unit_cell_keeps_only_its_unit():
    sheet = _sheet([("钙", "2.27", "1.86mmol/L", "2.11-2.52"), ("葡萄糖", "5.1", "mmol/L mg/L", "3.9-6.1"),
                    ("白细胞计数", "6.1", "10^9/L", "3.5-9.5")])
    assert _fields(sheet, "value", "unit") == [("2.27", "mmol/L"), ("5.1", "mmol/L"), ("6.1", "10^9/L")]
    assert sheet.rows[1].unit_repaired  # chosen among two units: marked so


def test_a_unit_printed_with_the_name_is_the_rows_unit():
    header, xs = ("项目名称", "结果", "参考范围"), (40, 300, 460)
    sheet = _sheet([("葡萄糖(mmol/L)", "5.1", "3.9-6.1"), ("血红蛋白[g/L]", "140", "130-175"),
                    ("白细胞计数 10^9/L", "6.1", "3.5-9.5"), ("肌酐(酶法)", "71", "57-111")], header, xs)
    assert _fields(sheet, "item", "unit") == [("葡萄糖", "mmol/L"), ("血红蛋白", "g/L"), ("白细胞计数", "10^9/L"),
                                              ("肌酐(酶法)", None)]


def test_english_references_per_sex_keep_their_group_letters():
    header = ("Test", "Result", "Unit", "Reference")
    rows = [("Hemoglobin", "120", "g/L", "M 130-175 F 115-150"), ("Creatinine", "80", "umol/L", "M: 57-111; F: 41-81")]
    sheet = _sheet(rows, header, first="Sex: F")
    assert _fields(sheet, "reference", "reference_low", "flag") == [
        ("M 130-175 F 115-150", 115.0, None), ("M: 57-111; F: 41-81", 41.0, None)]
    assert not any(r.reference_doubt for r in sheet.rows)


@pytest.mark.parametrize("text, words", [
    ("淋巴细胞绝对值 0.75 |L|10^9/L|1.10-3.20", ["淋巴细胞绝对值", "0.75", "|", "L", "|", "10^9/L", "|", "1.10-3.20"]),
    ("胆碱酯酶 4457|L |U/L |5000-12000", ["胆碱酯酶", "4457", "|", "L", "|", "U/L", "|", "5000-12000"]),
    ("l|gG 5.2 μ|/L", ["l|gG", "5.2", "μ|/L"]),  # a glyph read as a bar inside a word stays
])
def test_a_tables_rule_read_as_a_bar_parts_cells(text, words):
    """The bar is a word of its own (its cell keeps its place in the column), never glued to the cell's text."""
    from tests.test_ocr_lab_layouts4 import line
    from oncostruct.extractors.ocr.tokens import tokens_from_lines

    assert [t.text for t in tokens_from_lines([line(text, 40, 100)])[0]] == words


def test_cells_with_a_rule_read_into_them_read_without_it():
    sheet = _sheet([("白细胞计数", "|6.52", "|10^9/L", "|3.5-9.5"), ("淋巴细胞绝对值", "0.75 |L", "|10^9/L|", "|1.10-3.20"),
                    ("血小板计数", "98|", "10^9/L |", "| 125-350")])
    assert _fields(sheet, "value", "unit", "reference", "flag") == [
        ("6.52", "10^9/L", "3.5-9.5", None), ("0.75", "10^9/L", "1.10-3.20", "↓"), ("98", "10^9/L", "125-350", "↓")]


def test_a_range_in_the_flag_band_is_the_reference():
    header, xs = ("项目名称", "结果", "提示", "单位", "参考范围"), (40, 300, 400, 480, 620)
    sheet = _sheet([("间接胆红素", "9.6", "0.0-15", "umol/L", ""), ("白细胞计数", "10.6", "↑", "10^9/L", "3.5-9.5")],
                   header, xs)
    assert _fields(sheet, "reference", "flag", "flag_computed") == [("0.0-15", None, False), ("3.5-9.5", "↑", False)]


def test_two_rows_values_under_a_lost_name_are_no_wrapped_range():
    from oncostruct.extractors.ocr.sheet import parse_sheet
    from tests.test_ocr_lab_layouts4 import line, table

    rows = [("甲胎蛋白", "4.42", "ng/mL", "≤7.00"), ("", "11.53", "pg/mL", "≤65.7"), ("铁蛋白", "374.5", "ng/mL", "≤400"),
            ("促甲状腺激素", "2.129", "uIU/mL", "≤4.2"), ("游离甲状腺素", "17.3", "pmol/L", "≤22.0")]
    sheet = parse_sheet(table(("检验项目", "结果", "单位", "参考区间"), XS, rows, pitch=26))
    assert all("-" not in (r.value or "") for r in sheet.rows)
    assert ("铁蛋白", "374.5") in _fields(sheet, "item", "value")


def test_a_range_printed_as_low_and_high_columns_is_one_reference():
    header, xs = ("项目", "结果", "下限", "上限", "单位"), (40, 300, 420, 520, 640)
    sheet = _sheet([("丙氨酸氨基转移酶", "4", "9", "50", "U/L"), ("谷草/谷丙", "1.06", "0.8", "1.5", ""),
                    ("葡萄糖", "5.1", "3.9", "6.1", "mmol/L")], header, xs)
    assert _fields(sheet, "reference", "unit", "flag") == [("9-50", "U/L", "↓"), ("0.8-1.5", None, None),
                                                           ("3.9-6.1", "mmol/L", None)]


def test_micro_international_units_have_one_spelling():
    from oncostruct.extractors.ocr.cells import canonical_unit

    assert canonical_unit("uIU/mL") == canonical_unit("μIU/mL") == canonical_unit("µIU/ml")


def test_a_low_and_high_column_with_one_end_blank_is_a_bound():
    header, xs = ("项目", "结果", "下限", "上限", "单位"), (40, 300, 420, 520, 640)
    sheet = _sheet([("甘油三酯", "2.10", "", "1.70", "mmol/L"), ("高密度脂蛋白胆固醇", "1.20", "1.04", "", "mmol/L"),
                    ("葡萄糖", "5.1", "3.9", "6.1", "mmol/L")], header, xs)
    assert _fields(sheet, "reference", "flag") == [("<1.70", "↑"), (">1.04", None), ("3.9-6.1", None)]
