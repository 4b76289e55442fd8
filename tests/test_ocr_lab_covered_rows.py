"""A result whose cells something covered stays a row with its value empty, to review (``covered_rows``, branch
labitem12), on hand-written OCR lines."""
from oncostruct.extractors.ocr.checks import row_doubts
from oncostruct.extractors.ocr.covered_rows import covered
from oncostruct.extractors.ocr.lab_rows import LabRow
from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.sheet import parse_sheet


def line(text, x, y, w=None, h=20):
    w = w or 14 * len(text)
    return OcrLine(text, 0.95, [(x, y), (x + w, y), (x + w, y + h), (x, y + h)])


def sheet_with(rows):
    xs = (40, 220, 320, 440, 560, 680)
    lines = [line(h, x, 100) for h, x in zip(("项目", "代号", "结果", "单位", "参考值", "提示"), xs)]
    for k, cells in enumerate(rows):
        lines += [line(c, x, 140 + 40 * k) for c, x in zip(cells, xs) if c]
    return parse_sheet(lines)


def test_a_covered_value_leaves_the_row_empty_and_to_review():
    sheet = sheet_with((("总蛋白", "TP", "70.1", "g/L", "65-85", ""), ("白蛋白", "ALB", "", "", "", ""),
                        ("球蛋白", "GLB", "", "", "", "↓"), ("肌酐", "CREA", "77", "μmol/L", "57-111", "")))
    assert [(r.item, r.value) for r in sheet.rows] == [("总蛋白", "70.1"), ("白蛋白", None), ("球蛋白", None),
                                                      ("肌酐", "77")]
    assert "lab.missing_value" in {d.code for d in row_doubts(sheet.rows[1])}


def test_an_empty_line_without_code_or_flag_is_no_row():
    assert not covered(LabRow(item="白蛋白", empty=True))
    assert not covered(LabRow(item="自定义项目", abbr="XYZ", empty=True))
    assert not covered(LabRow(item="白蛋白", abbr="WBC", empty=True))  # a code of another item
    assert covered(LabRow(item="白蛋白", abbr="ALB", empty=True))
    assert covered(LabRow(item="白蛋白", flag="↑", empty=True))
