"""Lab sheets OCR'd with dotted leader lines, and receipts printing each record over two lines (hand-made OCR lines)."""
from __future__ import annotations

import pytest

from oncostruct.extractors.ocr.leaders import strip_token
from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.sheet import parse_sheet
from oncostruct.extractors.ocr.tokens import Token


def _line(text: str, x: float, y: float) -> OcrLine:
    w = 14 * len(text)
    return OcrLine(text, 0.95, [(x, y), (x + w, y), (x + w, y + 20), (x, y + 20)])


@pytest.mark.parametrize("text, parts", [
    ("........", []),
    ("……", []),
    ("-----", []),
    ("癌胚抗原..", ["癌胚抗原"]),
    ("人附睾蛋白4.", ["人附睾蛋白4"]),
    ("NEU%中性粒细胞百分比...", ["NEU%中性粒细胞百分比"]),
    ("...6.52", ["6.52"]),
    ("白细胞计数·······6.52", ["白细胞计数", "6.52"]),
    ("白细胞计数.....<0.50", ["白细胞计数", "<0.50"]),
    ("肌酐_____106", ["肌酐", "106"]),
    # cells that only look like leaders stay whole
    ("-", ["-"]),
    ("3.5-9.5", ["3.5-9.5"]),
    (">1000.00", [">1000.00"]),
    ("12.", ["12."]),
])
def test_leader_runs_are_cut_out_of_a_token(text, parts):
    assert [t.text for t in strip_token(Token(text, 0, 0, 200, 20, 0.9, 0))] == parts


def test_leader_parts_keep_their_place_on_the_line():
    name, value = strip_token(Token("血红蛋白......168", 100, 0, 100 + 14 * 13, 20, 0.9, 0))
    assert name.x0 == 100 and name.x1 < value.x0 and value.x1 == 100 + 14 * 13


def test_dotted_leader_sheet_reads_every_row():
    lines = [_line(h, x, 100) for h, x in (("项目", 40), ("结果", 500), ("单位", 640), ("参考范围", 800))]
    printed = [  # OCR renderings of the leaders: own token, glued to the name or the value, run through both (one box
        # reaching the value column)
        ("白细胞计数 ........", "6.52", "10^9/L", "3.5-9.5"),
        ("癌胚抗原..", "<0.50", "ng/mL", "0.00-5.00"),
        ("红细胞计数", "....4.10 L", "10^12/L", "4.30-5.80"),  # the leader reaches left of the value column
        ("铁蛋白" + "·" * 26 + "1200.0 H", None, "ng/mL", "23.9-336.2"),
        ("血小板计数 ____", ">1000.00 H", "10^9/L", "125-350"),
    ]
    for i, (item, value, unit, ref) in enumerate(printed):
        y = 140 + 40 * i
        lines += [_line(item, 40, y)] + ([_line(value, 500 - 14 * (len(value) - len(value.lstrip("."))), y)] if value else [])
        lines += [_line(unit, 640, y), _line(ref, 800, y)]
    rows = [(r.item, r.value, r.unit, r.reference, r.flag or "") for r in parse_sheet(lines).rows]
    assert rows == [("白细胞计数", "6.52", "10^9/L", "3.5-9.5", ""),
                    ("癌胚抗原", "<0.50", "ng/mL", "0.00-5.00", ""),
                    ("红细胞计数", "4.10", "10^12/L", "4.30-5.80", "↓"),
                    ("铁蛋白", "1200.0", "ng/mL", "23.9-336.2", "↑"),
                    ("血小板计数", ">1000.00", "10^9/L", "125-350", "↑")]


def test_receipt_prints_each_record_over_two_lines_under_a_two_line_header():
    lines = [_line("项目", 40, 100), _line("结果", 420, 100), _line("单位", 50, 130), _line("参考值", 200, 130)]
    records = [  # (first line), (second line): value with the name, or value on the second line; "-" = no unit
        (("WBC 白细胞计数.....", 40, "1.75 L", 420), ("10^9/L", 60, "3.5-9.5", 260)),
        (("A/G 白球比......", 40, "2.98 H", 420), ("-", 60, "1.2-2.4", 260)),
        (("HGB 血红蛋白......", 40, None, 420), ("168 g/L", 60, "130-175", 260)),
        (("PLT 血小板计数....", 40, "62 L", 420), ("10^9/L", 60, "125-350", 260)),
    ]
    for i, ((name, nx, value, vx), (unit, ux, ref, rx)) in enumerate(records):
        y = 180 + 80 * i
        lines += [_line(name, nx, y)] + ([_line(value, vx, y)] if value else [])
        lines += [_line(unit, ux, y + 36), _line(ref, rx, y + 36)]
    lines.append(_line("H:偏高 L:偏低", 40, 520))
    sheet = parse_sheet(lines)
    assert len(sheet.tables) == 1 and sheet.tables[0].stacked
    assert [(r.item, r.value, r.unit, r.reference, r.flag or "") for r in sheet.rows] == [
        ("白细胞计数", "1.75", "10^9/L", "3.5-9.5", "↓"),
        ("白球比", "2.98", None, "1.2-2.4", "↑"),
        ("血红蛋白", "168", "g/L", "130-175", ""),
        ("血小板计数", "62", "10^9/L", "125-350", "↓"),
    ]
    assert [r.abbr for r in sheet.rows] == ["WBC", "A/G", "HGB", "PLT"]  # A/G: a ratio of items, not a unit


def test_one_header_line_does_not_make_two_line_records():
    lines = [_line(h, x, 100) for h, x in (("项目", 40), ("结果", 300), ("单位", 420), ("参考范围", 560))]
    for i, (item, value, unit, ref) in enumerate([("白细胞计数", "5.10", "10^9/L", "3.5-9.5"),
                                                   ("血红蛋白", "140", "g/L", "130-175")]):
        lines += [_line(t, x, 140 + 34 * i) for t, x in ((item, 40), (value, 300), (unit, 420), (ref, 560))]
    sheet = parse_sheet(lines)
    assert not sheet.tables[0].stacked
    assert [(r.item, r.value, r.unit) for r in sheet.rows] == [("白细胞计数", "5.10", "10^9/L"), ("血红蛋白", "140", "g/L")]


def test_gamma_read_as_y_before_a_chinese_name_is_gamma():
    from oncostruct.extractors.ocr.cells import clean

    assert clean("y-谷氨酰转移酶") == "γ-谷氨酰转移酶"
    assert clean("y-GT") == "y-GT" and clean("Ery-红细胞") == "Ery-红细胞"
