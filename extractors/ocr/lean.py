"""Columns that lean: a photo taken at an angle to the page (perspective) slants its columns even after the
page's rotation is taken out, so a cell lower down sits further right (or left) than the same column's cell at
the top. Over a full page the drift reaches a column gap, and cutting columns at x-gaps no token crosses
(``table.x_columns``) then merges neighbouring columns. The drift is read off the left edges of the lines (the
names of a table start at one x on paper): a straight fit of the first token's left edge against y.
"""
from __future__ import annotations

import statistics

from oncostruct.extractors.ocr.tokens import Token

MIN_LINES = 6  # lines needed to trust a fit
MIN_SLOPE = 0.02  # x drift per unit of y below which the columns count as upright (20 px over 1000 px)
MAX_SLOPE = 0.2  # steeper than this is no perspective lean but a misread geometry
FIT = 0.5  # the left edges must lie within this many text heights of the fitted line (median deviation)


def lean_slope(lines: list[list[Token]], h: float) -> float:
    """The x drift per unit y of the lines' left edges (Theil–Sen: the median slope over pairs of lines), or 0.0
    when the edges do not lie on one slanted line or lean too little to matter."""
    edges = [(min(t.yc for t in ln), min(t.x0 for t in ln)) for ln in lines if ln]
    if len(edges) < MIN_LINES:
        return 0.0
    slopes = [(x2 - x1) / (y2 - y1) for i, (y1, x1) in enumerate(edges) for y2, x2 in edges[i + 1:] if y2 - y1 > h]
    if not slopes:
        return 0.0
    k = statistics.median(slopes)
    if not MIN_SLOPE <= abs(k) <= MAX_SLOPE:
        return 0.0
    a = statistics.median(x - k * y for y, x in edges)
    if statistics.median(abs(x - a - k * y) for y, x in edges) > FIT * h:
        return 0.0
    return k


def upright_x(t: Token, k: float, y_ref: float) -> tuple[float, float]:
    """The token's x-range with the lean taken out (as if at height ``y_ref``)."""
    dx = k * (t.yc - y_ref)
    return t.x0 - dx, t.x1 - dx
