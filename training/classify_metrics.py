"""Classification metrics in numpy: accuracy, macro-F1, one-vs-rest macro AUROC, ECE, NLL (used by training and the benchmarks)."""
from __future__ import annotations

from typing import Sequence

import numpy as np


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float | None:
    return float(np.mean([g == p for g, p in zip(gold, pred)])) if gold else None


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float | None:
    """Mean F1 over the classes present in gold or predictions."""
    if not gold:
        return None
    f1s = []
    for c in sorted(set(gold) | set(pred)):
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        fp = sum(g != c and p == c for g, p in zip(gold, pred))
        fn = sum(g == c and p != c for g, p in zip(gold, pred))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(f1s))


def binary_auroc(positive: np.ndarray, score: np.ndarray) -> float | None:
    """Mann-Whitney AUROC (ties count half); None when one side is empty."""
    pos, neg = score[positive], score[~positive]
    if len(pos) == 0 or len(neg) == 0:
        return None
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    values = np.concatenate([pos, neg])[order]
    ranks = np.empty(len(values))
    i = 0
    while i < len(values):  # average ranks over ties
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i]:
            j += 1
        ranks[i:j + 1] = (i + j) / 2 + 1
        i = j + 1
    rank_of = np.empty(len(values))
    rank_of[order] = ranks
    return float((rank_of[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def macro_auroc(gold: Sequence[str], proba: np.ndarray, classes: Sequence[str]) -> float | None:
    """One-vs-rest AUROC averaged over the classes that occur in gold (and not all of it)."""
    if len(gold) == 0:
        return None
    g = np.asarray(gold)
    scores = [binary_auroc(g == c, proba[:, k]) for k, c in enumerate(classes)]
    scores = [s for s in scores if s is not None]
    return float(np.mean(scores)) if scores else None


def ece(gold: Sequence[str], proba: np.ndarray, classes: Sequence[str], bins: int = 10) -> float | None:
    """Expected calibration error of the top-class confidence."""
    if len(gold) == 0:
        return None
    conf = proba.max(axis=1)
    correct = np.array([classes[k] == g for k, g in zip(proba.argmax(axis=1), gold)])
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        sel = (conf > lo) & (conf <= hi)
        if sel.any():
            total += sel.mean() * abs(correct[sel].mean() - conf[sel].mean())
    return float(total)


def summary(gold: Sequence[str], proba: np.ndarray, classes: Sequence[str]) -> dict[str, float | int | None]:
    """accuracy, macro_f1, macro_auroc, ece and n of argmax predictions."""
    pred = [classes[k] for k in proba.argmax(axis=1)] if len(gold) else []
    r = {"accuracy": accuracy(gold, pred), "macro_f1": macro_f1(gold, pred),
         "macro_auroc": macro_auroc(gold, proba, classes), "ece": ece(gold, proba, classes), "n": len(gold)}
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items()}
