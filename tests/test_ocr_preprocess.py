"""OpenCV pre-processing steps on rendered sheets (no OCR)."""
import numpy as np
import pytest

from tests import synth_lab as synth
from oncostruct.extractors.ocr.preprocess import (PreprocessOptions, correct_perspective, estimate_skew, normalise_contrast,
                                       preprocess, rotate)

pytest.importorskip("cv2")
pytestmark = pytest.mark.skipif(synth.font_path() is None, reason="CJK font not installed (fonts-wqy-microhei)")


@pytest.fixture(scope="module")
def sheet():
    return synth.render_sheet(3, kind="cbc", blocks=1)[0]


@pytest.mark.parametrize("angle", [-4.0, 2.5])
def test_skew_estimate(sheet, angle):
    assert estimate_skew(rotate(sheet, angle)) == pytest.approx(-angle, abs=0.6)  # the rotation that levels it


def test_perspective_finds_the_sheet_on_a_dark_background(sheet):
    import cv2

    h, w = sheet.shape[:2]
    canvas = np.full((h + 200, w + 200, 3), 40, np.uint8)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[120, 90], [w + 60, 110], [w + 90, h + 150], [80, h + 120]])
    warped = cv2.warpPerspective(sheet, cv2.getPerspectiveTransform(src, dst), canvas.shape[1::-1])
    mask = cv2.warpPerspective(np.full(sheet.shape[:2], 255, np.uint8), cv2.getPerspectiveTransform(src, dst), canvas.shape[1::-1])
    canvas[mask > 0] = warped[mask > 0]
    fixed, matrix = correct_perspective(canvas)
    assert matrix is not None and abs(fixed.shape[1] / fixed.shape[0] - w / h) < 0.1
    # the returned matrix maps the sheet's corners in the photo to the corrected page's corners
    from oncostruct.extractors.ocr.geometry import map_box

    x0, y0, _, _ = map_box((120, 90, 120, 90), matrix)
    assert abs(x0) < 15 and abs(y0) < 15


def test_steps_are_switchable(sheet):
    same, applied, transform = preprocess(sheet, PreprocessOptions())
    assert same is sheet and applied == [] and np.allclose(transform, np.eye(3))
    out, applied, transform = preprocess(rotate(sheet, 3.0), PreprocessOptions(deskew=True, contrast=True))
    assert applied[0].startswith("deskew") and applied[-1] == "contrast" and not np.allclose(transform, np.eye(3))
    assert normalise_contrast(sheet).shape == sheet.shape
