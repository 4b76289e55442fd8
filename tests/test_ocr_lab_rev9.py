"""Layouts of unseen hospitals read on hand-written OCR lines (issue 14, lab9rev): a cumulative report whose result
columns are headed by dates, columns that lean on a photo taken at an angle, a unit column printed left of the
result whose cells OCR reads with look-alike glyphs, and a code in brackets after a name with its own qualifier."""
from oncostruct.extractors.ocr.lean import lean_slope
from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.sheet import parse_sheet
from oncostruct.extractors.ocr.table import date_columns, header_columns, x_columns
from oncostruct.extractors.ocr.tokens import Token, tokens_from_lines
from tests.test_ocr_lab_layouts4 import fields, line, table

CUMULATIVE = [("天门冬氨酸氨基转移酶", "U/L", "15-40", "36", "25", "35", "62"),
              ("碱性磷酸酶", "U/L", "45-125", "72", "27↓", "103", "102"),
              ("总胆红素", "μmol/L", "3.4-20.5", "13.2", "9.3", "15.7", "7.0"),
              ("白蛋白", "g/L", "40-55", "47.0", "43.5", "50.6", "47.0"),
              ("尿素", "mmol/L", "3.1-8", "8.45↑", "8.92↑", "6.14", "2.84")]
CUM_XS = (40, 320, 420, 560, 660, 760, 860)


def test_date_headed_columns_take_the_latest_as_the_result():
    sheet = parse_sheet(table(("项目", "单位", "参考区间", "02-27", "03-19", "06-05", "06-23"), CUM_XS, CUMULATIVE))
    assert fields(sheet, "item", "value", "unit", "reference") == [(r[0], r[6], r[1], r[2]) for r in CUMULATIVE]
    assert sheet.rows[-1].flag == "↓"  # computed from the latest value, not the arrows of earlier results


def test_a_named_result_column_stays_the_result_beside_date_columns():
    toks = [Token(t, x, 0, x + 50, 20, 0.9, 0) for t, x in
            (("项目", 0), ("本次结果", 100), ("2026-02-27", 200), ("2026-03-19", 300), ("参考区间", 400))]
    roles = [c.role for c in header_columns(toks)[0]]
    assert roles == ["item", "value", "previous", "previous", "reference"]


def test_one_date_or_a_range_in_a_header_line_is_no_date_column():
    toks = [Token(t, x, 0, x + 50, 20, 0.9, 0) for t, x in (("项目", 0), ("结果", 100), ("06-23", 200))]
    assert date_columns(toks) == []
    assert date_columns([Token("00-10", 0, 0, 50, 20, 0.9, 0), Token("13-40", 100, 0, 150, 20, 0.9, 0)]) == []


def _leaning(rows, slope, xs=(40, 420, 500, 560, 700), pitch=50):
    """A photo at an angle: every line drifts right by ``slope`` px per px of y (the columns lean)."""
    out = [line(h, x, 100) for h, x in zip(("项目", "结果", "标志", "单位", "参考范围"), xs)]
    for i, r in enumerate(rows):
        y = 100 + pitch * (i + 1)
        dx = slope * (y - 100)
        for t, x in zip(r, xs):
            if t:
                w = 14 * len(t)
                x = x + 60 - w if x == xs[1] else x  # results printed flush right under a header printed flush left
                out.append(line(t, x + dx, y, w=w))
    return out


LEANING = [("白细胞计数", "6.52", "", "10^9/L", "3.5-9.5"), ("红细胞计数", "3.79", "L", "10^12/L", "4.3-5.8"),
           ("血红蛋白", "143", "", "g/L", "130-175"), ("红细胞压积", "47.6", "", "%", "40-50"),
           ("平均红细胞体积", "88.5", "", "fL", "82-100"), ("平均血红蛋白量", "37.7", "H", "pg", "27-34"),
           ("血小板计数", "198", "", "10^9/L", "125-350"), ("淋巴细胞百分比", "33.7", "", "%", "20-50"),
           ("单核细胞百分比", "5.5", "", "%", "3-10"), ("中性粒细胞百分比", "58.1", "H", "%", "40-75"),
           ("嗜酸性粒细胞百分比", "2.1", "", "%", "0.4-8"), ("嗜碱性粒细胞百分比", "0.4", "", "%", "0-1"),
           ("血小板压积", "0.24", "", "%", "0.11-0.28"), ("平均血小板体积", "10.2", "", "fL", "7.4-12.5")]


