"""Which printed mark one blob of ink is: the nearest of glyph templates rendered in several fonts.

Flag marks are tiny (an arrow is often a third of a digit's width) and the recogniser, trained on text lines, reads
them as ``1 t T 个`` (↑) or ``l V J`` (↓), or not at all. A blob cut from a flag cell is normalised (its aspect kept,
padded square, scaled to ``SIDE``) and compared (cosine) with templates of the marks and of the glyphs printed beside
them (digits, points, letters), made by ``training/flag_marks.py``; templates ship in ``models/weights/flag_marks``
with their manifest.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MARKS = ["↑", "↓", "▲", "▼", "H", "L", "*", "★", "+"]
SIDE = 16
_ASPECT_WEIGHT = 0.25  # similarity lost per unit of log(height / width) apart
_WEIGHTS = Path(__file__).resolve().parents[2] / "models" / "weights" / "flag_marks" / "templates.npz"


@dataclass(frozen=True)
class MarkGuess:
    """The nearest template's label (a mark or ``other``), its similarity and its lead over the best other label."""

    label: str
    score: float
    margin: float


def normalise(mask: np.ndarray) -> np.ndarray:
    """A blob's ink mask (True = ink) → its shape vector: the mask padded square (aspect kept), scaled to
    ``SIDE`` × ``SIDE``, centred and unit-length, then log(height / width)."""
    import cv2

    h, w = mask.shape
    side = max(h, w)
    sq = np.zeros((side, side), np.float32)
    y0, x0 = (side - h) // 2, (side - w) // 2
    sq[y0:y0 + h, x0:x0 + w] = mask
    img = cv2.resize(sq, (SIDE, SIDE), interpolation=cv2.INTER_AREA).ravel()
    img = img - img.mean()
    img /= max(1e-6, float(np.linalg.norm(img)))
    return np.append(img, math.log(h / max(1, w))).astype(np.float32)


@lru_cache(maxsize=1)
def templates() -> tuple[np.ndarray, np.ndarray]:
    data = np.load(_WEIGHTS)
    return data["vectors"], data["labels"]


def classify(mask: np.ndarray) -> MarkGuess:
    """The mark a blob's ink mask looks like."""
    vecs, labels = templates()
    v = normalise(mask)
    sim = vecs[:, :-1] @ v[:-1] - _ASPECT_WEIGHT * np.abs(vecs[:, -1] - v[-1])
    best = int(np.argmax(sim))
    label = str(labels[best])
    rivals = sim[labels != label]
    return MarkGuess(label, float(sim[best]), float(sim[best] - (rivals.max() if len(rivals) else -1.0)))
