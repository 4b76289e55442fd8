"""Causes of branch lab13rev (issue 14), on hand-written OCR lines and rows: units in a name's brackets, Latin names
with a bracketed qualifier, 10/L as one unit, value+arrow+unit glued, comma decimals on a line, unread name cells."""
from oncostruct.extractors.ocr.item_units import name_units
from oncostruct.extractors.ocr.lab_rows import LabRow
from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.sheet import parse_sheet
from oncostruct.extractors.ocr.token_types import cut_cells
from oncostruct.extractors.ocr.tokens import tokens_from_lines


def line(text, x, y, w=None, h=20):
    w = w or 14 * len(text)
    return OcrLine(text, 0.95, [(x, y), (x + w, y), (x + w, y + h), (x, y + h)])


def grid(header, rows, xs):
    lines = [line(h, x, 100) for h, x in zip(header, xs) if h]
    for k, cells in enumerate(rows):
        lines += [line(c, x, 140 + 40 * k) for c, x in zip(cells, xs) if c]
    return parse_sheet(lines)


def test_a_unit_in_brackets_leaves_names_ending_in_a_digit_or_a_bracket_and_a_bare_percent():
    rows = [LabRow(item="糖类抗原242(U/mL)"), LabRow(item="脂蛋白(b)(mg/dL)"), LabRow(item="网织红细胞比率(%)"),
            LabRow(item="淋巴细胞(%)", unit="%", unit_raw="%"), LabRow(item="单核细胞(#)")]
    name_units(rows)
    assert [(r.item, r.unit) for r in rows] == [("糖类抗原242", "U/mL"), ("脂蛋白(b)", "mg/dL"), ("网织红细胞比率", "%"),
                                               ("淋巴细胞(%)", "%"), ("单核细胞(#)", None)]


def test_a_latin_name_keeps_its_bracketed_qualifier_and_a_chinese_name_its_code():
    sheet = grid(("Test", "Result", "Unit", "Reference range"),
                 (("Bilirubin (direct)", "3.1", "μmol/L", "0-5"), ("Sodium", "139", "mmol/L", "135-145"),
                  ("AST (SGOT)", "22", "U/L", "<35")),
                 (40, 420, 560, 720))
    assert [r.item for r in sheet.rows] == ["Bilirubin (direct)", "Sodium", "AST (SGOT)"]
    zh = grid(("项目", "结果", "单位", "参考范围"), (("谷丙转氨酶 (ALT)", "31", "U/L", "9-50"), ("尿素 (UREA)", "5.2", "mmol/L", "2.8-7.2")),
              (40, 400, 520, 680))
    assert [(r.item, r.abbr) for r in zh.rows] == [("谷丙转氨酶", "ALT"), ("尿素", "UREA")]


def test_ten_per_litre_with_its_power_lost_is_the_count_unit_not_a_value():
    sheet = grid(("项目", "结果", "单位", "参考范围"),
                 (("白细胞计数", "6.12", "10/L", "3.5-9.5"), ("中性粒细胞绝对值", "3.90", "10/L", "1.8-6.3"),
                  ("血红蛋白", "141", "g/L", "130-175")),
                 (40, 400, 520, 680))
    assert [(r.unit, r.reference) for r in sheet.rows] == [("10^9/L", "3.5-9.5"), ("10^9/L", "1.8-6.3"), ("g/L", "130-175")]


def test_a_value_its_arrow_and_its_unit_glued_are_three_cells():
    sheet = grid(("项目", "结果", "参考范围"),
                 (("平均红细胞体积", "76.5↓fL", "82-100"), ("血小板计数", "201", "125-350"), ("红细胞计数", "5.1", "4.3-5.8")),
                 (40, 400, 620))
    first = sheet.rows[0]
    assert (first.item, first.value, first.flag, first.unit, first.reference) == ("平均红细胞体积", "76.5", "↓", "fL", "82-100")