def test_leaning_columns_are_cut_upright():
    sheet = parse_sheet(_leaning(LEANING, 0.08))
    assert fields(sheet, "item", "value", "unit_raw") == [(r[0], r[1], r[3]) for r in LEANING]
    assert [r.flag or "" for r in sheet.rows] == [{"L": "↓", "H": "↑"}.get(r[2], "") for r in LEANING]
    assert [[t.text for t in c] for c in x_columns(tokens_from_lines(_leaning(LEANING, 0.08))[0], 20)][2] == ["标志", "L", "H", "H"]  # header word and flags: a column of their own


def test_lean_is_read_only_from_aligned_left_edges():
    def toks(slope, jitter=0.0):
        return [[Token("名称", 40 + slope * y + (jitter * ((y // 50) % 2)), y, 100 + slope * y, y + 20, 0.9, 0)]
                for y in range(100, 800, 50)]
    assert abs(lean_slope(toks(0.08), 20) - 0.08) < 1e-6
    assert lean_slope(toks(0.005), 20) == 0.0  # upright enough: nothing to correct
    assert lean_slope(toks(0.08, jitter=60), 20) == 0.0  # left edges not on one line: no lean read
    assert lean_slope(toks(0.08)[:4], 20) == 0.0  # too few lines


def test_upright_page_cuts_columns_as_before():
    tokens = [Token(t, x, y, x + 40, y + 20, 0.9, 0) for y in range(100, 600, 40) for t, x in (("a", 0), ("b", 100))]
    assert [len(c) for c in x_columns(tokens, 20)] == [len(tokens) // 2] * 2


def test_unit_column_left_of_the_result_read_through_look_alikes():
    header = ("序", "检验项目", "参考区间", "单位", "检验结果", "标志")
    xs = (40, 80, 400, 540, 680, 800)
    rows = [("1", "游离三碘甲状腺原氨酸", "3.1-6.8", "pmo1/L", "4.59", ""),
            ("2", "游离甲状腺素", "12-22", "pmo1/L", "21.13", ""),
            ("3", "总甲状腺素", "66-181", "nmo1/L", "107.5", "")]
    sheet = parse_sheet(table(header, xs, rows))
    assert fields(sheet, "item", "abbr", "unit", "value") == [(r[1], None, r[3].replace("1/", "l/"), r[4]) for r in rows]


def test_code_after_a_name_with_its_own_bracketed_qualifier():
    rows = [("隐血试验(OB)", "阳性", "阴性", ""), ("血红蛋白(定量)(FOB-Q)", "88.2", "<100", "ng/mL"),
            ("脂蛋白(a)", "120", "<300", "mg/L")]
    sheet = parse_sheet(table(("检查项目", "结果", "参考", "单位"), (40, 360, 480, 600), rows))
    assert fields(sheet, "item", "abbr") == [("隐血试验", "OB"), ("血红蛋白(定量)", "FOB-Q"), ("脂蛋白(a)", None)]


def test_ocr_line_fixture_helper_is_an_ocr_line():
    assert isinstance(line("x", 0, 0), OcrLine)


def test_codes_opening_with_a_lower_case_letter_split_off_the_name():
    rows = [("总前列腺特异性抗原tPSA", "0.315", "ng/mL", "<4"), ("游离前列腺特异性抗原fPSA", "0.209", "ng/mL", "<0.93"),
            ("维生素B12", "300", "pg/mL", "200-900")]
    sheet = parse_sheet(table(("项目", "结果", "单位", "参考值"), (40, 400, 520, 640), rows))
    assert fields(sheet, "item", "abbr") == [("总前列腺特异性抗原", "tPSA"), ("游离前列腺特异性抗原", "fPSA"),
                                             ("维生素B12", None)]


def test_a_table_half_a_turn_off_is_parsed_from_its_boxes_turned():
    import numpy as np

    from oncostruct.extractors.ocr.lab_report import LabOptions, _flipped, _parsed
    from oncostruct.extractors.ocr.orientation import turned_lines
    from oncostruct.extractors.ocr.second_look import SecondLookOptions

    upright = table(("项目", "结果", "单位", "参考区间"), (40, 400, 520, 640),
                    [(r[0], r[6], r[1], r[2]) for r in CUMULATIVE])
    page = np.full((400, 900, 3), 255, dtype=np.uint8)
    upside_down = turned_lines(upright, 2, 900, 400)  # the boxes as a half-turned page gives them, text read right
    opts = LabOptions(second_look=SecondLookOptions(enabled=False))
    assert len(_parsed(upside_down, page, opts, [], (900, 400), np.eye(3)).sheet.rows) < 3
    flipped = _flipped(upside_down, page, opts, [], (900, 400), np.eye(3))
    assert fields(flipped.sheet, "item", "value") == [(r[0], r[6]) for r in CUMULATIVE]
    assert "flip:180" in flipped.steps


def test_asterisk_look_alikes_in_a_flag_column_are_the_mark():
    rows = [("癌胚抗原", "5.24", "大", "ng/mL", "<5"), ("甲胎蛋白", "6.40", "", "ng/mL", "<7"),
            ("糖类抗原125", "73.82", "¥", "U/mL", "<35")]
    sheet = parse_sheet(table(("项目", "结果", "异常", "单位", "参考范围"), (40, 300, 420, 520, 640), rows))
    assert fields(sheet, "item", "flag") == [("癌胚抗原", "*"), ("甲胎蛋白", None), ("糖类抗原125", "*")]
    named = parse_sheet(table(("项目", "结果", "单位", "参考范围"), (40, 300, 520, 640), [("大便颜色", "黄色", "", "")]))
    assert fields(named, "item", "value", "flag") == [("大便颜色", "黄色", None)]  # no flag column: no mark


def test_english_section_heading_is_not_joined_to_the_name_under_it():
    from oncostruct.extractors.ocr.wrapped_names import join_wrapped_names

    def tok(text, x, y):
        return [Token(text, x, y, x + 14 * len(text), y + 20, 0.9, 0)]
    names = [tok("HEMATOLOGY", 40, 100), tok("红细胞计数", 50, 128), tok("血红蛋白", 50, 160), tok("红细胞压积", 50, 192)]
    values = [tok("3.79", 400, 128), tok("143", 400, 160), tok("47.6", 400, 192)]
    assert [len(a) for a in join_wrapped_names(names, [values], 20)] == [1, 1, 1, 1]
    codes = [tok("WBC", 40, 100), tok("白细胞计数", 50, 128), tok("RBC", 40, 170), tok("红细胞计数", 50, 198)]
    cells = [tok("6.5", 400, 114), tok("4.1", 400, 184)]
    assert [len(a) for a in join_wrapped_names(codes, [cells], 20)] == [2, 2]  # a code over its name still joins


def test_codes_with_a_bracket_or_a_greek_letter_split_off_the_name():
    rows = [("脂蛋白(a)(Lp(a))", "215", "mg/L", "<300"), ("β2-微球蛋白(β2-MG)", "1.28", "mg/L", "1-3"),
            ("脂蛋白(a)", "120", "mg/L", "<300")]
    sheet = parse_sheet(table(("项目", "结果", "单位", "参考值"), (40, 400, 520, 640), rows))
    assert fields(sheet, "item", "abbr") == [("脂蛋白(a)", "Lp(a)"), ("β2-微球蛋白", "β2-MG"), ("脂蛋白(a)", None)]


def test_one_letter_element_codes_after_phosphorus_and_magnesium():
    rows = [("磷(P)", "1.10", "mmol/L", "0.85-1.51"), ("镁(Mg)", "0.88", "mmol/L", "0.75-1.02")]
    sheet = parse_sheet(table(("项目", "结果", "单位", "参考值"), (40, 400, 520, 640), rows))
    assert fields(sheet, "item", "abbr") == [("磷", "P"), ("镁", "Mg")]


def test_a_short_hyphen_in_an_empty_cell_is_a_dash():
    import numpy as np

    from oncostruct.extractors.ocr.marks import lone_dash

    def cell(*blobs):
        img = np.full((60, 200, 3), 255, dtype=np.uint8)
        for x, y, w, h in blobs:
            img[y:y + h, x:x + w] = 30
        return img
    text_h = 44.0  # an OCR box height: a dipstick "-" printed in a sans font is about 0.18 of it
    assert lone_dash(cell((90, 28, 8, 3)), (0, 0, 200, 60), text_h)
    assert not lone_dash(cell((90, 28, 5, 5)), (0, 0, 200, 60), text_h)  # a dot or speck: no dash
    assert not lone_dash(cell((60, 28, 8, 3), (120, 28, 8, 3)), (0, 0, 200, 60), text_h)  # two marks
    assert not lone_dash(cell((90, 10, 8, 30)), (0, 0, 200, 60), text_h)  # a stroke standing up
