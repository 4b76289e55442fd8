"""Page geometry: quarter turns, affine and perspective maps, boxes mapped back to the input image."""
import numpy as np
import pytest

from oncostruct.extractors.ocr.geometry import clip_box, from_affine, map_box, quarter_turn


@pytest.mark.parametrize("k", [1, 2, 3])
def test_quarter_turn_matches_numpy_rot90(k: int) -> None:
    """A marked pixel lands where the matrix says after np.rot90, and turning back is the inverse."""
    img = np.zeros((30, 50), np.uint8)  # height 30, width 50
    img[4, 11] = 1  # (x=11, y=4)
    turned = np.rot90(img, k)
    ys, xs = np.nonzero(turned)
    x0, y0, x1, y1 = map_box((11, 4, 12, 5), quarter_turn(k, 50, 30))  # the pixel's square
    assert (x0, y0) == pytest.approx((float(xs[0]), float(ys[0]))) and (x1 - x0, y1 - y0) == pytest.approx((1.0, 1.0))
    back = map_box((x0, y0, x1, y1), np.linalg.inv(quarter_turn(k, 50, 30)))
    assert back == pytest.approx((11, 4, 12, 5))


def test_affine_rotation_round_trip_and_clip() -> None:
    angle = np.radians(10)
    m = np.array([[np.cos(angle), -np.sin(angle), 20.0], [np.sin(angle), np.cos(angle), 5.0]])
    h = from_affine(m)
    box = (10.0, 10.0, 40.0, 20.0)
    mapped = map_box(box, h)
    assert mapped[2] - mapped[0] > 30 and mapped[3] - mapped[1] > 10  # a rotated box's hull is larger
    inner = map_box(map_box((25.0, 15.0, 25.0, 15.0), h), np.linalg.inv(h))
    assert inner[:2] == pytest.approx((25.0, 15.0))
    assert clip_box((-5.0, 3.0, 120.0, 80.0), 100, 50) == (0.0, 3.0, 100.0, 50.0)
