"""Confidence calibrators applied at inference (numpy only): an isotonic map fitted on dev predictions.

Fitting and evaluation (ECE, cross-fitting) live in :mod:`eval.calibration_math`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass
class Isotonic:
    """A monotone step function fitted by pool-adjacent-violators; interpolated between knots."""

    x: list[float]
    y: list[float]

    @classmethod
    def fit(cls, conf: np.ndarray, correct: np.ndarray) -> "Isotonic":
        xs, inverse, counts = np.unique(np.asarray(conf, float), return_inverse=True, return_counts=True)
        sums = np.bincount(inverse, weights=np.asarray(correct, float))  # tied confidences form one block
        blocks: list[list[float]] = []  # [sum_y, count, sum_x]
        for xv, sy, n in zip(xs, sums, counts):
            blocks.append([float(sy), float(n), float(xv) * n])
            while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
                s, n, sx = blocks.pop()
                blocks[-1][0] += s
                blocks[-1][1] += n
                blocks[-1][2] += sx
        return cls([b[2] / b[1] for b in blocks], [b[0] / b[1] for b in blocks])

    def __call__(self, conf: np.ndarray) -> np.ndarray:
        if not self.x:
            return np.asarray(conf, float)
        return np.clip(np.interp(np.asarray(conf, float), self.x, self.y), 0.0, 1.0)

    def to_json(self) -> dict[str, Any]:
        return {"x": [round(v, 6) for v in self.x], "y": [round(v, 6) for v in self.y]}

    @classmethod
    def from_json(cls, obj: dict[str, Any] | None) -> "Isotonic | None":
        return cls(list(obj["x"]), list(obj["y"])) if obj and obj.get("x") else None
