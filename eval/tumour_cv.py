"""Part-b cross-validation protocol for the CCKS2019 tumour task (cross-hospital transfer).

Part a (``tumour-train-a-*``) comes from another hospital; part b (``tumour-train-b-*``) and the hidden
test from the target hospital. The headline figure is part b scored in 5 folds. The folds are fixed in
code (seeded shuffle of the sorted ids) so a trained model later uses the same folds: it trains on all of
part a plus the other four folds. The rules are not trained, so their CV figure is the score on each fold
and pooled. Folds 1-2 (:data:`TUNE_FOLDS`) may be read while writing rules; folds 3-5 are held out and
their pooled score is reported separately.
"""
from __future__ import annotations

import random
from typing import Any, Callable

from oncostruct.engine.errors import ConfigError

N_FOLDS = 5
FOLD_SEED = 20261205
TARGET_PREFIX = "tumour-train-b-"
SOURCE_PREFIX = "tumour-train-a-"
TUNE_FOLDS = (1, 2)
HELD_OUT_FOLDS = (3, 4, 5)

Scorer = Callable[[list[dict[str, Any]], list[dict[str, list[str]]]], dict[str, Any]]


def assign_folds(records: list[dict[str, Any]], n_folds: int = N_FOLDS, seed: int = FOLD_SEED) -> dict[str, int]:
    """Fold number (1..n_folds) of every part-b record id; independent of file order."""
    ids = sorted(str(r["id"]) for r in records if str(r["id"]).startswith(TARGET_PREFIX))
    random.Random(seed).shuffle(ids)
    return {rid: k % n_folds + 1 for k, rid in enumerate(ids)}


def fold_split(records: list[dict[str, Any]], fold: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(train, test) for ``fold``: train = all of part a plus the other part-b folds."""
    folds = assign_folds(records)
    test = [r for r in records if folds.get(str(r["id"])) == fold]
    train = [r for r in records if str(r["id"]).startswith(SOURCE_PREFIX) or folds.get(str(r["id"]), fold) != fold]
    return train, test


def cross_validate(records: list[dict[str, Any]], preds: list[dict[str, list[str]]], score: Scorer) -> dict[str, Any]:
    """Per-fold, pooled, tuning-fold and held-out-fold scores of ``preds`` on the part-b records."""
    folds = assign_folds(records)
    if not folds:
        raise ConfigError(f"no {TARGET_PREFIX}* records in the data: the part-b protocol needs them")
    pairs = [(folds[str(r["id"])], r, p) for r, p in zip(records, preds, strict=True) if str(r["id"]) in folds]

    def part(keep: tuple[int, ...]) -> dict[str, Any]:
        sel = [(r, p) for k, r, p in pairs if k in keep]
        return score([r for r, _ in sel], [p for _, p in sel])

    return {
        "protocol": "part-b 5-fold", "fold_seed": FOLD_SEED,
        "folds": {str(k): part((k,)) for k in range(1, N_FOLDS + 1)},
        "pooled": part(tuple(range(1, N_FOLDS + 1))),
        "tune_folds": {"folds": list(TUNE_FOLDS), **part(TUNE_FOLDS)},
        "held_out": {"folds": list(HELD_OUT_FOLDS), **part(HELD_OUT_FOLDS)},
    }
