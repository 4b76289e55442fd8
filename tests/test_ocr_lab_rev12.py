"""Layouts of branch labrev12, on hand-written OCR lines: a name column printed after the result."""
from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.sheet import parse_sheet


def line(text, x, y, w=None, h=20):
    w = w or 14 * len(text)
    return OcrLine(text, 0.95, [(x, y), (x + w, y), (x + w, y + h), (x, y + h)])


def grid(header, rows, xs):
    lines = [line(h, x, 100) for h, x in zip(header, xs)]
    for k, cells in enumerate(rows):
        lines += [line(c, x, 140 + 40 * k) for c, x in zip(cells, xs) if c]
    return parse_sheet(lines)


def test_a_name_column_after_the_result_names_the_row_and_the_code_stays_its_abbreviation():
    sheet = grid(("代号", "单位", "结果", "提示", "项目名称", "参考范围"),
                 (("ALB", "g/L", "38.2", "低", "白蛋白", "40-55"), ("UA", "μmol/L", "301", "", "尿酸", "208-428"),
                  ("GLU", "mmol/L", "5.02", "", "葡萄糖", "3.9-6.1")),
                 (40, 140, 280, 380, 460, 700))
    assert [(r.item, r.abbr, r.value, r.reference) for r in sheet.rows] == [
        ("白蛋白", "ALB", "38.2", "40-55"), ("尿酸", "UA", "301", "208-428"), ("葡萄糖", "GLU", "5.02", "3.9-6.1")]


def test_a_name_column_before_the_result_reads_as_before():
    sheet = grid(("项目名称", "代号", "结果", "单位", "参考范围"),
                 (("白蛋白", "ALB", "38.2", "g/L", "40-55"), ("尿酸", "UA", "301", "μmol/L", "208-428")),
                 (40, 200, 300, 420, 560))
    assert [(r.item, r.abbr, r.value) for r in sheet.rows] == [("白蛋白", "ALB", "38.2"), ("尿酸", "UA", "301")]


def test_a_two_line_card_reads_name_and_value_over_its_labelled_range_and_unit():
    lines = []
    for k, (name, value, ref, unit) in enumerate((("血红蛋白HGB", "128", "参考值：115-150", "单位：g/L"),
                                                  ("血小板计数PLT", "402 ↑", "参考值：125-350", "单位：10^9/L"),
                                                  ("红细胞压积HCT", "41.5", "参考值：35-45", "单位：%"))):
        y = 200 + 110 * k
        lines += [line(name, 40, y, h=30), line(value, 580, y, 70, h=34), line(ref, 40, y + 44, h=24),
                  line(unit, 560, y + 44, 100, h=24)]
    sheet = parse_sheet(lines)
    assert sheet.choice.best.name == "cards"
    assert [(r.item, r.abbr, r.value, r.unit, r.reference) for r in sheet.rows] == [
        ("血红蛋白", "HGB", "128", "g/L", "115-150"), ("血小板计数", "PLT", "402", "10^9/L", "125-350"),
        ("红细胞压积", "HCT", "41.5", "%", "35-45")]
    assert sheet.rows[1].flag == "↑"


def test_a_misread_name_is_read_as_the_item_its_printed_code_names():
    from oncostruct.extractors.ocr.lab_rows import LabRow
    from oncostruct.extractors.ocr.name_snap import snap
    row = LabRow(item="哺酸性粒细胞绝对值", abbr="EO#", value="0.21", unit="10^9/L", reference="0.02-0.52")
    assert snap(row).term == "嗜酸性粒细胞绝对值"  # the first character misread: only the code tells the item
    short = LabRow(item="单核细胞", abbr="MONO#", value="0.4", unit="10^9/L", reference="0.1-0.6")
    assert snap(short) is None  # a name printed short stays as printed
    dashed = LabRow(item="红细胞分布宽度-CV", abbr="RDW-CV", value="12.9", unit="%", reference="11.5-14.5")
    assert snap(dashed) is None  # the item's own dashes are print
    other = LabRow(item="哺酸性粒细胞绝对值", abbr="WBC", value="0.21", unit="10^9/L", reference="0.02-0.52")
    assert snap(other) is None  # a code of another item says nothing of this name
    two_off = LabRow(item="中间细胞百分比", abbr="MONO%", value="8.1", unit="%", reference="3-10")
    assert snap(two_off) is None  # two characters off the coded item's name: another item, printed


def test_the_share_sign_closing_an_english_name_stays_in_the_name():
    sheet = grid(("Test", "Result", "Units", "Reference Range"),
                 (("Lymphocytes %", "28.4", "%", "20 to 50"), ("Lymphocytes #", "1.62", "x10^9/L", "1.1 to 3.2"),
                  ("Haemoglobin", "139", "g/L", "130 to 175")),
                 (40, 400, 520, 640))
    assert [r.item for r in sheet.rows] == ["Lymphocytes %", "Lymphocytes #", "Haemoglobin"]
    assert sheet.rows[0].unit == "%"


def test_an_arrow_printed_before_the_name_is_the_rows_flag():
    lines = [line(h, x, 100) for h, x in zip(("No.", "项目名称", "结果", "单位", "参考区间"), (40, 100, 320, 440, 560))]
    for k, (arrow, *cells) in enumerate((("", "1", "血红蛋白", "141", "g/L", "130-175"),
                                         ("↑", "2", "血小板计数", "402", "10^9/L", "125-350"),
                                         ("", "3", "红细胞压积", "43.0", "%", "40-50"))):
        y = 140 + 40 * k
        lines += [line(arrow, 20, y, w=12)] if arrow else []
        lines += [line(c, x, y) for c, x in zip(cells, (44, 100, 320, 440, 560))]
    sheet = parse_sheet(lines)
    assert [(r.item, r.value, r.flag) for r in sheet.rows] == [("血红蛋白", "141", None), ("血小板计数", "402", "↑"),
                                                               ("红细胞压积", "43.0", None)]


def test_sub_items_indented_under_a_parent_name_take_its_name():
    lines = [line(h, x, 100) for h, x in zip(("检验项目", "结果", "单位", "参考范围"), (40, 320, 440, 560))]
    rows = ((40, "血红蛋白", "141", "g/L", "130-175"), (40, "淋巴细胞", "", "", ""),
            (70, "百分比", "31.5", "%", "20-50"), (70, "绝对值", "1.62", "10^9/L", "1.1-3.2"),
            (40, "血小板计数", "212", "10^9/L", "125-350"))
    for k, (x0, name, *cells) in enumerate(rows):
        y = 140 + 40 * k
        lines += [line(name, x0, y)] + [line(c, x, y) for c, x in zip(cells, (320, 440, 560)) if c]
    sheet = parse_sheet(lines)
    assert [(r.item, r.value) for r in sheet.rows] == [("血红蛋白", "141"), ("淋巴细胞百分比", "31.5"),
                                                      ("淋巴细胞绝对值", "1.62"), ("血小板计数", "212")]
