"""``oncostruct bench lab-calibration --data DIR --out R.json``: row confidence calibrated on held-out groups.

DIR holds ``bench lab`` result files (``*.json``, each with ``per_image[].scored_rows``). Every row carries its
group (report type of a visible photo, layout family of a stress sheet) and its file (a distortion of the stress
set, a turn of the visible set). For each group, the logistic calibrator of ``extractors.ocr.calibration`` is
fitted on all other groups and applied to the held-out one (leave-one-group-out), so the figures are on layouts
the fit never saw. Reported, before (OCR score × ``penalty`` per failed check) and after: ECE of the value's
confidence, and at the review threshold (``review.min_confidence``; a failed check always sends to review):
review recall of wrong values and the share of auto-accepted values that are wrong, in all, per group and per
file. ``--model write=PATH`` also writes the calibrator fitted on every group to PATH (the packaged one is
``extractors/rules/lab_calibration.json``).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from oncostruct.engine.errors import DataFormatError
from oncostruct.engine.settings import get_settings
from oncostruct.eval.calibration_math import ece
from oncostruct.extractors.ocr.calibration import FEATURES, RowCalibrator, feature_vector
from oncostruct.extractors.ocr.checks import CheckOptions


def load_rows(folder: Path) -> list[dict]:
    rows = []
    files = sorted(Path(folder).glob("*.json"))
    for f in files:
        result = json.loads(f.read_text(encoding="utf-8"))
        if result.get("task") != "lab":
            continue
        for entry in result.get("per_image", []):
            for r in entry.get("scored_rows", []):
                rows.append({**r, "file": f.stem})
    if not rows:
        raise DataFormatError(f"{folder}: no bench lab results with scored_rows (*.json)")
    return rows


def _x(rows: list[dict]) -> np.ndarray:
    return np.array([feature_vector(r["ocr"], len(r["checks"]), r["known_item"], r["has_reference"]) for r in rows])


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> RowCalibrator:
    """L2-regularised logistic regression by Newton steps (the bias is not penalised)."""
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    reg = np.full(xb.shape[1], l2)
    reg[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ w, -40, 40)))
        grad = xb.T @ (p - y) + reg * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(reg) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return RowCalibrator(float(w[0]), [float(v) for v in w[1:]])


def review_figures(conf: np.ndarray, checks: np.ndarray, ok: np.ndarray, threshold: float) -> dict[str, Any]:
    review = checks | (conf < threshold)
    wrong = ~ok
    accepted = ~review
    return {"values": int(len(ok)), "wrong_values": int(wrong.sum()),
            "review_recall_of_errors": round(float((wrong & review).sum() / wrong.sum()), 4) if wrong.any() else None,
            "reviewed_share": round(float(review.mean()), 4) if len(ok) else None,
            "auto_accepted": int(accepted.sum()),
            "auto_accepted_wrong_share": round(float((wrong & accepted).sum() / accepted.sum()), 4) if accepted.any() else None}


def run(data: Path, model: str | None = None) -> dict[str, Any]:
    write = None
    for part in (model or "").split(";"):
        key, _, value = part.partition("=")
        if key.strip() == "write":
            write = Path(value)
        elif key.strip():
            raise DataFormatError(f"unknown lab-calibration option {key!r}")
    rows = load_rows(Path(data))
    x, y = _x(rows), np.array([bool(r["value_ok"]) for r in rows])
    checks = np.array([bool(r["checks"]) for r in rows])
    groups = np.array([r["group"] for r in rows])
    files = np.array([r["file"] for r in rows])
    penalty = CheckOptions().penalty
    before = np.array([min(1.0, r["ocr"] * penalty ** len(r["checks"])) for r in rows])
    after = np.zeros(len(rows))
    for g in sorted(set(groups)):
        held = groups == g
        cal = fit(x[~held], y[~held].astype(float)) if (~held).any() and len(set(y[~held])) > 1 else None
        after[held] = [cal(list(v)) for v in x[held]] if cal else before[held]
    threshold = get_settings().review.min_confidence

    def figures(mask: np.ndarray) -> dict[str, Any]:
        return {"rows": int(mask.sum()), "value_accuracy": round(float(y[mask].mean()), 4) if mask.any() else None,
                "ece_before": round(ece(before[mask], y[mask]), 4), "ece_after": round(ece(after[mask], y[mask]), 4),
                "before": review_figures(before[mask], checks[mask], y[mask], threshold),
                "after": review_figures(after[mask], checks[mask], y[mask], threshold)}

    result: dict[str, Any] = {"task": "lab-calibration", "features": list(FEATURES), "threshold": threshold,
                              "protocol": "leave-one-group-out", "all": figures(np.ones(len(rows), bool)),
                              "per_group": {g: figures(groups == g) for g in sorted(set(groups))},
                              "per_file": {f: figures(files == f) for f in sorted(set(files))}}
    final = fit(x, y.astype(float))
    final.fitted_on = f"{len(rows)} rows, groups {sorted(map(str, set(groups)))}, files {sorted(map(str, set(files)))}"
    result["calibrator"] = final.to_json()
    if write is not None:
        write.write_text(json.dumps(final.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return result
