"""Rows read by the type of each cell (branch labtyped12), on hand-written OCR lines (no OCR run): every order of
the five fields and several separators, a page's column order learned from its unambiguous rows, and the sheet's
header, patient and footer lines kept out of the rows."""
import itertools

import pytest

from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.sheet import parse_sheet
from oncostruct.extractors.ocr.token_types import cell_types, cut_cells
from oncostruct.extractors.ocr.tokens import tokens_from_lines
from oncostruct.extractors.ocr.typed_rows import typed_rows

FIELDS = ("item", "value", "unit", "reference", "flag")
ROWS = [  # look-alike results, each abnormal so its printed flag agrees with its range
    {"item": "白细胞", "value": "11.2", "unit": "10^9/L", "reference": "3.5-9.5", "flag": "↑"},
    {"item": "血红蛋白", "value": "118", "unit": "g/L", "reference": "130-175", "flag": "↓"},
    {"item": "丙氨酸氨基转移酶", "value": "62", "unit": "U/L", "reference": "9-50", "flag": "↑"},
    {"item": "葡萄糖", "value": "7.9", "unit": "mmol/L", "reference": "3.9-6.1", "flag": "↑"},
]
HEADER = ["市第三人民医院检验报告单", "姓名：赵某某 性别：女 年龄：47岁", "病历号 202400183377 科室 消化内科"]
FOOTER = ["检验者：钱某 审核者：孙某", "报告时间 2025-02-11 09:41 本报告仅对此标本负责"]


def line(text, x, y, h=20):
    w = 14 * sum(2 if "\u3400" <= c <= "\u9fff" else 1 for c in text)
    return OcrLine(text, 0.95, [(x, y), (x + w, y), (x + w, y + h), (x, y + h)])


def page(order, sep, rows=ROWS):
    """The rows printed with their fields in ``order``: each field a box of its own (``sep`` None: a gap in
    geometry), or the whole row one box with its fields joined by ``sep``; a header above and a footer below."""
    out = [line(t, 40, 20 + 40 * k) for k, t in enumerate(HEADER)]
    top = 40 * (len(HEADER) + 1)
    for k, row in enumerate(rows):
        y = top + 40 * k
        if sep is None:
            x = 40
            for f in order:
                out.append(line(row[f], x, y))
                x += 14 * 2 * len(row[f]) + 60
        else:
            out.append(line(sep.join(row[f] for f in order), 40, y))
    out += [line(t, 40, top + 40 * (len(rows) + 1 + k)) for k, t in enumerate(FOOTER)]
    return out


def read(rows):
    return [(r.item, r.value, r.unit, r.reference, r.flag) for r in rows]


WANT = [(r["item"], r["value"], r["unit"], r["reference"], r["flag"]) for r in ROWS]
ORDERS = list(itertools.permutations(FIELDS))


@pytest.mark.parametrize("sep", [None, ";", " | ", ",", "\t", "│"])
@pytest.mark.parametrize("order", ORDERS, ids=["-".join(f[0] for f in o) for o in ORDERS])
def test_typed_rows_any_order_any_separator(order, sep):
    tokens, _ = tokens_from_lines(page(order, sep))
    assert read(typed_rows(tokens)) == WANT


@pytest.mark.parametrize("order", ORDERS[::7], ids=["-".join(f[0] for f in o) for o in ORDERS[::7]])
def test_sheet_reads_every_order(order):
    """The whole sheet (every reading, the chooser): the rows come out whatever the order; no header or footer.
    (Units are not compared: where the table reading is kept over the typed one, a unit column printed before the
    value can still be lost.)"""
    got = [(r.item, r.value, r.reference, r.flag) for r in parse_sheet(page(order, None)).rows]
    assert got == [(i, v, ref, f) for i, v, _, ref, f in WANT]


def test_limits_apart_follow_the_pages_order():
    """Low and high limits printed in cells of their own: which of three numbers is the value is learned from the
    page's other rows, which print their range before the value (and after it, on the mirrored page)."""
    rows = [dict(r) for r in ROWS]
    odd = {"item": "总胆红素", "value": "25.4", "unit": "μmol/L", "reference": "0.0 17.0", "flag": "↑"}
    ref_first = page(("item", "reference", "value", "flag", "unit"), None, [*rows, odd])
    got = read(typed_rows(tokens_from_lines(ref_first)[0]))
    assert got[-1] == ("总胆红素", "25.4", "μmol/L", "0.0-17.0", "↑")
    value_first = page(("item", "value", "flag", "reference", "unit"), None, [*rows, odd])
    assert read(typed_rows(tokens_from_lines(value_first)[0]))[-1] == ("总胆红素", "25.4", "μmol/L", "0.0-17.0", "↑")


