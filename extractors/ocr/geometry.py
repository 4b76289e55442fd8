"""Page geometry: 3×3 homographies from input-page pixels to processed-page pixels, so boxes found on a
deskewed, perspective-corrected or turned page can be reported in the input image's pixels."""
from __future__ import annotations

import numpy as np

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def identity() -> np.ndarray:
    return np.eye(3)


def from_affine(m: np.ndarray) -> np.ndarray:
    """A 2×3 affine matrix (OpenCV) as a 3×3 homography."""
    return np.vstack([np.asarray(m, dtype=float), [0.0, 0.0, 1.0]])


def quarter_turn(k: int, width: int, height: int) -> np.ndarray:
    """The map of ``np.rot90(image, k)`` for an image ``width`` × ``height`` (k counter-clockwise quarter turns)."""
    k %= 4
    if k == 0:
        return identity()
    if k == 1:  # (x, y) → (y, W − x)
        return np.array([[0.0, 1.0, 0.0], [-1.0, 0.0, width], [0.0, 0.0, 1.0]])
    if k == 2:  # (x, y) → (W − x, H − y)
        return np.array([[-1.0, 0.0, width], [0.0, -1.0, height], [0.0, 0.0, 1.0]])
    return np.array([[0.0, -1.0, height], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])  # k == 3: (x, y) → (H − y, x)


def map_box(box: Box, h: np.ndarray) -> Box:
    """The axis-aligned hull of a box's four corners mapped through homography ``h``."""
    x0, y0, x1, y1 = box
    pts = np.array([[x0, y0, 1.0], [x1, y0, 1.0], [x1, y1, 1.0], [x0, y1, 1.0]]) @ np.asarray(h, dtype=float).T
    pts = pts[:, :2] / pts[:, 2:3]
    return (float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max()))


def clip_box(box: Box, width: float, height: float) -> Box:
    return (min(max(box[0], 0.0), width), min(max(box[1], 0.0), height),
            min(max(box[2], 0.0), width), min(max(box[3], 0.0), height))
