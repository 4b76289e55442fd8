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
