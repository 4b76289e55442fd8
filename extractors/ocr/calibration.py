"""Row confidence of lab results, calibrated: P(value right | OCR score, failed checks, known item, reference).

A logistic model over four features of a parsed row, fitted by ``eval.lab_calibration`` on benchmark rows
with whole groups held out (report types of the visible photos, layout families of the stress set), so that
``review.min_confidence`` means a probability on layouts the fit never saw. The coefficients are data
(``rules/lab_calibration.json``); without that file the uncalibrated confidence is used (OCR score lowered by
``checks.penalty`` per failed check).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

FEATURES = ("logit_ocr", "n_checks", "known_item", "has_reference")


def feature_vector(ocr: float, n_checks: int, known_item: bool, has_reference: bool) -> list[float]:
    p = min(max(ocr, 0.01), 0.9999)
    return [math.log(p / (1 - p)), float(n_checks), float(known_item), float(has_reference)]


@dataclass
class RowCalibrator:
    """``sigmoid(bias + Σ w·x)`` over :data:`FEATURES`."""

    bias: float
    weights: list[float]
    fitted_on: str = ""

    def __call__(self, features: list[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, features))
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))

    def to_json(self) -> dict:
        return {"features": list(FEATURES), "bias": round(self.bias, 6),
                "weights": [round(w, 6) for w in self.weights], "fitted_on": self.fitted_on}

    @classmethod
    def from_json(cls, obj: dict) -> "RowCalibrator":
        if list(obj.get("features", [])) != list(FEATURES) or len(obj.get("weights", [])) != len(FEATURES):
            raise ValueError(f"lab calibration: features must be {FEATURES}")
        return cls(float(obj["bias"]), [float(w) for w in obj["weights"]], str(obj.get("fitted_on", "")))


@lru_cache(maxsize=1)
def packaged() -> RowCalibrator | None:
    """The shipped calibration (``extractors/rules/lab_calibration.json``), or None when there is none."""
    path = resources.files("oncostruct.extractors") / "rules" / "lab_calibration.json"
    if not path.is_file():
        return None
    return RowCalibrator.from_json(json.loads(path.read_text(encoding="utf-8")))
