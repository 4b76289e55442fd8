"""The second look at value cells (issue 14, labvalue9): a value the page read missed (faint print, a dark cell) is
read from a crop of its cell; a value the crop reads otherwise goes to review. Sheets are rendered here with PIL,
and the page read's lines are written by hand (so a value can be left out or misread on purpose); the crops are read
by the real recogniser."""
import numpy as np
import pytest

from oncostruct.extractors.ocr.ocr import OcrLine
from tests import synth_lab as synth

pytest.importorskip("rapidocr")

HEADER = (("项目", 40), ("结果", 360), ("单位", 500), ("参考区间", 640))
ROWS = [("白细胞计数", "6.52", "10^9/L", "3.5-9.5"), ("血红蛋白", "138", "g/L", "130-175"),
        ("血小板计数", "231", "10^9/L", "125-350"), ("红细胞压积", "43.6", "%", "40.0-50.0"),
        ("平均红细胞体积", "91.2", "fL", "82.0-100.0")]
PITCH, Y0, SIZE = 44, 60, 24


def render(rows=ROWS, *, faint=None, dark=None, printed=None):
    """(BGR page, OCR lines) of a small sheet. ``faint``: the row index whose value is printed light grey in thin
    type; ``dark``: the row whose value cell is shaded dark with the value printed white; ``printed``: {row: text}
    printed instead of the value the lines say (a misread of the page read). Every text is given a line except the
    faint and dark values (the detector missed them)."""
    from PIL import Image, ImageDraw

    font = synth._font(SIZE)
    img = Image.new("RGB", (820, Y0 + PITCH * (len(rows) + 2)), "white")
    draw = ImageDraw.Draw(img)
    lines = []

    def put(text, x, y, fill=(0, 0, 0), keep=True):
        draw.text((x, y), text, font=font, fill=fill)
        x0, y0, x1, y1 = draw.textbbox((x, y), text, font=font)
        if keep:
            lines.append(OcrLine(text, 0.97, [(x0 - 2, y0 - 3), (x1 + 2, y0 - 3), (x1 + 2, y1 + 3), (x0 - 2, y1 + 3)]))

    for text, x in HEADER:
        put(text, x, Y0)
    for i, row in enumerate(rows):
        y = Y0 + PITCH * (i + 1)
        for k, (text, (_, x)) in enumerate(zip(row, HEADER)):
            if k == 1 and i == faint:
                put(text, x, y, fill=(175, 175, 175), keep=False)
            elif k == 1 and i == dark:
                draw.rectangle((x - 12, y - 8, x + 110, y + SIZE + 8), fill=(60, 60, 70))
                put(text, x, y, fill=(255, 255, 255), keep=False)
            elif k == 1 and printed and i in printed:
                draw.text((x, y), printed[i], font=font, fill=(0, 0, 0))
                x0, y0, x1, y1 = draw.textbbox((x, y), printed[i], font=font)
                lines.append(OcrLine(text, 0.86, [(x0 - 2, y0 - 3), (x1 + 2, y0 - 3), (x1 + 2, y1 + 3), (x0 - 2, y1 + 3)]))
            else:
                put(text, x, y)
    page = np.ascontiguousarray(np.asarray(img)[:, :, ::-1])
    return page, lines


def looked(page, lines, **opts):
    from oncostruct.extractors.ocr.second_look import SecondLookOptions, second_look
    from oncostruct.extractors.ocr.sheet import parse_sheet

    sheet = parse_sheet(lines, page)
    notes = second_look(sheet.rows, sheet.tables, sheet.tokens, sheet.angle, sheet.report_type, page,
                        SecondLookOptions(**opts))
    return sheet, notes


def test_a_faint_value_the_page_read_missed_is_read_from_its_cell():
    page, lines = render(faint=2)
    sheet, notes = looked(page, lines)
    row = sheet.rows[2]
    assert (row.item, row.value, row.value_num) == ("血小板计数", "231", 231.0)
    assert row.second_look["how"] == "filled" and notes and "1 filled" in notes[0]
    assert row.cells["value"][0].line == -1  # the crop box is its provenance, not a page line
    assert [r.value for r in sheet.rows] == [r[1] for r in ROWS]  # the other rows are untouched


