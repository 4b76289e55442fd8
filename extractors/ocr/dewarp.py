"""Straighten curled, bent or keystoned text lines on the coordinates of the OCR boxes (no pixels, no second read).

A photographed sheet bends: page curl bows each line, perspective makes lines on one side of the page climb
relative to the other, and the table parser, which cuts rows at one y after undoing one page angle, then gives
an item the value of the row above or below. The detection boxes already say where every line runs: each long
box's top and bottom edges give the local baseline slope. A smooth field ``g(x, y)`` (a small polynomial) is
fitted so that every line, moved to ``y' = y + g(x, y)``, runs at the page's median slope:

    along a line (direction (1, s)):  g_x + s · g_y = s_median − s      (least squares, one equation per box)

``g`` has no term without ``x`` (it is 0 on the page's middle column), so a page whose lines already share one
slope gets ``g ≈ 0``. The step is applied only when the fitted correction moves some text by ``min_shift`` text
heights or more, relative to the middle column (a cheap per-page test); the parser then sees straight rows and
still undoes the page angle itself. Provenance stays in the read image's pixels: :meth:`Warp.inverse`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from oncostruct.extractors.ocr.ocr import OcrLine


@dataclass(frozen=True)
class DewarpOptions:
    """When and how the coordinate dewarp runs (``LabOptions.dewarp``)."""

    enabled: bool = True
    min_shift: float = 0.5  # apply when the correction moves text by at least this many median text heights
    degree_x: int = 3  # polynomial degree of g in x (1..3)
    degree_y: int = 2  # ... and in y
    elongation: float = 2.5  # boxes at least this many times wider than tall give a slope
    min_boxes: int = 12  # fewer sloped boxes: too little to fit a field
    max_slope_deg: float = 20.0  # boxes deviating more than this from the median slope are left out of the fit
    ridge: float = 1e-3


@dataclass(frozen=True)
class Warp:
    """``y' = y + g(x, y)`` with ``g`` a polynomial in page coordinates normalised by ``centre`` and ``scale``."""

    coef: np.ndarray  # one per (i, j) in ``terms``
    terms: tuple[tuple[int, int], ...]
    centre: tuple[float, float]
    scale: float
    shift: float  # largest correction found on the page, in text heights (what the gate compared)

    def g(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        u, v = (x - self.centre[0]) / self.scale, (y - self.centre[1]) / self.scale
        return self.scale * sum(c * u ** i * v ** j for c, (i, j) in zip(self.coef, self.terms))

    def forward(self, pts: np.ndarray) -> np.ndarray:
        """Read-image points (N×2) → straightened points."""
        pts = np.asarray(pts, dtype=float)
        return np.stack([pts[:, 0], pts[:, 1] + self.g(pts[:, 0], pts[:, 1])], axis=1)

    def inverse(self, pts: np.ndarray, iterations: int = 8) -> np.ndarray:
        """Straightened points → read-image points (fixed point of ``y = y' − g(x, y)``; ``g`` is smooth and small)."""
        pts = np.asarray(pts, dtype=float)
        y = pts[:, 1].copy()
        for _ in range(iterations):
            y = pts[:, 1] - self.g(pts[:, 0], y)
        return np.stack([pts[:, 0], y], axis=1)


def _slopes(lines: list[OcrLine], opts: DewarpOptions) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(centres N×2, slopes dy/dx, weights, median text height) of the long boxes."""
    cs, ss, ws, hs = [], [], [], []
    for ln in lines:
        b = np.asarray(ln.box, dtype=float)
        if b.shape != (4, 2):
            continue
        top, bottom = b[1] - b[0], b[2] - b[3]
        width = max(np.hypot(*top), np.hypot(*bottom))
        height = max(np.hypot(*(b[3] - b[0])), np.hypot(*(b[2] - b[1])), 1.0)
        hs.append(height)
        if width < opts.elongation * height or top[0] <= 0 or bottom[0] <= 0 or len(ln.text.strip()) < 2:
            continue
        cs.append(b.mean(axis=0))
        ss.append((top[1] / top[0] + bottom[1] / bottom[0]) / 2)
        ws.append(width)
    h = float(np.median(hs)) if hs else 1.0
    return np.asarray(cs).reshape(-1, 2), np.asarray(ss), np.asarray(ws), h


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values)
    cum = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cum, cum[-1] / 2)])


def fit_warp(lines: list[OcrLine], opts: DewarpOptions = DewarpOptions()) -> Warp | None:
    """The field that levels the page's text lines to their median slope; None when there are too few long boxes."""
    centres, slopes, weights, h = _slopes(lines, opts)
    if len(slopes) < opts.min_boxes:
        return None
    med = _weighted_median(slopes, weights)
    keep = np.abs(np.degrees(np.arctan(slopes) - math.atan(med))) <= opts.max_slope_deg
    centres, slopes, weights = centres[keep], slopes[keep], weights[keep]
    if len(slopes) < opts.min_boxes:
        return None
    lo, hi = centres.min(axis=0), centres.max(axis=0)
    centre = tuple((lo + hi) / 2)
    scale = float(max(hi - lo) / 2) or 1.0
    u, v = (centres[:, 0] - centre[0]) / scale, (centres[:, 1] - centre[1]) / scale
    terms = tuple((i, j) for i in range(1, opts.degree_x + 1) for j in range(opts.degree_y + 1))
    # g_u + s g_v for each term (g is scale · poly(u, v), so derivatives in pixels equal those in u, v)
    a = np.stack([i * u ** (i - 1) * v ** j + slopes * (j * u ** i * v ** (j - 1) if j else 0.0)
                  for i, j in terms], axis=1)
    b = med - slopes
    w = np.sqrt(weights / weights.sum())
    aw, bw = a * w[:, None], b * w
    coef = np.linalg.solve(aw.T @ aw + opts.ridge * np.eye(len(terms)), aw.T @ bw)
    warp = Warp(coef, terms, centre, scale, 0.0)
    g = warp.g(centres[:, 0], centres[:, 1])
    return replace(warp, shift=float(np.max(np.abs(g)) / h))


def straighten(lines: list[OcrLine], opts: DewarpOptions = DewarpOptions()) -> tuple[list[OcrLine], Warp | None]:
    """The lines with their boxes moved onto straight baselines, and the warp (None when nothing was moved:
    off, too few long boxes, or a correction under ``min_shift`` text heights)."""
    if not opts.enabled or not lines:
        return lines, None
    warp = fit_warp(lines, opts)
    if warp is None or warp.shift < opts.min_shift:
        return lines, None
    out = []
    for ln in lines:
        moved = warp.forward(np.asarray(ln.box, dtype=float))
        out.append(replace(ln, box=[(float(x), float(y)) for x, y in moved]))
    return out, warp
