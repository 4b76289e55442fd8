"""OpenCV page pre-processing before OCR: perspective correction, deskew and contrast.

Each step is switchable through :class:`PreprocessOptions` and returns its input unchanged
when it finds nothing to do, so a step that is off or that fails costs nothing downstream.
Which steps are on by default is decided by the ablation in ``benchmarks/RESULTS.md``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from oncostruct.extractors.ocr.geometry import from_affine, identity


@dataclass(frozen=True)
class PreprocessOptions:
    perspective: bool = False
    deskew: bool = False
    contrast: bool = False
    colour: bool = False  # the grey that separates print from coloured paper best (``colour_grey``)
    min_skew_deg: float = 0.5
    max_skew_deg: float = 15.0

    def with_(self, **changes: bool) -> "PreprocessOptions":
        return replace(self, **changes)


def preprocess(image: np.ndarray, opts: PreprocessOptions) -> tuple[np.ndarray, list[str], np.ndarray]:
    """The processed image, the names of the steps that changed it, and the 3×3 homography from input
    pixels to processed pixels (identity when nothing moved; see :mod:`extractors.ocr.geometry`)."""
    applied: list[str] = []
    transform = identity()
    if opts.perspective:
        image, h = correct_perspective(image)
        if h is not None:
            applied.append("perspective")
            transform = h @ transform
    if opts.deskew:
        angle = estimate_skew(image, opts.max_skew_deg)
        if abs(angle) >= opts.min_skew_deg:
            transform = from_affine(rotation(image.shape, angle)[0]) @ transform
            image = rotate(image, angle)
            applied.append(f"deskew:{angle:.1f}")
    if opts.contrast:
        image = normalise_contrast(image)
        applied.append("contrast")
    if opts.colour:
        from oncostruct.extractors.ocr.colour_grey import text_grey

        image, grey = text_grey(image)
        if grey:
            applied.append(f"colour:{grey}")
    return image, applied, transform


def _gray(image: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image


def estimate_skew(image: np.ndarray, max_deg: float = 15.0) -> float:
    """The rotation (degrees, for :func:`rotate`) that levels the text lines, from Hough lines on text blobs."""
    import cv2

    gray = _gray(image)
    scale = 1000 / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale) if scale < 1 else gray
    binary = cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    # smear characters horizontally into line blobs, then fit lines to their edges
    blobs = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 1)))
    lines = cv2.HoughLinesP(blobs, 1, np.pi / 720, threshold=80, minLineLength=small.shape[1] // 6, maxLineGap=10)
    if lines is None:
        return 0.0
    angles, weights = [], []
    for x1, y1, x2, y2 in lines[:, 0]:
        if x2 == x1:
            continue
        a = float(np.degrees(np.arctan2(y1 - y2, x2 - x1)))
        if abs(a) <= max_deg:
            angles.append(a)
            weights.append(float(np.hypot(x2 - x1, y2 - y1)))
    if not angles:
        return 0.0
    order = np.argsort(angles)
    cum = np.cumsum(np.asarray(weights)[order])
    return float(np.asarray(angles)[order][np.searchsorted(cum, cum[-1] / 2)])


def rotation(shape: tuple[int, ...], angle_deg: float) -> tuple[np.ndarray, tuple[int, int]]:
    """The 2×3 affine map of :func:`rotate` from input to output pixels, and the grown canvas (width, height)."""
    import cv2

    h, w = shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle_deg, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return m, (nw, nh)


def rotate(image: np.ndarray, angle_deg: float) -> np.ndarray:
    """Rotate by ``angle_deg`` (counter-clockwise positive) about the centre, growing the canvas, white fill."""
    import cv2

    m, size = rotation(image.shape, angle_deg)
    return cv2.warpAffine(image, m, size, flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))


def correct_perspective(image: np.ndarray, min_area: float = 0.25) -> tuple[np.ndarray, np.ndarray | None]:
    """Warp the sheet to a rectangle when a large four-cornered paper outline is visible: (image, the 3×3
    perspective matrix from input to output pixels, or None when the image was left as it was)."""
    import cv2

    gray = _gray(image)
    scale = 800 / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale) if scale < 1 else gray
    scale = min(scale, 1.0)
    blur = cv2.GaussianBlur(small, (5, 5), 0)
    _, mask = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (25, 25)))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return image, None
    c = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(c)
    if area < min_area * small.shape[0] * small.shape[1] or area > 0.97 * small.shape[0] * small.shape[1]:
        return image, None
    quad = cv2.approxPolyDP(c, 0.02 * cv2.arcLength(c, True), True)
    if len(quad) != 4 or not cv2.isContourConvex(quad):
        return image, None
    pts = _order_corners(quad.reshape(4, 2).astype(np.float32) / scale)
    width = int(max(np.linalg.norm(pts[1] - pts[0]), np.linalg.norm(pts[2] - pts[3])))
    height = int(max(np.linalg.norm(pts[3] - pts[0]), np.linalg.norm(pts[2] - pts[1])))
    if width < 50 or height < 50:
        return image, None
    dst = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
    h = cv2.getPerspectiveTransform(pts, dst)
    return cv2.warpPerspective(image, h, (width, height)), h


def _order_corners(pts: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left."""
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], dtype=np.float32)


def normalise_contrast(image: np.ndarray) -> np.ndarray:
    """CLAHE on the lightness channel: evens out shadows and faded print."""
    import cv2

    lab = cv2.cvtColor(image, cv2.COLOR_BGR2LAB)
    clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))
    lab[:, :, 0] = clahe.apply(lab[:, :, 0])
    return cv2.cvtColor(lab, cv2.COLOR_LAB2BGR)
