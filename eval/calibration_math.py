"""Calibration metrics and calibrators: ECE, reliability bins, temperature scaling, isotonic regression (numpy only)."""
from __future__ import annotations

import numpy as np

from oncostruct.models.calibration import Isotonic  # noqa: F401  (re-exported: fitted and cross-fitted here)

EPS = 1e-6


def ece(conf: np.ndarray, correct: np.ndarray, n_bins: int = 10) -> float:
    """Expected calibration error: bin-size-weighted |accuracy − mean confidence| over equal-width bins."""
    conf, correct = np.asarray(conf, float), np.asarray(correct, float)
    if conf.size == 0:
        return float("nan")
    bins = np.minimum((conf * n_bins).astype(int), n_bins - 1)
    total = 0.0
    for b in range(n_bins):
        m = bins == b
        if m.any():
            total += m.sum() * abs(correct[m].mean() - conf[m].mean())
    return float(total / conf.size)


def reliability(conf: np.ndarray, correct: np.ndarray, n_bins: int = 10) -> list[dict[str, float]]:
    """Per non-empty bin: lower edge, count, mean confidence and accuracy."""
    conf, correct = np.asarray(conf, float), np.asarray(correct, float)
    bins = np.minimum((conf * n_bins).astype(int), n_bins - 1)
    out = []
    for b in range(n_bins):
        m = bins == b
        if m.any():
            out.append({"lo": b / n_bins, "n": int(m.sum()), "conf": float(conf[m].mean()), "acc": float(correct[m].mean())})
    return out


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, float), EPS, 1 - EPS)
    return np.log(p / (1 - p))


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def fit_temperature(conf: np.ndarray, correct: np.ndarray) -> float:
    """T minimising the binary NLL of ``sigmoid(logit(conf) / T)`` (log-grid 0.05..20, then refined)."""
    z, y = logit(conf), np.asarray(correct, float)
    if z.size == 0:
        return 1.0

    def nll(t: float) -> float:
        q = np.clip(sigmoid(z / t), 1e-9, 1 - 1e-9)
        return float(-(y * np.log(q) + (1 - y) * np.log(1 - q)).mean())

    grid = np.exp(np.linspace(np.log(0.05), np.log(20.0), 161))
    best = min(grid, key=nll)
    fine = best * np.exp(np.linspace(-0.05, 0.05, 41))
    return float(min(fine, key=nll))


def _log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def fit_softmax_temperature(logits: np.ndarray, gold: np.ndarray) -> float:
    """T minimising the multiclass NLL of ``softmax(logits / T)`` at the gold class (logits: (n, classes))."""
    if len(gold) == 0:
        return 1.0
    rows = np.arange(len(gold))

    def nll(t: float) -> float:
        return float(-_log_softmax(logits / t)[rows, gold].mean())

    grid = np.exp(np.linspace(np.log(0.05), np.log(20.0), 161))
    best = min(grid, key=nll)
    return float(min(best * np.exp(np.linspace(-0.05, 0.05, 41)), key=nll))


def top_confidence(logits: np.ndarray, t: float = 1.0) -> np.ndarray:
    """Top-class probability of ``softmax(logits / T)`` per row."""
    return np.exp(_log_softmax(logits / t).max(axis=-1))


def apply_temperature(conf: np.ndarray, t: float) -> np.ndarray:
    return sigmoid(logit(conf) / t)


def folds(keys: list[str], k: int = 2) -> np.ndarray:
    """A deterministic fold number per key (stable hash), for cross-fitting calibrators on dev."""
    import hashlib

    return np.array([int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % k for key in keys])


def cross_fit(conf: np.ndarray, correct: np.ndarray, fold: np.ndarray, method: str) -> np.ndarray:
    """Held-out calibrated confidences: each fold is calibrated by a calibrator fitted on the other folds."""
    conf, correct = np.asarray(conf, float), np.asarray(correct, float)
    out = conf.copy()
    for f in np.unique(fold):
        train, test = fold != f, fold == f
        if not train.any():
            continue
        if method == "temperature":
            out[test] = apply_temperature(conf[test], fit_temperature(conf[train], correct[train]))
        else:
            out[test] = Isotonic.fit(conf[train], correct[train])(conf[test])
    return out
