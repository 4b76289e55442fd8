"""Straighten curled, bent or keystoned text lines on the coordinates of the OCR boxes (no second read).

A photographed sheet bends: page curl bows each line, perspective makes lines on one side of the page climb
relative to the other, and the table parser, which cuts rows at one y after undoing one page angle, then gives
an item the value of the row above or below. The detection boxes already say where every line runs: each long
box's top and bottom edges give the local baseline slope, and the run from each cell to its right neighbour in the
same row gives it where cells are short (values, units; a second fit, neighbours chosen on the first). A smooth field ``g(x, y)`` (a small polynomial) is
fitted so that every line, moved to ``y' = y + g(x, y)``, runs at the page's median slope:

    along a line (direction (1, s)):  g_x + s · g_y = s_median − s      (least squares, one equation per sample)

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
    degree_y: int = 1  # ... and in y (2 overshot on a visible photo: bloodtest6 0 → 15 field errors)
    elongation: float = 2.5  # boxes at least this many times wider than tall give a slope
    min_boxes: int = 12  # fewer sloped boxes: too little to fit a field
    max_slope_deg: float = 20.0  # boxes deviating more than this from the median slope are left out of the fit
    ridge: float = 1e-3
    neighbours: bool = True  # second fit with the runs between neighbouring cells of a row
    neighbour_gap: float = 12.0  # a box's right neighbour in its row lies at most this many text heights away
    neighbour_tol: float = 0.6  # ... and within this many text heights of the line through the box at the page slope
    reread_shift: float = 0.0  # > 0: pages bent by at least this many text heights are remapped and read again


def remap(image: np.ndarray, warp: Warp, step: int = 16) -> np.ndarray:
    """The image with its pixels moved by ``warp`` (read pixels → straightened pixels), same size, white fill.
    The source row of each pixel is solved on a grid every ``step`` pixels and interpolated (``g`` is smooth)."""
    import cv2

    h, w = image.shape[:2]
    gx, gy = np.meshgrid(np.linspace(0, w - 1, w // step + 2), np.linspace(0, h - 1, h // step + 2))
    src = warp.inverse(np.stack([gx.ravel(), gy.ravel()], axis=1))[:, 1].reshape(gx.shape)
    map_y = cv2.resize(src.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    map_x = np.repeat(np.arange(w, dtype=np.float32)[None, :], h, axis=0)
    return cv2.remap(image, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=(255, 255, 255))


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


def _boxes(lines: list[OcrLine], opts: DewarpOptions) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]:
    """(centres N×2 of all boxes, their left / right x N×2, edge slope of each long box (NaN for short ones),
    its length, median text height)."""
    centres, sides, slopes, lengths, heights = [], [], [], [], []
    for ln in lines:
        b = np.asarray(ln.box, dtype=float)
        if b.shape != (4, 2):
            continue
        top, bottom = b[1] - b[0], b[2] - b[3]
        width = max(np.hypot(*top), np.hypot(*bottom))
        height = max(np.hypot(*(b[3] - b[0])), np.hypot(*(b[2] - b[1])), 1.0)
        long = width >= opts.elongation * height and top[0] > 0 and bottom[0] > 0 and len(ln.text.strip()) >= 2
        centres.append(b.mean(axis=0))
        sides.append((b[:, 0].min(), b[:, 0].max()))
        slopes.append((top[1] / top[0] + bottom[1] / bottom[0]) / 2 if long else np.nan)
        lengths.append(width)
        heights.append(height)
    h = float(np.median(heights)) if heights else 1.0
    return (np.asarray(centres).reshape(-1, 2), np.asarray(sides).reshape(-1, 2), np.asarray(slopes),
            np.asarray(lengths), h)


def _neighbours(centres: np.ndarray, sides: np.ndarray, level: np.ndarray, slope: float, h: float,
                opts: DewarpOptions) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(midpoints, slopes, runs) from each box to the nearest box on its right in the same row: at most
    ``neighbour_gap`` text heights away, its centre within ``neighbour_tol`` text heights of the line through the box
    at the page's slope once both are levelled by the first fit (``level``: the levelled centres)."""
    pts, slopes, runs = [], [], []
    for i, (xc, yc) in enumerate(centres):
        gap = sides[:, 0] - sides[i, 1]
        off = np.abs(level[:, 1] - level[i, 1] - slope * (level[:, 0] - level[i, 0]))
        ok = np.flatnonzero((gap > -0.2 * h) & (gap < opts.neighbour_gap * h) & (off < opts.neighbour_tol * h)
                            & (centres[:, 0] > xc))
        if len(ok):
            j = ok[np.argmin(gap[ok])]
            dx = centres[j, 0] - xc
            pts.append(((xc + centres[j, 0]) / 2, (yc + centres[j, 1]) / 2))
            slopes.append((centres[j, 1] - yc) / dx)
            runs.append(dx)
    return np.asarray(pts).reshape(-1, 2), np.asarray(slopes), np.asarray(runs)


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values)
    cum = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cum, cum[-1] / 2)])


def _fit(points: np.ndarray, slopes: np.ndarray, weights: np.ndarray, med: float, h: float,
         opts: DewarpOptions) -> Warp | None:
    """Least-squares field levelling every sample (point, slope) to slope ``med``."""
    keep = np.abs(np.degrees(np.arctan(slopes) - math.atan(med))) <= opts.max_slope_deg
    points, slopes, weights = points[keep], slopes[keep], weights[keep]
    if len(slopes) < opts.min_boxes:
        return None
    lo, hi = points.min(axis=0), points.max(axis=0)
    centre = tuple((lo + hi) / 2)
    scale = float(max(hi - lo) / 2) or 1.0
    u, v = (points[:, 0] - centre[0]) / scale, (points[:, 1] - centre[1]) / scale
    terms = tuple((i, j) for i in range(1, opts.degree_x + 1) for j in range(opts.degree_y + 1))
    # g_u + s g_v for each term (g is scale · poly(u, v), so derivatives in pixels equal those in u, v)
    a = np.stack([i * u ** (i - 1) * v ** j + slopes * (j * u ** i * v ** (j - 1) if j else 0.0)
                  for i, j in terms], axis=1)
    w = np.sqrt(weights / weights.sum())
    aw, bw = a * w[:, None], (med - slopes) * w
    coef = np.linalg.solve(aw.T @ aw + opts.ridge * np.eye(len(terms)), aw.T @ bw)
    warp = Warp(coef, terms, centre, scale, 0.0)
    g = warp.g(points[:, 0], points[:, 1])
    return replace(warp, shift=float(np.max(np.abs(g)) / h))


def fit_warp(lines: list[OcrLine], opts: DewarpOptions = DewarpOptions()) -> Warp | None:
    """The field that levels the page's text lines to their median slope; None when there are too few long boxes.
    First from the long boxes' edges; then again with the runs between neighbouring cells of a row (short cells
    such as values and units have no edge slope of their own), the neighbours chosen on the first fit's lines."""
    centres, sides, edge, lengths, h = _boxes(lines, opts)
    long = ~np.isnan(edge)
    if long.sum() < opts.min_boxes:
        return None
    med = _weighted_median(edge[long], lengths[long])
    first = _fit(centres[long], edge[long], lengths[long], med, h, opts)
    if first is None or not opts.neighbours:
        return first
    pts, slopes, runs = _neighbours(centres, sides, first.forward(centres), med, h, opts)
    return _fit(np.concatenate([centres[long], pts]), np.concatenate([edge[long], slopes]),
                np.concatenate([lengths[long], runs]), med, h, opts) or first


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
