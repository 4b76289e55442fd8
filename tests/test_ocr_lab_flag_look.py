"""The look at flag cells' pixels (issue 14, labflag10): a small printed mark the page read missed or read as another
glyph is read from its cell by the mark templates. Sheets are rendered here with PIL (CJK font of the tests, marks in
a Latin or CJK face), and the page read's lines are written by hand, so a mark can be left out or misread on purpose."""
from pathlib import Path

import numpy as np
import pytest

from oncostruct.extractors.ocr.ocr import OcrLine
from tests import synth_lab as synth

pytest.importorskip("cv2")

HEADER = (("项目", 40), ("结果", 300), ("提示", 420), ("单位", 500), ("参考区间", 640))
# (item, value, printed mark, unit, reference): values chosen so each mark agrees with value and range
ROWS = [("白细胞计数", "11.20", "↑", "10^9/L", "3.5-9.5"), ("血红蛋白", "138", "", "g/L", "130-175"),
        ("血小板计数", "98", "↓", "10^9/L", "125-350"), ("红细胞压积", "52.6", "↑", "%", "40.0-50.0"),
        ("平均红细胞体积", "91.2", "", "fL", "82.0-100.0"), ("尿酸", "512", "↑", "umol/L", "208-428")]
PITCH, Y0, SIZE = 44, 60, 24
MARK_FACES = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"]


def _mark_font(size: int):
    from PIL import ImageFont

    face = next((f for f in MARK_FACES if Path(f).exists()), None)
    return ImageFont.truetype(face, size) if face else synth._font(size)


def render(rows=ROWS, *, lost=(), read_as=None, glued=False, colour=(0, 0, 0), mark_size=14, dropped=()):
    """(BGR page, OCR lines). ``lost``: rows whose printed mark has no line (the detector missed it); ``read_as``:
    {row: text} the page read gives for a mark instead of it; ``glued``: marks printed right after the value (no
    flag column), and a lost one's value line ends in ``1`` (``0.27↑`` read as ``0.271``); ``dropped``: glued marks
    the page read left out of the value's line and box."""
    from PIL import Image, ImageDraw

    font = synth._font(SIZE)
    mfont = synth._font(mark_size) if any(r[2] in ("高", "低") for r in rows) else _mark_font(mark_size)
    img = Image.new("RGB", (820, Y0 + PITCH * (len(rows) + 2)), "white")
    draw = ImageDraw.Draw(img)
    lines = []

    def line(text, box):
        x0, y0, x1, y1 = box
        lines.append(OcrLine(text, 0.97, [(x0 - 2, y0 - 3), (x1 + 2, y0 - 3), (x1 + 2, y1 + 3), (x0 - 2, y1 + 3)]))

    for text, x in HEADER if not glued else [h for h in HEADER if h[0] != "提示"]:
        draw.text((x, Y0), text, font=font, fill=(0, 0, 0))
        line(text, draw.textbbox((x, Y0), text, font=font))
    for i, (item, value, mark, unit, ref) in enumerate(rows):
        y = Y0 + PITCH * (i + 1)
        for text, x in ((item, 40), (unit, 500), (ref, 640)):
            draw.text((x, y), text, font=font, fill=(0, 0, 0))
            line(text, draw.textbbox((x, y), text, font=font))
        draw.text((300, y), value, font=font, fill=(0, 0, 0))
        vbox = draw.textbbox((300, y), value, font=font)
        if not mark:
            line(value, vbox)
            continue
        mx = vbox[2] + 3 if glued else 430
        my = y + (SIZE - mark_size) // 2 + 2
        draw.text((mx, my), mark, font=mfont, fill=colour)
        mbox = draw.textbbox((mx, my), mark, font=mfont)
        said = (read_as or {}).get(i, mark)
        if glued and i in dropped:
            line(value, vbox)
        elif glued:
            whole = (vbox[0], vbox[1], mbox[2], vbox[3])
            line(value + ("1" if i in lost else said), whole)
        else:
            line(value, vbox)
            if i not in lost:
                line(said, (mbox[0], vbox[1], mbox[2], vbox[3]))
    return np.ascontiguousarray(np.asarray(img)[:, :, ::-1]), lines


def looked(page, lines, **opts):
    """The page's rows after the glued-arrow repair (pixels first) and the flag cells' look, as ``lab_report``."""
    from oncostruct.extractors.ocr.flag_look import FlagLookOptions, flag_look, glued_looker
    from oncostruct.extractors.ocr.sheet import parse_sheet
    from oncostruct.extractors.ocr.value_repair import repair_values

    sheet, options = parse_sheet(lines, page), FlagLookOptions(**opts)
    repair_values(sheet.rows, glued_looker(sheet.tokens, sheet.angle, page, options))
    notes = flag_look(sheet.rows, sheet.tables, sheet.tokens, sheet.angle, page, options)
    return sheet, notes


