"""Blind lab set 11 read as development data (branch lab11rev), on hand-written OCR lines (no OCR run): a
semicolon-delimited export shown in a text editor, with the editor's line numbers in a gutter."""
from oncostruct.extractors.ocr.line_records import line_rows
from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.sheet import parse_sheet
from oncostruct.extractors.ocr.tokens import tokens_from_lines


def line(text, x, y, h=20):
    w = 14 * len(text)
    return OcrLine(text, 0.95, [(x, y), (x + w, y), (x + w, y + h), (x, y + h)])


_EXPORT = ["#检验导出;编码=UTF-8", "#病历号=20240117889;科室=内分泌科;标本=血清",
           "编码;名称;结果;单位;参考区间;提示",
           "GLU;葡萄糖;7.85;mmol/L;3.90-6.10;H", "CREA;肌酐;64;umol/L;44-97;",
           "UA;尿酸;512;umol/L;150-420;H", "K;钾;3.21;mmol/L;3.50-5.30;L", "TG;甘油三酯;1.32;mmol/L;0.00-1.70;"]


def _editor(texts):
    """Each text on its own line, its line number in a gutter on the left."""
    return [ln for k, t in enumerate(texts, 1) for ln in (line(str(k), 10, 60 + 36 * k), line(t, 60, 60 + 36 * k))]


def test_delimited_lines_are_cut_at_their_separators_and_line_numbers_are_no_values():
    rows = line_rows(tokens_from_lines(_editor(_EXPORT))[0])
    got = [(r.item, r.value, r.unit, r.reference) for r in rows]
    assert ("葡萄糖", "7.85", "mmol/L", "3.90-6.10") in got
    assert ("肌酐", "64", "μmol/L", "44-97") in got
    assert ("钾", "3.21", "mmol/L", "3.50-5.30") in got
    assert not any(r.value in {"4", "5", "6", "7", "8"} for r in rows)


def test_a_page_of_delimited_lines_gives_its_results():
    sheet = parse_sheet(_editor(_EXPORT))
    got = {r.item: (r.value, r.reference) for r in sheet.rows}
    assert got.get("尿酸") == ("512", "150-420") and got.get("甘油三酯") == ("1.32", "0.00-1.70")
    assert len(sheet.rows) == 5


def test_a_line_with_one_or_two_semicolons_is_not_cut():
    texts = ["葡萄糖 7.85 mmol/L 3.90-6.10", "注：空腹;复查", "肌酐 64 umol/L 44-97"]
    rows = line_rows(tokens_from_lines([line(t, 60, 100 + 36 * k) for k, t in enumerate(texts)])[0])
    assert not any("复查" in (r.item or "") for r in rows)


def test_a_code_in_brackets_glued_before_the_name_is_its_abbreviation():
    xs = (40, 330, 470, 570)
    lines = [line(h, x, 100) for h, x in zip(("项目", "参考范围", "结果", "单位"), xs)]
    for k, cells in enumerate((("[GLU]葡萄糖", "3.90-6.10", "5.12", "mmol/L"), ("[CRP]C反应蛋白", "<10.0", "3.4", "mg/L"),
                               ("【B2M】β2-微球蛋白", "1.00-3.00", "2.15", "mg/L"))):
        lines += [line(c, x, 140 + 40 * k) for c, x in zip(cells, xs)]
    got = [(r.item, r.abbr, r.value) for r in parse_sheet(lines).rows]
    assert got == [("葡萄糖", "GLU", "5.12"), ("C反应蛋白", "CRP", "3.4"), ("β2-微球蛋白", "B2M", "2.15")]


def test_a_one_sided_limit_in_brackets_after_the_value_loses_its_brackets():
    xs = (40, 300, 560)  # the bracketed reference printed after the value, in the result cell
    lines = [line(h, x, 100) for h, x in zip(("项目", "结果(参考区间)", "单位"), xs)]
    for k, cells in enumerate((("癌胚抗原", "7.42 (<5.00)", "ng/mL"), ("高密度脂蛋白胆固醇", "0.91 (>1.04)", "mmol/L"),
                               ("葡萄糖", "5.12 (3.90-6.10)", "mmol/L"))):
        lines += [line(c, x, 140 + 40 * k) for c, x in zip(cells, xs)]
    got = [(r.item, r.value, r.reference, r.flag) for r in parse_sheet(lines).rows]
    assert [g[:3] for g in got] == [("癌胚抗原", "7.42", "<5.00"), ("高密度脂蛋白胆固醇", "0.91", ">1.04"),
                                    ("葡萄糖", "5.12", "3.90-6.10")]


def test_a_code_read_as_the_item_and_the_name_as_its_code_are_swapped_back():
    from oncostruct.extractors.ocr.lab_rows import parse_row
    from oncostruct.extractors.ocr.table import Row

    cells = ("HGB", "血红蛋白", "138", "g/L", "115-150")
    toks = tokens_from_lines([line(c, x, 200) for c, x in zip(cells, (40, 140, 400, 520, 640))])[0]
    res = parse_row(Row(0, 0, [(t, k) for k, t in enumerate(toks)], toks[0].yc),
                    ["item", "abbr", "value", "unit", "reference"])
    assert (res.item, res.abbr, res.value) == ("血红蛋白", "HGB", "138")


def test_a_column_that_jitters_by_a_pixel_or_two_stays_on_its_rows():
    from oncostruct.extractors.ocr.table import align

    # names (two more lines under them: a subtotal and the next panel's title) and a column of codes, 30 px rows
    names = [99, 129.5, 161.5, 189, 220.5, 250.5, 281.5, 310.5]
    codes = [99.5, 131, 159, 190.5, 221.5, 251.5]
    assert align(names, codes, 30.0) == [(k, k) for k in range(6)]
    drifting = [100 + 30 * k + 2.5 * k for k in range(6)]  # a curled page: a real drift still follows its rows
    assert align(names, drifting, 30.0) == [(k, k) for k in range(6)]


def test_a_bracket_left_open_after_the_name_is_dropped():
    from oncostruct.extractors.ocr.lab_rows import parse_row
    from oncostruct.extractors.ocr.table import Row

    toks = tokens_from_lines([line(c, x, 200) for c, x in zip(("铁蛋白（", "212.4", "ng/mL", "30-400"),
                                                              (40, 400, 520, 640))])[0]
    res = parse_row(Row(0, 0, [(t, None) for t in toks], toks[0].yc), [])
    assert (res.item, res.value) == ("铁蛋白", "212.4")
