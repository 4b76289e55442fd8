"""Marks the text detector misses: a lone printed dash ("-", meaning negative) in an empty cell.

PP-OCR's detector often drops a single short stroke, so dipstick rows printed as "尿糖  -"
come back with an empty result cell. For such a cell we look at the pixels: exactly one
short, flat, dark blob where the value belongs is read as "-".
"""
from __future__ import annotations

import math

import numpy as np


def page_rect(x0: float, y0: float, x1: float, y1: float, angle: float, shape: tuple[int, ...]) -> tuple[int, int, int, int] | None:
    """A rectangle in deskewed coordinates → clipped integer box in page-image pixels."""
    cos, sin = math.cos(angle), math.sin(angle)
    pts = [(x * cos - y * sin, x * sin + y * cos) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
    h, w = shape[:2]
    bx0, by0 = max(0, int(min(p[0] for p in pts))), max(0, int(min(p[1] for p in pts)))
    bx1, by1 = min(w, int(math.ceil(max(p[0] for p in pts)))), min(h, int(math.ceil(max(p[1] for p in pts))))
    if bx1 - bx0 < 3 or by1 - by0 < 3:
        return None
    return bx0, by0, bx1, by1


def lone_dash(image: np.ndarray, box: tuple[int, int, int, int], text_h: float) -> bool:
    """True when the crop holds exactly one blob and it is shaped like a printed dash."""
    import cv2

    x0, y0, x1, y1 = box
    crop = image[y0:y1, x0:x1]
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    background = float(np.median(gray))
    dark = (gray < background - 60).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    blobs = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if area < max(3, 0.01 * text_h * text_h):
            continue  # speckle
        if w > 0.8 * dark.shape[1] or h > 0.9 * dark.shape[0]:
            continue  # a ruling line of the table
        blobs.append((w, h, area))
    if len(blobs) != 1:
        return False
    w, h, _ = blobs[0]
    # a hyphen-minus of a sans font is about 0.18 of an OCR box height (the box pads the glyphs)
    return 0.15 * text_h <= w <= 1.6 * text_h and h <= 0.35 * text_h and w >= 2 * h