def _glyph_mask(ch: str, size: int, face: str) -> np.ndarray:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(face, size)
    img = Image.new("L", (size * 3, size * 3), 255)
    ImageDraw.Draw(img).text((size, size // 2), ch, font=font, fill=0)
    a = np.asarray(img) < 128
    ys, xs = np.nonzero(a)
    return a[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1]


@pytest.mark.parametrize("ch,want", [("↑", "↑"), ("↓", "↓"), ("H", "H"), ("L", "L"), ("*", "*"), ("+", "+"),
                                     ("1", "other"), ("7", "other"), ("0", "other"), ("l", "other")])
def test_marks_and_the_glyphs_beside_them_are_told_apart(ch, want):
    from oncostruct.extractors.ocr.mark_glyphs import classify

    face = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"  # a face the templates were not made from
    if not Path(face).exists():
        pytest.skip("Liberation Serif not installed")
    assert classify(_glyph_mask(ch, 20, face)).label == want


def test_a_mark_the_detector_missed_is_read_from_the_flag_column():
    page, lines = render(lost=(2,))
    sheet, notes = looked(page, lines)
    row = sheet.rows[2]
    assert (row.item, row.flag, row.flag_computed) == ("血小板计数", "↓", False)
    assert row.flag_look["how"] == "set" and "1 set" in notes[0]
    assert [r.flag for r in sheet.rows] == ["↑", None, "↓", "↑", None, "↑"]


def test_a_flag_column_the_page_read_found_no_mark_in_is_found_from_its_header():
    page, lines = render(lost=(0, 2, 3, 5))
    sheet, _ = looked(page, lines)
    assert [(r.flag, r.flag_computed) for r in sheet.rows] == [("↑", False), (None, False), ("↓", False), ("↑", False),
                                                                (None, False), ("↑", False)]
    sheet, _ = looked(page, [ln for ln in lines if ln.text != "提示"])  # no header word: nowhere to look
    assert all(r.flag_look is None for r in sheet.rows) and sheet.rows[0].flag_computed


def test_an_empty_flag_cell_stays_empty():
    page, lines = render()
    sheet, notes = looked(page, lines)
    assert [r.flag_look["how"] for r in sheet.rows if r.flag_look] == ["none", "none"]  # rows 1 and 4: blank cells
    assert sheet.rows[1].flag is None and sheet.rows[4].flag is None


def test_a_coloured_mark_is_ink_too():
    page, lines = render(lost=(0, 5), colour=(220, 40, 40))
    sheet, _ = looked(page, lines)
    assert [(r.flag, r.flag_computed) for r in (sheet.rows[0], sheet.rows[5])] == [("↑", False), ("↑", False)]


def test_a_mark_read_as_a_digit_is_read_from_its_pixels():
    page, lines = render(read_as={3: "1"})  # ↑ read as 1 in the flag column
    sheet, _ = looked(page, lines)
    row = sheet.rows[3]
    assert (row.flag, row.flag_look["kind"], row.flag_look["first"]) == ("↑", "odd", "1")


def test_english_flag_words_are_marks_not_odd_readings():
    from oncostruct.extractors.ocr.cells import flag_direction, labels

    assert "flag" in labels("HIGH") and "flag" in labels("Low") and "flag" not in labels("Lowe")
    assert (flag_direction("HIGH"), flag_direction("low")) == ("↑", "↓")
    page, lines = render(read_as={0: "HIGH", 2: "LOW"})
    sheet, _ = looked(page, lines)
    assert [(r.flag, r.flag_look) for r in (sheet.rows[0], sheet.rows[2])] == [("↑", None), ("↓", None)]


def test_an_odd_reading_over_no_mark_goes_to_review_with_the_computed_flag():
    from oncostruct.extractors.ocr.checks import row_doubts

    rows = [r if i != 3 else (*r[:2], "#", *r[3:]) for i, r in enumerate(ROWS)]  # a glyph that is no mark
    page, lines = render(rows, read_as={3: "J"})
    sheet, notes = looked(page, lines)
    row = sheet.rows[3]
    assert (row.flag, row.flag_computed, row.flag_look["how"]) == ("↑", True, "unread")
    assert "lab.flag_unread" in {d.code for d in row_doubts(row)}
    page[:, 425:470] = 255  # the flag cell holds no print at all: the reading was a ruling line or a speck
    sheet, notes = looked(page, lines)
    row = sheet.rows[3]
    assert (row.flag, row.flag_computed, row.flag_look["how"]) == ("↑", True, "cleared")
    assert "lab.flag_unread" not in {d.code for d in row_doubts(row)}


def test_an_arrow_glued_to_the_value_and_read_as_one_leaves_the_value():
    rows = [("白细胞计数", "6.52", "", "10^9/L", "3.5-9.5"), ("FPSA/PSA", "0.27", "↑", "", "0.13-0.19"),
            ("总胆红素", "12.1", "", "umol/L", "5.1-19.0")]
    page, lines = render(rows, lost=(1,), glued=True, mark_size=18)
    sheet, notes = looked(page, lines)
    row = next(r for r in sheet.rows if r.item == "FPSA/PSA")
    assert (row.value, row.value_num, row.flag, row.flag_computed) == ("0.27", 0.27, "↑", False)
    assert row.flag_look["how"] == "split" and not row.value_repaired  # the pixels showed the arrow: no doubt left
    assert next(r for r in sheet.rows if r.item == "总胆红素").value == "12.1"  # a real final 1 stays


def test_an_arrow_after_a_value_that_ends_in_one_takes_only_the_flag():
    rows = [("白细胞计数", "6.52", "", "10^9/L", "3.5-9.5"), ("肌酐", "41", "↓", "umol/L", "57-111"),
            ("总胆红素", "24.6", "↑", "umol/L", "5.1-19.0")]
    page, lines = render(rows, dropped=(1,), glued=True, mark_size=18)  # the page read gives 41, no arrow
    sheet, _ = looked(page, lines)
    row = next(r for r in sheet.rows if r.item == "肌酐")
    assert (row.value, row.flag, row.flag_computed, row.flag_look["how"]) == ("41", "↓", False, "set")


def test_a_glued_mark_the_page_read_left_out_is_looked_for_after_the_value():
    page, lines = render(glued=True, dropped=(3,), mark_size=18)
    sheet, _ = looked(page, lines)
    assert [(r.flag, r.flag_computed) for r in sheet.rows] == [("↑", False), (None, False), ("↓", False), ("↑", False),
                                                                (None, False), ("↑", False)]
    assert sheet.rows[3].flag_look["how"] == "set"


def test_a_mark_read_a_row_off_is_looked_for_on_the_value_line():
    from oncostruct.extractors.ocr.checks import row_doubts
    from oncostruct.extractors.ocr.flag_look import FlagLookOptions, flag_look
    from oncostruct.extractors.ocr.sheet import parse_sheet

    page, lines = render()
    sheet = parse_sheet(lines, page)
    above, own = sheet.rows[1], sheet.rows[2]  # the column shifted: 血小板计数's ↓ went to the row above
    above.flag, above.cells["flag"] = own.flag, own.cells.pop("flag")
    own.flag = None
    flag_look(sheet.rows, sheet.tables, sheet.tokens, sheet.angle, page, FlagLookOptions())
    assert (above.flag, above.flag_look["kind"], above.flag_look["how"]) == (None, "moved", "unread")
    assert "lab.flag_unread" in {d.code for d in row_doubts(above)}
    assert (own.flag, own.flag_computed) == ("↓", False)


def test_a_mark_of_several_strokes_is_read_by_the_recogniser():
    pytest.importorskip("rapidocr")
    rows = [(item, value, {"↑": "高", "↓": "低"}.get(mark, mark), unit, ref) for item, value, mark, unit, ref in ROWS]
    page, lines = render(rows, lost=(2,), mark_size=22)
    sheet, _ = looked(page, lines)
    row = sheet.rows[2]
    assert (row.flag, row.flag_computed, row.flag_look["recognised"]) == ("↓", False, "低")
    sheet, _ = looked(page, lines, recognise=False)
    assert sheet.rows[2].flag_computed and "recognised" not in sheet.rows[2].flag_look


def test_switched_off_nothing_is_looked_at():
    from oncostruct.eval.lab import parse_model
    from oncostruct.extractors.ocr.lab_report import LabOptions

    page, lines = render(lost=(2,))
    sheet, notes = looked(page, lines, enabled=False)
    assert notes == [] and sheet.rows[2].flag_look is None
    assert parse_model("baselines=0;flag_look=0")["flag_look"] is False
    assert LabOptions(flag_look={"enabled": False}).flag_look.enabled is False