def test_a_value_on_a_dark_cell_is_read_from_its_inverted_crop():
    page, lines = render(dark=0)
    sheet, _ = looked(page, lines)
    assert (sheet.rows[0].value, sheet.rows[0].second_look["how"]) == ("6.52", "filled")


def test_no_fill_when_switched_off_or_nothing_is_printed():
    page, lines = render(faint=2)
    sheet, notes = looked(page, lines, fill_missing=False)
    assert sheet.rows[2].value is None and not notes
    page, lines = render(faint=2)
    page[:, 330:480] = 255  # the cell is empty on the page too
    sheet, _ = looked(page, lines)
    assert sheet.rows[2].value is None and sheet.rows[2].second_look is None


def test_a_filled_value_goes_to_review_with_a_lowered_confidence():
    from oncostruct.extractors.ocr.checks import row_doubts

    page, lines = render(faint=1)
    sheet, _ = looked(page, lines)
    row = sheet.rows[1]
    assert row.value == "138" and row.confidence <= 0.9 * row.second_look["score"] + 1e-3
    assert "lab.value_second_look" in {d.code for d in row_doubts(row)}


def test_a_misread_that_the_crop_reads_otherwise_goes_to_review():
    from oncostruct.extractors.ocr.checks import row_doubts
    from oncostruct.extractors.ocr.lab_report import LabReportExtractor, PageResult

    page, lines = render(printed={1: "158"})  # the page read says 138 (score 0.86), the sheet prints 158
    sheet, _ = looked(page, lines)
    row = sheet.rows[1]
    assert row.second_look["how"] == "doubted"
    assert "lab.value_disagreement" in {d.code for d in row_doubts(row)}
    result = PageResult(sheet, lines, [], (page.shape[1], page.shape[0]))
    extractor = LabReportExtractor()
    doubts, _ = extractor.doubts(result, "x", 0)
    fields = extractor.row_fields(1, row, result, doubts.get(id(row)))
    value = next(f for f in fields if f.name.endswith(".value"))
    assert value.status.value == "needs_review" and "read again" in value.review_reason
    assert value.attributes["second_look"]["how"] == "doubted"


def test_a_value_both_readings_agree_on_is_left_alone():
    page, lines = render(printed={3: "43.6"})  # a low line score, the same printed value
    sheet, _ = looked(page, lines)
    assert sheet.rows[3].value == "43.6"
    assert sheet.rows[3].second_look is None or sheet.rows[3].second_look["how"] != "doubted"


def test_readings_parse_only_as_values_of_the_item_kind():
    from oncostruct.extractors.ocr.second_look import parse_reading, same_reading

    assert parse_reading("5.57↑", True) == ("5.57", "↑")
    assert parse_reading("56.0mmol/L", True) == ("56.0", None)
    assert parse_reading("阴性", True) is None and parse_reading("阴性", False) == ("阴性", None)
    assert parse_reading("3.5-9.5", True) is None and parse_reading("g/L", True) is None
    assert same_reading("1.3", "13") and same_reading("1.8×10^5", "1.8×105") and same_reading("37", "371")
    assert not same_reading("38", "88") and not same_reading("7.9", "7.89") and not same_reading("13", "1.3")


def test_cleaned_crops_are_dark_on_light():
    from oncostruct.extractors.ocr.second_look import cleaned

    crop = np.full((20, 60, 3), 50, np.uint8)
    crop[6:14, 10:50] = 230  # light print on a dark cell
    for thicken in (False, True):
        out = cleaned(crop, 32, thicken)
        assert np.median(out) > 200 and out.min() < 60


def test_bench_lab_can_switch_the_second_look_off():
    from oncostruct.eval.lab import parse_model
    from oncostruct.extractors.ocr.lab_report import LabOptions

    assert parse_model("baselines=0;second_look=0")["second_look"] is False
    assert LabOptions(second_look={"enabled": False}).second_look.enabled is False
    assert LabOptions().second_look.enabled and LabOptions().checks.review_filled
