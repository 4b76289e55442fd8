"""Table parsing from OCR line geometry, without running OCR (hand-made lines)."""
import math

from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.sheet import parse_sheet


def line(text, x, y, w=None, h=20, angle=0.0):
    w = w or 14 * len(text)
    c, s = math.cos(angle), math.sin(angle)
    pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    return OcrLine(text, 0.95, [(px * c - py * s, px * s + py * c) for px, py in pts])


def sheet_lines(rows, header, xs, y0=100, pitch=30, angle=0.0):
    out = [line("某医院检验报告单 血常规", 200, 20, angle=angle), line("姓名：张三", 40, 60, angle=angle)]
    out += [line(h, x, y0, angle=angle) for h, x in zip(header, xs)]
    for i, r in enumerate(rows):
        out += [line(t, x, y0 + pitch * (i + 1), angle=angle) for t, x in zip(r, xs) if t]
    out.append(line("报告日期：2024-01-01 检验者：某某", 40, y0 + pitch * (len(rows) + 2), angle=angle))
    return out


ROWS = [("白细胞计数", "12.5↑", "10^9/L", "3.5--9.5"), ("血红蛋白", "130", "g/L", "130-175"),
        ("血小板计数", "98", "10^9/L", "125-350")]


def as_dicts(sheet):
    return [(r.item, r.value, r.unit, r.reference, r.flag, r.flag_computed) for r in sheet.rows]


def test_single_block_with_value_flag_split_and_computed_flag():
    sheet = parse_sheet(sheet_lines(ROWS, ("项目名称", "结果", "单位", "参考范围"), (40, 260, 380, 500)))
    assert as_dicts(sheet) == [
        ("白细胞计数", "12.5", "10^9/L", "3.5-9.5", "↑", False),
        ("血红蛋白", "130", "g/L", "130-175", None, False),
        ("血小板计数", "98", "10^9/L", "125-350", "↓", True),
    ]
    assert sheet.report_type == "血常规"
    assert all("张三" not in r.item for r in sheet.rows)


def test_two_blocks_side_by_side():
    header = ("项目", "结果", "参考值", "项目", "结果", "参考值")
    xs = (40, 220, 320, 520, 700, 800)
    rows = [("白细胞", "5.4", "4-10", "单核细胞比率", "4.4", "3-8"), ("红细胞", "4.97", "3.5-5.5", "嗜酸性粒细胞比率", "1.0", "0.5-5")]
    sheet = parse_sheet(sheet_lines(rows, header, xs))
    items = [(r.block, r.item, r.value, r.reference) for r in sheet.rows]
    assert items == [(0, "白细胞", "5.4", "4-10"), (0, "红细胞", "4.97", "3.5-5.5"),
                     (1, "单核细胞比率", "4.4", "3-8"), (1, "嗜酸性粒细胞比率", "1.0", "0.5-5")]


def test_rotated_page_is_deskewed_in_coordinates():
    sheet = parse_sheet(sheet_lines(ROWS, ("项目名称", "结果", "单位", "参考范围"), (40, 260, 380, 500), angle=0.06))
    assert [r.value for r in sheet.rows] == ["12.5", "130", "98"]
    assert abs(sheet.angle - 0.06) < 0.01


def test_unit_inside_reference_and_abbreviation_in_name():
    rows = [("白细胞(WBC)", "6.1", "3.50-9.50 x10^9/L"), ("红细胞分布宽度CV", "12.0", "11.5-14.5 %")]
    sheet = parse_sheet(sheet_lines(rows, ("项目", "结果", "参考区间"), (40, 300, 420)))
    got = [(r.item, r.abbr, r.unit, r.reference) for r in sheet.rows]
    assert got == [("白细胞", "WBC", "10^9/L", "3.50-9.50"), ("红细胞分布宽度CV", None, "%", "11.5-14.5")]


def test_names_printed_inside_a_wide_result_column():
    header = ("项目", "结果", "参考值", "提示")
    lines = [line(h, x, 100) for h, x in zip(header, (40, 300, 560, 660))]
    lines += [line("抗体检测", 40, 130), line("抗Sm", 180, 130), line("3(-)", 460, 130), line("<25", 560, 130),
              line("抗U1RNP", 180, 160), line("66(+)", 460, 160), line("<25", 560, 160), line("+", 670, 160)]
    sheet = parse_sheet(lines)
    assert [(r.item, r.value, r.reference, r.flag) for r in sheet.rows] == [
        ("抗Sm", "3(-)", "<25", None), ("抗U1RNP", "66(+)", "<25", "+")]


def test_no_header_falls_back_to_content():
    lines = [line("颜色", 40, 100), line("黄色", 200, 100), line("隐血", 40, 130), line("阳性", 200, 130),
             line("阴性", 320, 130)]
    sheet = parse_sheet(lines)
    assert [(r.item, r.value, r.reference) for r in sheet.rows] == [("颜色", "黄色", None), ("隐血", "阳性", "阴性")]


def test_blank_page_gives_no_rows():
    assert parse_sheet([]).rows == []


def test_align_keeps_order_under_drift_and_skips_missing_cells():
    from oncostruct.extractors.ocr.table import align

    anchors = [100.0 + 30 * i for i in range(8)]
    drifted = [a + 21 for a in anchors]  # 0.7 pitch lower: nearest-row matching would slide by one row
    assert align(anchors, drifted, 30) == [(i, i) for i in range(8)]
    sparse = [anchors[1] + 2, anchors[5] - 1, anchors[6]]  # a unit column with most cells empty
    assert align(anchors, sparse, 30) == [(1, 0), (5, 1), (6, 2)]


def test_curled_column_is_aligned_to_its_rows():
    header = ("项目名称", "结果", "参考范围")
    rows = [("白细胞", "5.1", "3.5-9.5"), ("红细胞", "4.5", "4.3-5.8"), ("血红蛋白", "140", "130-175"),
            ("血小板", "200", "125-350")]
    lines = [line(h, x, 100) for h, x in zip(header, (40, 260, 420))]
    for i, (item, value, ref) in enumerate(rows):
        y = 140 + 30 * i
        lines += [line(item, 40, y), line(value, 260, y), line(ref, 420, y + 19)]  # reference column sags
    sheet = parse_sheet(lines)
    assert [(r.item, r.reference) for r in sheet.rows] == [(i, r) for i, _, r in rows]
