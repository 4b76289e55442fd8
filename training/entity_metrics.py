"""Entity metrics: strict span P/R/F1 (exact boundaries and type), a bootstrap interval, calibration error.

Pure functions, imported by training (dev figures in a model's manifest) and by the benchmarks (:mod:`eval`)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Iterable

Triple = tuple[int, int, str]


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 6), "r": round(r, 6), "f1": round(f, 6)}


def score(gold: Iterable[Iterable[Triple]], pred: Iterable[Iterable[Triple]]) -> dict[str, Any]:
    """Micro and per-label strict P/R/F1 over documents; each document is a collection of (start, end, label)."""
    tp, n_pred, n_gold = Counter(), Counter(), Counter()
    n = 0
    for g_doc, p_doc in zip(gold, pred, strict=True):
        n += 1
        g, p = {tuple(t[:3]) for t in g_doc}, {tuple(t[:3]) for t in p_doc}
        n_gold.update(t[2] for t in g)
        n_pred.update(t[2] for t in p)
        tp.update(t[2] for t in g & p)
    per_label = {lab: {**_prf(tp[lab], n_pred[lab], n_gold[lab]), "support": n_gold[lab]}
                 for lab in sorted(set(n_gold) | set(n_pred))}
    return {"n": n, "micro": _prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values())), "per_label": per_label}


def bootstrap_f1(gold: list[Iterable[Triple]], pred: list[Iterable[Triple]], *, rounds: int = 1000,
                 seed: int = 0) -> tuple[float, float]:
    """95 % percentile interval of micro F1 over documents resampled with replacement."""
    import numpy as np

    counts = []
    for g_doc, p_doc in zip(gold, pred, strict=True):
        g, p = {tuple(t[:3]) for t in g_doc}, {tuple(t[:3]) for t in p_doc}
        counts.append((len(g & p), len(p), len(g)))
    table = np.array(counts, dtype=np.int64).reshape(-1, 3)
    rng, n = np.random.default_rng(seed), len(table)
    totals = (np.bincount(rng.integers(0, n, size=n), minlength=n) @ table for _ in range(rounds))
    f1s = sorted(_prf(int(tp), int(n_pred), int(n_gold))["f1"] for tp, n_pred, n_gold in totals)
    return f1s[int(0.025 * rounds)], f1s[min(rounds - 1, int(0.975 * rounds))]


def calibration_error(confs: list[float], correct: list[bool], bins: int = 10) -> float:
    """Expected calibration error of entity confidences (equal-width bins)."""
    total, err = len(confs), 0.0
    for b in range(bins):
        idx = [i for i, c in enumerate(confs) if b / bins <= c < (b + 1) / bins or (b == bins - 1 and c == 1.0)]
        if idx:
            acc = sum(correct[i] for i in idx) / len(idx)
            err += len(idx) / total * abs(acc - sum(confs[i] for i in idx) / len(idx))
    return round(err, 6)
