"""References, units and glued arrows on layouts nobody tuned on (issue 14, labcells11): one mechanism for an arrow
read as the value's last glyph (pixels first, the text rule where they do not tell), ranges written with words or
one end only, references per sex without a colon, watermark words in unit and reference cells. Hand-written OCR
lines, and pages rendered with the tests' CJK font for the pixel look."""
import pytest

from oncostruct.extractors.ocr.arrow_reads import flag_cell_arrow, glued_tail
from oncostruct.extractors.ocr.checks import row_doubts
from oncostruct.extractors.ocr.lab_rows import LabRow, _numbers
from oncostruct.extractors.ocr.value_repair import repair_values


@pytest.mark.parametrize("text, value, glyph, direction, digit", [
    ("0.271", "0.27", "1", "", True), ("8.12t", "8.12", "t", "↑", False), ("2.10l", "2.10", "l", "↓", False),
    ("<5.0V", "<5.0", "V", "↓", False), ("1257", "125", "7", "↑", True)])
def test_one_list_of_glyphs_an_arrow_is_read_as(text, value, glyph, direction, digit):
    tail = glued_tail(text)
    assert (tail.value, tail.glyph, tail.direction, tail.digit) == (value, glyph, direction, digit)


def test_glyphs_read_for_an_arrow_alone_in_a_flag_cell():
    assert [flag_cell_arrow(g) for g in ("个", "t", "T", "1", "l")] == ["↑", "↑", "↑", None, None]
    assert glued_tail("6.52") is None and glued_tail("阴性") is None


def _row(value, reference):
    row = LabRow(item="葡萄糖", value=value, reference=reference)
    _numbers(row)
    return row


def test_a_glyph_that_is_no_digit_is_taken_for_the_arrow_on_its_side_only():
    up, down, against = _row("8.12t", "3.9-6.1"), _row("2.10l", "3.9-6.1"), _row("8.12l", "3.9-6.1")
    assert repair_values([up, down, against]) == 2
    assert (up.value, up.flag, up.value_raw, up.value_repaired) == ("8.12", "↑", "8.12t", True)
    assert (down.value, down.flag) == ("2.10", "↓")
    assert against.value == "8.12l" and not against.value_repaired  # l reads ↓, the value lies above the range
    assert "lab.value_repaired" in {d.code for d in row_doubts(up)}


def test_a_digit_glyph_needs_a_sheet_of_glued_arrows_without_pixels():
    row = _row("5171", "208-428")
    assert repair_values([row]) == 0 and row.value == "5171"  # no printed arrow glued to a value on this sheet


def _render_glued(rows):
    from tests.test_ocr_lab_flag_look import render

    return render(rows, glued=True, mark_size=18)


GLUED = [("白细胞计数", "11.20", "↑", "10^9/L", "3.5-9.5"), ("血小板计数", "98", "↓", "10^9/L", "125-350"),
         ("尿酸", "5121", "", "umol/L", "208-428"), ("血红蛋白", "138", "", "g/L", "130-175")]


def test_the_text_rule_asks_the_pixels_where_the_page_is_at_hand():
    """5121 printed as it reads, beside glued arrows: the text alone takes the last 1 for the arrow (512 is high too);
    the page's pixels show a digit, so the value stays as printed."""
    pytest.importorskip("cv2")
    from oncostruct.extractors.ocr.flag_look import FlagLookOptions, glued_looker
    from oncostruct.extractors.ocr.sheet import parse_sheet

    page, lines = _render_glued(GLUED)
    text_only = parse_sheet(lines, page)
    repair_values(text_only.rows)
    assert next(r for r in text_only.rows if r.item == "尿酸").value == "512"
    sheet = parse_sheet(lines, page)
    repair_values(sheet.rows, glued_looker(sheet.tokens, sheet.angle, page, FlagLookOptions()))
    uric = next(r for r in sheet.rows if r.item == "尿酸")
    assert (uric.value, uric.value_repaired, uric.flag_look["kind"]) == ("5121", False, "glued")
