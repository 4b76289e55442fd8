"""Row finding on layouts first met in blind sets 5 and 6, on hand-written OCR lines (no OCR run): key-value lists,
footnote marks, item codes on their own line, sub-headings in single-spaced tables, a header beside an LIS sample
list, double reads, glued interpretations and look-alike letters in item names."""
from oncostruct.extractors.ocr.sheet import parse_sheet
from oncostruct.extractors.ocr.table import carried_levels
from tests.test_ocr_lab_layouts4 import fields, line, table


def test_key_value_list_two_pairs_per_line():
    lines = [line("某医院生化检验报告单", 200, 20), line("姓名：张三", 40, 60), line("床号：45", 300, 60),
             line("年龄：51岁", 500, 60)]
    pairs = [(("丙氨酸氨基转移酶：23", "U/L（9-50）"), ("葡萄糖：5.64", "mmol/L（3.90-6.10）")),
             (("天门冬氨酸氨基转移酶：33U/L（15-40）",), ("钠：138.7mmol/L(137.0-147.0)",)),
             (("碱性磷酸酶：39", "U/L（45-125）↓"), ("钙：2.63mmol/L(2.11-2.52）↑",)),
             (("白球比：2.02（1.20-2.40）",), ("红细胞分布宽度SD：", "39.6", "fL(37.0-54.0)"))]
    for i, (left, right) in enumerate(pairs):
        y = 120 + 40 * i
        for x0, parts in ((40, left), (600, right)):
            x = x0
            for text in parts:
                lines.append(line(text, x, y))
                x += 14 * len(text) + 12
    lines.append(line("检验者：某某", 40, 320))
    sheet = parse_sheet(lines)
    assert fields(sheet, "item", "value", "unit", "reference", "flag") == [
        ("丙氨酸氨基转移酶", "23", "U/L", "9-50", None), ("葡萄糖", "5.64", "mmol/L", "3.90-6.10", None),
        ("天门冬氨酸氨基转移酶", "33", "U/L", "15-40", None), ("钠", "138.7", "mmol/L", "137.0-147.0", None),
        ("碱性磷酸酶", "39", "U/L", "45-125", "↓"), ("钙", "2.63", "mmol/L", "2.11-2.52", "↑"),
        ("白球比", "2.02", None, "1.20-2.40", None), ("红细胞分布宽度SD", "39.6", "fL", "37.0-54.0", None)]


def test_footnote_marks_leave_the_item_and_stay_as_attribute():
    rows = [("白蛋白*", "53.8", "40.0-55.0"), ("乳酸脱氢酶★", "132", "120-250"), ("总胆红素#", "16.4", "0.0-23.0"),
            ("淋巴细胞#", "1.20", "1.10-3.20")]
    sheet = parse_sheet(table(("项目", "结果", "参考值"), (40, 300, 500), rows))
    assert fields(sheet, "item", "mark") == [("白蛋白", "*"), ("乳酸脱氢酶", "★"), ("总胆红素", "#"), ("淋巴细胞#", None)]


