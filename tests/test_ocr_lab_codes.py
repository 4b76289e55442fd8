"""Short item codes glued to names, ratios of items that look like units, and stray marks beside a reference
(hand-made OCR lines)."""
from __future__ import annotations

import pytest

from oncostruct.extractors.ocr.cells import item_ratio, labels
from oncostruct.extractors.ocr.lab_rows import _split
from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.sheet import parse_sheet
from oncostruct.extractors.ocr.tokens import Token


def _line(text: str, x: float, y: float) -> OcrLine:
    w = 16 * sum(2 if "\u4e00" <= c <= "\u9fff" else 1 for c in text)
    return OcrLine(text, 0.96, [(x, y), (x + w, y), (x + w, y + 22), (x, y + 22)])


def _sheet(rows: list[tuple[str, ...]], xs=(20, 260, 380, 520)):
    lines = [_line(t, x, 30) for t, x in zip(("项目", "结果", "单位", "参考范围"), xs)]
    for i, row in enumerate(rows):
        lines += [_line(t, x, 70 + 40 * i) for t, x in zip(row, xs) if t]
    return parse_sheet(lines)


@pytest.mark.parametrize("text, parts", [
    ("K钾", [("K", "abbr"), ("钾", None)]),
    ("Na钠", [("Na", "abbr"), ("钠", None)]),
    ("钾(K)", [("钾", None), ("K", "abbr")]),
    ("钾K", [("钾", None), ("K", "abbr")]),
    # a one-letter code is split off only when the dictionary gives it and the name as the same item
    ("A钾", [("A钾", None)]),
    ("B超", [("B超", None)]),
    ("抗Sm", [("抗Sm", None)]),
])
def test_a_one_letter_element_symbol_glued_to_its_name_is_split_off(text, parts):
    assert [(p.text, p.band) for p in _split(Token(text, 0, 0, 100, 20, 0.9, 0), None)] == parts


@pytest.mark.parametrize("text, ratio", [("A/G", True), ("AST/ALT", True), ("TBIL/DBIL", True),
                                         ("mmol/L", False), ("U/L", False), ("ng/mL", False), ("u/l", False),
                                         ("10^9/L", False), ("ALT", False)])
def test_a_ratio_of_items_is_an_abbreviation_not_a_unit(text, ratio):
    assert item_ratio(text) is ratio
    assert ("unit" in labels(text)) is (not ratio and "/" in text)


def test_rows_with_glued_codes_ratios_and_stray_marks():
    sheet = _sheet([
        ("K钾", "4.12", "mmol/L", "3.5-5.3"),
        ("Cl氯", "101", "mmol/L", "96-108"),
        ("谷草/谷丙 AST/ALT", "1.3", "", "0.8-1.5"),
        ("二氧化碳分压", "41", "mmHg", "-B 35-45"),
        ("肌酐", "66", "μmol/L", "57-111"),
        ("白球比 A/G", "1.6", "", "1.2-2.4"),
    ])
    got = [(r.item, r.abbr, r.value, r.unit, r.reference) for r in sheet.rows]
    assert got == [
        ("钾", "K", "4.12", "mmol/L", "3.5-5.3"),
        ("氯", "Cl", "101", "mmol/L", "96-108"),
        ("谷草/谷丙", "AST/ALT", "1.3", None, "0.8-1.5"),
        ("二氧化碳分压", None, "41", "mmHg", "35-45"),
        ("肌酐", None, "66", "μmol/L", "57-111"),
        ("白球比", "A/G", "1.6", None, "1.2-2.4"),
    ]
    assert sheet.rows[3].reference_low == 35 and sheet.rows[3].reference_high == 45


@pytest.mark.parametrize("header", [True, False], ids=["one-header-line", "no-header"])
def test_records_printed_over_two_lines_without_a_two_line_header(header):
    lines = [_line("项目", 40, 40), _line("结果", 420, 40)] if header else []
    records = [("白细胞计数", "6.52", "10^9/L", "3.5-9.5"), ("血红蛋白", "138", "g/L", "130-175"),
               ("血小板计数", "215", "10^9/L", "125-350"), ("淋巴细胞百分比", "31.2", "%", "20-50")]
    for i, (name, value, unit, ref) in enumerate(records):
        y = 90 + 64 * i
        lines += [_line(name, 40, y), _line(value, 420, y), _line(unit, 60, y + 30), _line(ref, 260, y + 30)]
    sheet = parse_sheet(lines)
    assert sheet.tables[0].stacked
    assert [(r.item, r.value, r.unit, r.reference) for r in sheet.rows] == [
        ("白细胞计数", "6.52", "10^9/L", "3.5-9.5"), ("血红蛋白", "138", "g/L", "130-175"),
        ("血小板计数", "215", "10^9/L", "125-350"), ("淋巴细胞百分比", "31.2", "%", "20-50")]


def test_a_table_with_one_line_per_record_is_not_taken_for_two_line_records():
    sheet = _sheet([("白细胞计数", "6.52", "10^9/L", "3.5-9.5"), ("血红蛋白", "138", "g/L", "130-175"),
                    ("血小板计数", "215", "10^9/L", "125-350")])
    assert not sheet.tables[0].stacked and len(sheet.rows) == 3


def test_values_printed_above_the_name_are_not_two_line_records():
    """``WBC 8.86 10^9/L 3.5-9.5`` over a small ``白细胞计数``: each name has numbers above and below it, so the
    name-first two-line reading (which would pair a name with the next record's values) does not apply."""
    from oncostruct.extractors.ocr.table import two_line_records, y_clusters
    lines = [_line(t, x, 40) for t, x in (("Test", 40), ("Result", 260), ("Unit", 380), ("Ref. Range", 520))]
    records = [("WBC", "白细胞计数", "8.86", "10^9/L", "3.5-9.5"), ("RBC", "红细胞计数", "4.61", "10^12/L", "4.3-5.8"),
               ("HGB", "血红蛋白", "138", "g/L", "130-175"), ("PLT", "血小板计数", "215", "10^9/L", "125-350")]
    for i, (abbr, name, value, unit, ref) in enumerate(records):
        y = 90 + 64 * i
        lines += [_line(abbr, 40, y), _line(value, 260, y), _line(unit, 380, y), _line(ref, 520, y), _line(name, 40, y + 30)]
    tokens = [Token(ln.text, *ln.box[0], *ln.box[2], ln.score, 0) for ln in lines[4:]]
    assert not two_line_records(y_clusters(tokens, 10.0), 20.0)