def test_comma_decimals_on_a_line_are_no_csv_delimiters():
    toks, _ = tokens_from_lines([line("Leukocytes", 40, 100), line("7,62", 400, 100), line("G/L", 500, 100),
                                 line("4,1 - 10,5", 600, 100)])
    cells = [c.token.text for c in cut_cells(toks)]
    assert cells[:3] == ["Leukocytes", "7,62", "G/L"] and "".join(cells[3:]).replace(" ", "") == "4,1-10,5"
    csv, _ = tokens_from_lines([line("WBC,6.2,10^9/L,3.5-9.5", 40, 100)])
    assert [c.token.text for c in cut_cells(csv)] == ["WBC", "6.2", "10^9/L", "3.5-9.5"]


def test_a_code_read_where_the_name_cell_went_unread_is_no_name_and_goes_to_review():
    header, xs = ("项目名称", "代号", "结果", "单位", "参考范围"), (40, 300, 420, 540, 700)
    sheet = grid(header, (("钾", "K", "4.02", "mmol/L", "3.5-5.3"), ("钠", "Na", "140.1", "mmol/L", "137-147"),
                          ("", "Mg", "0.88", "mmol/L", "0.75-1.02"), ("", "Qx", "2.31", "mmol/L", "2.11-2.52"),
                          ("无机磷", "P", "1.10", "mmol/L", "0.85-1.51"), ("葡萄糖", "GLU", "5.3", "mmol/L", "3.9-6.1")), xs)
    by_value = {r.value: r for r in sheet.rows}
    assert (by_value["0.88"].item, by_value["0.88"].abbr) == ("镁", "Mg")
    assert by_value["0.88"].item_snap and by_value["2.31"].item_snap  # both to review
    assert by_value["2.31"].item == "Qx"  # no catalogue code: the code stays, marked unread
    assert by_value["4.02"].item_snap is None and by_value["4.02"].item == "钾"


def test_a_lone_letter_before_the_running_number_is_a_pen_mark_not_the_name():
    sheet = grid(("项目", "", "结果", "单位", "参考范围"),
                 (("7", "血小板计数", "188", "10^9/L", "125-350"), ("L 8", "血小板压积", "0.21", "%", "0.11-0.28")),
                 (40, 100, 400, 520, 680))
    assert [r.item for r in sheet.rows] == ["血小板计数", "血小板压积"]


def test_an_unread_name_cell_is_read_again_from_the_page():
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 26)
    img = Image.new("RGB", (1000, 360), "white")
    draw = ImageDraw.Draw(img)
    xs = (40, 300, 420, 540, 700)
    table = [("项目名称", "代号", "结果", "单位", "参考范围"), ("钾", "K", "4.02", "mmol/L", "3.5-5.3"),
             ("钠", "Na", "140.1", "mmol/L", "137-147"), ("氯", "Qz", "101.2", "mmol/L", "99-110"),
             ("无机磷", "P", "1.10", "mmol/L", "0.85-1.51"), ("葡萄糖", "GLU", "5.3", "mmol/L", "3.9-6.1")]
    lines = []
    for k, cells in enumerate(table):
        y = 20 + 50 * k
        for text, x in zip(cells, xs):
            draw.text((x, y), text, font=font, fill="black")
            if (k, x) != (3, 40):  # the page read missed this name cell
                x0, y0, x1, y1 = draw.textbbox((x, y), text, font=font)
                lines.append(OcrLine(text, 0.95, [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]))
    sheet = parse_sheet(lines, np.ascontiguousarray(np.array(img)[:, :, ::-1]))
    row = next(r for r in sheet.rows if r.value == "101.2")
    assert (row.item, row.abbr) == ("氯", "Qz") and "read again" in row.item_snap


def test_ten_to_the_ninth_read_with_its_raised_nine_and_slash_as_one_percent_is_the_count_unit():
    from oncostruct.extractors.ocr.unit_reading import nearest

    assert nearest("10%L", ["10^9/L", "10^3/μL"], prefer="10^9/L") == "10^9/L"
    assert nearest("10%", ["10^9/L"], prefer="10^9/L") == "10^9/L"
    assert nearest("10%", ["%"]) is None  # only towards an item whose units hold it