def _column_lines(cells, pitch=36, y0=130, h=22):
    """A table whose name cells may hold a second line (``(name, code)``); value, unit and range centred on the row."""
    out = [line("某医院检验报告单", 200, 20), line("检验项目", 40, 90), line("结果", 300, 90), line("单位", 420, 90),
           line("参考区间", 540, 90)]
    for i, (name, code, value, unit, ref) in enumerate(cells):
        y = y0 + pitch * i
        out.append(line(name, 40, y, h=h))
        if code:
            out.append(line(code, 40, y + h - 2, w=14 * len(code), h=h - 6))
        out += [line(value, 300, y + h // 2), line(unit, 420, y + h // 2), line(ref, 540, y + h // 2)]
    out.append(line("检验者：某某", 40, y0 + pitch * len(cells) + 30))
    return out


def test_codes_printed_on_their_own_line_under_the_name():
    cells = [("钾", "K", "5.15", "mmol/L", "3.50-5.30"), ("钠", "Na", "133.3", "mmol/L", "137.0-147.0"),
             ("无机磷", "P", "1.15", "mmol/L", "0.85-1.51"), ("胱抑素C", "CysC", "0.98", "mg/L", "0.59-1.03"),
             ("β2-微球蛋白", "β2-MG", "3.41", "mg/L", "1.00-3.00"), ("葡萄糖", "GLU", "5.91", "mmol/L", "3.90-6.10")]
    sheet = parse_sheet(_column_lines(cells, pitch=46))
    assert fields(sheet, "item", "abbr", "value") == [(n, c, v) for n, c, v, _, _ in cells]


def test_code_word_before_the_name_on_the_same_line():
    rows = [("Na 钠", "142.3", "137.0-147.0"), ("Mg 镁", "0.79", "0.75-1.02"), ("ALT 丙氨酸氨基转移酶", "29", "9-50")]
    sheet = parse_sheet(table(("检验项目", "结果", "参考区间"), (40, 400, 520), rows))
    assert fields(sheet, "item", "abbr") == [("钠", "Na"), ("镁", "Mg"), ("丙氨酸氨基转移酶", "ALT")]


def test_sub_heading_under_a_short_item_is_not_its_wrapped_name():
    """Single-spaced rows (gap under half a line): 电解质值 under 氧分压 is a sub-heading, not the rest of the name."""
    out = [line("血气分析报告", 200, 20), line("项目", 40, 100), line("结果", 300, 100), line("参考范围", 420, 100)]
    body = [("血气值", None, None), ("酸碱度", "7.35", "7.350-7.450"), ("二氧化碳分压", "38.2", "35.0-45.0"),
            ("氧分压", "74.2", "83.0-108.0"), ("电解质值", None, None), ("钾离子", "2.7", "3.5-5.5"),
            ("氯离子", "104", "98-107"), ("代谢物值", None, None), ("乳酸", "1.2", "0.5-1.6")]
    for i, (name, value, ref) in enumerate(body):
        y = 124 + 22 * i
        out.append(line(name, 40, y))
        if value:
            out += [line(value, 300, y), line(ref, 420, y)]
    out.append(line("检验者：某某", 40, 124 + 22 * len(body) + 40))
    sheet = parse_sheet(out)
    assert fields(sheet, "item", "value") == [(n, v) for n, v, _ in body if v]


def test_name_wrapped_at_the_column_edge_is_still_joined():
    out = [line("某医院检验报告单", 200, 20), line("项目", 40, 90), line("结果", 300, 90), line("参考值", 420, 90)]
    names = [("中性粒细胞百", "分比"), ("白细胞计数", None), ("淋巴细胞百分", "比"), ("红细胞计数", None)]
    y = 120
    for (first, rest), value in zip(names, ("58.1", "6.2", "30.2", "4.5")):
        out.append(line(first, 40, y))
        if rest:
            out.append(line(rest, 40, y + 21))
        out += [line(value, 300, y + (10 if rest else 0)), line("1.0-9.0", 420, y + (10 if rest else 0))]
        y += 52 if rest else 30
    out.append(line("检验者：某某", 40, y + 40))
    sheet = parse_sheet(out)
    assert [r.item for r in sheet.rows] == ["中性粒细胞百分比", "白细胞计数", "淋巴细胞百分比", "红细胞计数"]


def test_header_beside_a_sample_list_panel_keeps_the_panel_out():
    out = [line("检验信息系统 报告审核", 40, 10)]
    header = (("代码", 400), ("项目名称", 520), ("结果", 760), ("单位", 880), ("参考区间", 1000))
    rows = [("ALT", "丙氨酸氨基转移酶", "25", "U/L", "9-50"), ("AST", "天门冬氨酸氨基转移酶", "33", "U/L", "15-40"),
            ("GGT", "γ-谷氨酰转移酶", "25", "U/L", "10-60"), ("ALP", "碱性磷酸酶", "67", "U/L", "45-125")]
    y_head = 100
    out += [line(t, x, y_head) for t, x in header]
    for k in range(8):  # the sample list: number, patient, status, at its own pitch, beside header and rows
        y = 22 + 26 * k  # one of them on the header line
        out += [line(f"000{k + 1}", 20, y), line("孙某某", 90, y), line("已审核", 170, y)]
    for i, r in enumerate(rows):
        out += [line(t, x, y_head + 34 * (i + 1)) for t, (_, x) in zip(r, header)]
    sheet = parse_sheet(out)
    assert fields(sheet, "item", "abbr", "value") == [(n, c, v) for c, n, v, _, _ in rows]


def test_one_row_read_twice_is_merged():
    rows = [("白细胞计数", "6.2", "3.5-9.5"), ("血红蛋白", "131", "130-175")]
    lines = table(("项目", "结果", "参考值"), (40, 300, 500), rows)
    want = [("白细胞计数", "6.2", "3.5-9.5"), ("血红蛋白", "131", "130-175")]
    for dy in (3, 12):  # a ghost read of the first row's name and value: in the same text line, or a line of its own
        ghost = [line("白细胞计数", 42, 130 + dy), line("6.2", 302, 130 + dy)]
        assert fields(parse_sheet(lines + ghost), "item", "value", "reference") == want


def test_same_item_on_two_printed_lines_stays_twice():
    rows = [("氧分压", "74.2", "83.0-108.0"), ("酸碱度", "7.27", "7.350-7.450"), ("氧分压", "86.2", "83.0-108.0")]
    sheet = parse_sheet(table(("项目", "结果", "参考范围"), (40, 300, 500), rows))
    assert fields(sheet, "item", "value") == [("氧分压", "74.2"), ("酸碱度", "7.27"), ("氧分压", "86.2")]


def test_number_glued_to_interpretation_and_look_alike_letters():
    rows = [("弓形虫lgG抗体", "0.62阴性", "<1.60"), ("a-L-岩藻糖苷酶", "25", "0-40"), ("r-谷氨酰转移酶", "44", "10-60"),
            ("B2-微球蛋白", "2.1", "1.0-3.0")]
    sheet = parse_sheet(table(("项目", "结果", "参考值"), (40, 300, 500), rows))
    assert fields(sheet, "item", "value", "value_word") == [
        ("弓形虫IgG抗体", "0.62 阴性", "阴性"), ("α-L-岩藻糖苷酶", "25", None), ("γ-谷氨酰转移酶", "44", None),
        ("β2-微球蛋白", "2.1", None)]


def test_carried_levels_follow_the_neighbouring_column_drift():
    refs = [100.0, 150.0, 200.0, 250.0]
    assert carried_levels(refs, {}) == refs
    assert carried_levels(refs, {0: 110.0, 1: 160.0, 3: 270.0}) == [110.0, 160.0, 215.0, 270.0]

