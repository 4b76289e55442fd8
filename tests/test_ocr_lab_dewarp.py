"""Coordinate dewarp of bent text lines (``extractors.ocr.dewarp``): hand-made boxes (fast) and one rendered,
curled and tilted sheet read end to end (the step fires, loses nothing, and its boxes map back to the read pixels)."""
import math

import numpy as np
import pytest

from oncostruct.extractors.ocr.dewarp import DewarpOptions, fit_warp, remap, straighten
from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.sheet import parse_sheet
from oncostruct.extractors.ocr.tokens import page_bbox
from tests import synth_lab as synth

ROWS = [("白细胞计数", "5.10", "10^9/L", "3.5-9.5"), ("红细胞计数", "4.60", "10^12/L", "4.3-5.8"),
        ("血红蛋白", "140", "g/L", "130-175"), ("血小板计数", "210", "10^9/L", "125-350"),
        ("红细胞压积", "44.0", "%", "40-50"), ("平均红细胞体积", "90.1", "fL", "82-100"),
        ("谷丙转氨酶", "30.0", "U/L", "9-50"), ("谷草转氨酶", "25.0", "U/L", "15-40"),
        ("总胆红素", "12.0", "μmol/L", "5.1-19"), ("尿素", "5.2", "mmol/L", "3.1-8.0")]
XS = (40, 420, 700, 980)
PITCH, HEIGHT, WIDTH = 34, 20, 1300


def _sheet(bend, angle_deg=0.0):
    """Header and rows as OCR boxes whose baselines follow ``y + bend(x, y)``, then turned by ``angle_deg``."""
    cos, sin = math.cos(math.radians(angle_deg)), math.sin(math.radians(angle_deg))

    def pt(x, y):
        y = y + bend(x, y)
        return (x * cos - y * sin, x * sin + y * cos)

    def line(text, x, y):
        w = 28 * len(text) if any(ord(c) > 0x3000 for c in text) else 15 * len(text)
        return OcrLine(text, 0.95, [pt(x, y), pt(x + w, y), pt(x + w, y + HEIGHT), pt(x, y + HEIGHT)])

    lines = [line(h, x, 60) for h, x in zip(("项目名称", "结果", "单位", "参考范围"), XS)]
    for i, row in enumerate(ROWS):
        lines += [line(t, x, 60 + PITCH * (i + 1)) for t, x in zip(row, XS)]
    return lines


def _curl(x, y):  # lines sag in the middle, little at the top and up to 2 pitches at the bottom (a curled photo)
    return 1.5 * PITCH * math.sin(math.pi * x / WIDTH) * (0.2 + 1.2 * y / 400)


def _cells(sheet):
    return sorted((r.item, r.value, r.unit, r.reference) for r in sheet.rows)


def test_curled_lines_are_levelled_and_the_rows_keep_their_cells():
    lines = _sheet(_curl)
    # cut at one y, the curl moves cells across the header bands (every reference lands in the unit band; the row
    # parser now reads a range in the unit band as the reference, issue 14, so the fields themselves come out right)
    assert any(r.cols.get("reference") == r.cols.get("unit") for r in parse_sheet(lines).rows)
    flat, warp = straighten(lines)
    assert warp is not None and warp.shift >= 0.5
    for i in range(len(ROWS)):  # every row's boxes now lie on one straight line (the page's median slope)
        centres = np.array([np.mean(ln.box, axis=0) for ln in flat[4 * (i + 1): 4 * (i + 2)]])
        fit = np.polyval(np.polyfit(centres[:, 0], centres[:, 1], 1), centres[:, 0])
        assert np.abs(fit - centres[:, 1]).max() < 0.2 * HEIGHT
    assert _cells(parse_sheet(flat)) == sorted(ROWS)
    assert all(r.cols.get("reference") != r.cols.get("unit") for r in parse_sheet(flat).rows)


@pytest.mark.parametrize("angle", [0.0, 4.0, -7.0])
def test_straight_or_evenly_tilted_pages_are_left_alone(angle):
    lines = _sheet(lambda x, y: 0.0, angle)
    flat, warp = straighten(lines)
    assert warp is None and flat is lines  # the parser undoes one page angle itself: nothing to dewarp


def test_tilted_and_curled_page_is_levelled_to_its_own_angle():
    lines = _sheet(_curl, 5.0)
    flat, warp = straighten(lines)
    assert warp is not None
    assert _cells(parse_sheet(flat)) == sorted(ROWS)


