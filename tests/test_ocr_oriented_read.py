"""The page's quarter turn decided between detection and recognition, and the page recognised once in it
(``extractors.ocr.oriented_read``): box geometry, the box moves, and rendered sheets turned 90 / 180 / 270° or
photographed skewed, shaded and blurred."""
from __future__ import annotations

import numpy as np
import pytest

from oncostruct.extractors.ocr.orientation import OrientationOptions
from oncostruct.extractors.ocr.oriented_read import longest, reading_order, turn_boxes, vertical_share


def _box(x: float, y: float, w: float, h: float) -> list[list[float]]:
    return [[x, y], [x + w, y], [x + w, y + h], [x, y + h]]


def test_text_running_down_the_page_is_told_from_its_boxes():
    across = np.array([_box(10, 30 * i, 200, 20) for i in range(6)] + [_box(300, 0, 22, 20)], np.float32)
    down = turn_boxes(across, 1, 600, 400)
    assert vertical_share(across, 2.0) == 0.0
    assert vertical_share(down, 2.0) == 1.0
    assert vertical_share(np.array([_box(0, 0, 20, 22)], np.float32), 2.0) is None  # nothing elongated to judge
    assert vertical_share(np.zeros((0, 4, 2), np.float32), 2.0) is None
    assert longest(across, 2.0, 3) == [0, 1, 2]  # the square box never votes


@pytest.mark.parametrize("quarter", [1, 2, 3])
def test_boxes_moved_through_a_turn_come_back_and_start_top_left(quarter):
    w, h = 600, 400
    boxes = np.array([_box(10, 30, 200, 20), _box(300, 100, 50, 24)], np.float32)
    moved = turn_boxes(boxes, quarter, w, h)
    back = turn_boxes(moved, (4 - quarter) % 4, *((h, w) if quarter % 2 else (w, h)))
    assert np.allclose(back, boxes)
    for b in moved:  # corner 0 is the top-left one, corner 1 to its right (clockwise), as the cropper expects
        assert b[0, 0] == b[:, 0].min() and b[0, 1] == b[:, 1].min() and b[1, 0] > b[0, 0]


def test_moved_boxes_are_put_in_reading_order():
    boxes = np.array([_box(300, 100, 50, 20), _box(10, 100, 200, 20), _box(10, 30, 200, 20)], np.float32)
    assert list(reading_order(boxes)) == [2, 1, 0]


# --- rendered sheets through RapidOCR ---------------------------------------------------------------------

synth = pytest.importorskip("tests.synth_lab")
pytest.importorskip("rapidocr")
needs_font = pytest.mark.skipif(synth.font_path() is None, reason="CJK font not installed (fonts-wqy-microhei)")


@pytest.fixture(scope="module")
def sheet():
    return synth.render_sheet(7, kind="chem", blocks=1, n_rows=6, layout=0)


def _count_recognitions(monkeypatch) -> list[int]:
    from oncostruct.extractors.ocr.ocr import engine

    eng = engine(False)
    calls = []
    real = type(eng).recognize_txt

    def counted(self, imgs):
        calls.append(len(imgs))
        return real(self, imgs)

    monkeypatch.setattr(type(eng), "recognize_txt", counted)
    return calls


@needs_font
def test_an_upright_page_gives_the_lines_of_a_plain_read(sheet):
    from oncostruct.extractors.ocr.ocr import run_ocr
    from oncostruct.extractors.ocr.oriented_read import read_oriented

    image, _ = sheet
    read = read_oriented(image, 0, OrientationOptions(), False)
    plain = run_ocr(image, 0, False)
    assert read.quarter == 0
    assert [(ln.text, ln.box) for ln in read.lines] == [(ln.text, ln.box) for ln in plain]