def test_value_before_single_number_reference_by_page_order():
    """Two numbers, the second an upper limit printed bare (``<``-less): the page's order says which is the value."""
    rows = [*ROWS, {"item": "肌酐", "value": "132", "unit": "μmol/L", "reference": "<97", "flag": "↑"}]
    for order in (("item", "value", "reference", "unit", "flag"), ("item", "reference", "value", "unit", "flag")):
        got = read(typed_rows(tokens_from_lines(page(order, None, rows))[0]))
        assert got[-1][:2] == ("肌酐", "132"), order


def test_code_in_brackets_and_running_number():
    """A catalogue code in brackets beside the name is the code; a running number opening the line is no value."""
    lines = [line(t, 40, 40 + 40 * k) for k, t in enumerate([
        "1 [ALT] 丙氨酸氨基转移酶 9-50 62 U/L ↑", "2 [AST] 天门冬氨酸氨基转移酶 15-40 33 U/L",
        "3 Glucose (GLU) 7.9 mmol/L [3.9 - 6.1] H"])]
    got = [(r.item, r.abbr, r.value, r.reference, r.index) for r in typed_rows(tokens_from_lines(lines)[0])]
    assert got == [("丙氨酸氨基转移酶", "ALT", "62", "9-50", 1), ("天门冬氨酸氨基转移酶", "AST", "33", "15-40", 2),
                   ("Glucose", "GLU", "7.9", "3.9-6.1", 3)]


def test_header_patient_and_footer_lines_give_no_row():
    lines = [line(t, 40, 40 + 40 * k) for k, t in enumerate([*HEADER, "项目 结果 单位 参考范围", *FOOTER,
                                                              "床号 12 样本号 356", "ID 8734373394 送检医生 刘某"])]
    assert typed_rows(tokens_from_lines(lines)[0]) == []


def test_cells_cut_at_separators_but_not_inside_values():
    tokens, _ = tokens_from_lines([line("男:4.30-5.80;1:320;2,086;Protein, total;WBC", 40, 40)])
    assert [c.token.text for c in cut_cells(tokens)] == ["男:4.30-5.80", "1:320", "2,086", "Protein,", "total", "WBC"]
    assert cell_types("钾(K)") == {"item": 1.0} and cell_types("x10/^9/L") == {"unit": 0.5}
    assert cell_types("0-40") == {"value": 0.5, "reference": 1.0}


def test_signs_beside_numbers_are_no_limits():
    """Semi-quantitative signs beside a number (``+`` then ``2``) are never read as a range's two limits."""
    lines = [line(t, 40, 40 + 40 * k) for k, t in enumerate(["尿蛋白 + 2 0-0.15 g/L", "尿糖 - 1 阴性"])]
    got = typed_rows(tokens_from_lines(lines)[0])
    assert [r.item for r in got] == ["尿蛋白", "尿糖"] and got[0].reference == "0-0.15"


@pytest.mark.parametrize("quarter", [1, 2, 3])
def test_a_page_read_turned_gives_no_typed_rows(quarter):
    """Boxes of a page read a quarter turn off stand upright; half a turn off, mirrored, its column titles stand
    under the results: no typed rows either way (the turn is found from the rows the readings give)."""
    from oncostruct.extractors.ocr.orientation import turned_lines

    titled = [line(t, x, 100) for t, x in zip(("项目", "结果", "单位", "参考范围"), (40, 300, 420, 560))]
    titled += [line(row[f], x, 140 + 40 * k) for k, row in enumerate(ROWS)
               for f, x in zip(("item", "value", "unit", "reference"), (40, 300, 420, 560))]
    assert len(typed_rows(tokens_from_lines(titled)[0])) == len(ROWS)
    assert typed_rows(tokens_from_lines(turned_lines(titled, quarter, 800, 600))[0]) == []