def test_inverse_returns_read_pixels_and_the_step_can_be_switched_off():
    lines = _sheet(_curl)
    warp = fit_warp(lines)
    pts = np.array([p for ln in lines for p in ln.box])
    assert np.abs(warp.inverse(warp.forward(pts)) - pts).max() < 0.5
    assert straighten(lines, DewarpOptions(enabled=False)) == (lines, None)
    assert straighten(lines[:8]) == (lines[:8], None)  # too few long boxes to fit a field


def test_remap_moves_the_pixels_of_a_bent_line_onto_a_straight_one():
    image = np.full((500, WIDTH, 3), 255, np.uint8)
    for x in range(WIDTH):  # a ruled line bent like the boxes of ``_curl``
        y = int(round(60 + PITCH * 6 + _curl(x, 60 + PITCH * 6)))
        image[y: y + 3, x] = 0
    out = remap(image, fit_warp(_sheet(_curl)))
    xs = np.arange(20, WIDTH - 20, 40)
    ys = np.array([np.flatnonzero(out[:, x, 0] < 128).mean() for x in xs])
    bent = np.array([np.flatnonzero(image[:, x, 0] < 128).mean() for x in xs])
    line = lambda v: np.abs(v - np.polyval(np.polyfit(xs, v, 1), xs)).max()  # noqa: E731
    assert line(ys) < 0.25 * line(bent) and line(ys) < 0.3 * HEIGHT


def _curl_photo(image: np.ndarray, sag: float) -> np.ndarray:
    """A curled page photographed from the top edge: lines sag in the middle, by ``sag`` of the page height at
    the bottom and a fifth of that at the top (the free edge of the sheet lifts more)."""
    import cv2

    h, w = image.shape[:2]
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    dy = sag * h * np.sin(np.pi * xs / w) * (0.2 + 0.8 * ys / h)
    return cv2.remap(image, xs, ys - dy, cv2.INTER_LINEAR, borderValue=(200, 200, 200))


@pytest.mark.skipif(synth.font_path() is None, reason="CJK font not installed (fonts-wqy-microhei)")
def test_rendered_curled_tilted_photo_is_levelled_without_losing_cells(tmp_path):
    pytest.importorskip("rapidocr")
    from oncostruct.eval.lab_score import Tally
    from oncostruct.extractors.ocr import ocr_cache
    from oncostruct.extractors.ocr.lab_report import LabOptions, LabReportExtractor
    from oncostruct.extractors.ocr.preprocess import rotate

    image, truth = synth.render_sheet(2024, kind="cbc", blocks=1, n_rows=14, layout=0)
    image = synth.apply_degrade(rotate(_curl_photo(image, 0.08), 5), synth.Degrade(blur=0.8, jpeg_quality=70))
    data = synth.encode_png(image)
    ocr_cache.set_cache_dir(tmp_path)  # the second read parses the first read's lines: one OCR for both
    try:
        scores = {}
        for on in (False, True):
            pages, _ = LabReportExtractor(LabOptions(dewarp=DewarpOptions(enabled=on))).read(data, "curled.png")
            t = Tally()
            t.add([{"item": r.item, "value": r.value, "unit": r.unit, "reference": r.reference, "flag": r.flag}
                   for r in pages[0].sheet.rows], truth["rows"])
            scores[on] = t.summary()
        page = pages[0]
        assert any(s.startswith("dewarp:") for s in page.steps)
        for tok in page.sheet.tokens:  # provenance: boxes found on the levelled lines land on the read pixels
            x0, y0, x1, y1 = page.input_box(page_bbox(tok, page.sheet.angle))
            ly0, ly1 = page.lines[tok.line].bbox[1], page.lines[tok.line].bbox[3]
            assert y0 < ly1 and y1 > ly0
    finally:
        ocr_cache.set_cache_dir(None)
    on, off = scores[True], scores[False]
    # the table parser's column alignment already absorbs a rendered curl of this size (measured: 1.0 either way),
    # so this checks that levelling loses nothing; the gain is shown on the boxes above and on lab6's photos
    for key in ("value", "unit", "reference"):
        assert on["fields"][key]["accuracy"] >= max(0.9, off["fields"][key]["accuracy"]), (key, on, off)
    assert on["rows"]["f1"] >= off["rows"]["f1"]


def test_bench_switch_turns_the_step_off():
    from oncostruct.eval.lab import parse_model

    assert parse_model("dewarp=0")["dewarp"] is False and "dewarp" not in parse_model("")


def test_settings_switch_the_step_and_refuse_unknown_keys():
    from pydantic import ValidationError

    from oncostruct.extractors.ocr.lab_report import LabOptions

    assert LabOptions.model_validate({"dewarp": {"enabled": False}}).dewarp.enabled is False
    with pytest.raises(ValidationError):
        LabOptions.model_validate({"dewarp": {"enabld": False}})