@needs_font
@pytest.mark.parametrize("k", [1, 2, 3], ids=["turned-90", "turned-180", "turned-270"])
def test_a_turned_page_is_righted_and_recognised_once(sheet, k, monkeypatch):
    from oncostruct.extractors.ocr.lab_report import LabReportExtractor
    from oncostruct.eval.lab_score import Tally

    image, truth = sheet
    calls = _count_recognitions(monkeypatch)
    pages, _ = LabReportExtractor(use_cuda=False).read(synth.encode_png(np.ascontiguousarray(np.rot90(image, k))),
                                                      "turned.png")
    assert len(calls) == 1  # one recognition of the page: it is not read as it lay and again turned
    assert f"rotate:{90 * k}" in pages[0].steps
    assert any(s.startswith("orientation:det:") for s in pages[0].steps)
    tally = Tally()
    tally.add([{"item": r.item, "value": r.value, "unit": r.unit, "reference": r.reference, "flag": r.flag}
               for r in pages[0].sheet.rows], truth["rows"])
    assert tally.summary()["rows"]["f1"] >= 0.9
    # boxes are given in the turned input's pixels: every value cell lies inside the image as sent
    from oncostruct.extractors.ocr.tokens import page_bbox

    h, w = np.rot90(image, k).shape[:2]
    boxes = [pages[0].input_box(page_bbox(t, pages[0].sheet.angle)) for r in pages[0].sheet.rows
             for t in r.cells.get("value", [])]
    assert boxes and all(0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h for x0, y0, x1, y1 in boxes)


@needs_font
def test_without_redetection_the_first_boxes_are_moved_and_read_once(sheet, monkeypatch):
    from oncostruct.extractors.ocr.oriented_read import read_oriented

    image, _ = sheet
    calls = _count_recognitions(monkeypatch)
    detections = []
    from oncostruct.extractors.ocr.ocr import engine

    real = type(engine(False)).detect_and_crop
    monkeypatch.setattr(type(engine(False)), "detect_and_crop",
                        lambda self, *a: detections.append(1) or real(self, *a))
    read = read_oriented(np.ascontiguousarray(np.rot90(image, 3)), 0, OrientationOptions(redetect=False), False)
    assert read.quarter == 1 and len(calls) == 1 and len(detections) == 1
    texts = " ".join(ln.text for ln in read.lines)
    assert "检验报告单" in texts and "参考" in texts  # read upright, not sideways
    h = image.shape[0]
    assert all(0 <= y <= h for ln in read.lines for _, y in ln.box)  # boxes in the righted page's pixels


@needs_font
@pytest.mark.parametrize("k", [0, 1, 3], ids=["skewed", "skewed-turned-90", "skewed-turned-270"])
def test_a_skewed_shaded_photo_is_righted(k):
    from oncostruct.extractors.ocr.oriented_read import read_oriented

    image, _ = synth.render_sheet(11, kind="cbc", blocks=2, n_rows=12, layout=1,
                                  degrade=synth.Degrade(rotate_deg=7.0, perspective=0.04, shadow=0.35, blur=0.8,
                                                        noise=4, jpeg_quality=60, quarter=k))
    read = read_oriented(image, 0, OrientationOptions(), False)
    assert read.quarter == (4 - k) % 4, read.notes
    assert sum(ln.score for ln in read.lines) / len(read.lines) > 0.85


@needs_font
def test_the_decision_and_the_turned_lines_are_cached_under_their_own_tags(sheet, tmp_path, monkeypatch):
    from oncostruct.extractors.ocr import ocr_cache
    from oncostruct.extractors.ocr.oriented_read import read_oriented

    image = np.ascontiguousarray(np.rot90(sheet[0], 2))
    ocr_cache.set_cache_dir(tmp_path)
    try:
        first = read_oriented(image, 0, OrientationOptions(), False)
        assert ocr_cache.load(image) is None  # a plain read of these pixels was not made, so nothing claims to be one
        calls = _count_recognitions(monkeypatch)
        again = read_oriented(image, 3, OrientationOptions(), False)
    finally:
        ocr_cache.set_cache_dir(None)
    assert not calls and again.quarter == first.quarter == 2 and again.notes == first.notes
    assert [ln.text for ln in again.lines] == [ln.text for ln in first.lines] and again.lines[0].page == 3


@needs_font
def test_the_older_read_then_turn_path_stays_available(sheet, monkeypatch):
    from oncostruct.extractors.ocr.lab_report import LabOptions, read_page

    calls = _count_recognitions(monkeypatch)
    opts = LabOptions(use_cuda=False, orientation=OrientationOptions(early=False))
    page = read_page(np.ascontiguousarray(np.rot90(sheet[0], 1)), 0, opts)
    assert len(calls) == 2 and "rotate:90" in page.steps  # read as it lay, then again turned
