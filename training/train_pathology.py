"""Train the TCGA pathology heads (cancer type, T, N, M, AJCC stage group) and export them.

``python -m training.train_pathology --config training/configs/tcga_pathology.yaml``

Only the train part of ``split_train_dev(train.jsonl)`` is used for fitting. Each head gets a
stratified k-fold cross-validation on the train part (the out-of-fold logits also fit the
calibration temperature), then a final fit on the whole train part, scored on dev.
scikit-learn is a training-time dependency only; the export is numpy arrays + JSON.
"""
from __future__ import annotations

import argparse
import json
import math
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field

from eval.classify_metrics import summary
from extractors.text.pathology_infer import rule_view
from models.tcga_classifier import LinearHead, save, softmax
from models.tcga_labels import HEADS, collapse
from models.text_features import Featurizer, build_vocab, doc_grams
from training.splits import DEFAULT_SEED, split_train_dev


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DataCfg(_Strict):
    train: Path
    dev_seed: int = DEFAULT_SEED
    limit: int | None = None


class FeatureCfg(_Strict):
    rule_tokens: bool = Field(default=True, description="add the rule extractor's findings as tokens")
    min_df: int = 2
    max_words: int = 30000
    max_chars: int = 30000


class ModelCfg(_Strict):
    C: dict[str, float] = Field(default_factory=dict, description="inverse L2 strength per head (default 10)")
    max_iter: int = 500


class TrainCfg(_Strict):
    seed: int = 13
    cv_folds: int = Field(default=5, ge=0, description="0 = no cross-validation (temperature 1)")


class ExportCfg(_Strict):
    out_dir: Path


class PathologyTrainConfig(_Strict):
    name: str
    version: str = "1"
    data: DataCfg
    features: FeatureCfg = FeatureCfg()
    model: ModelCfg = ModelCfg()
    train: TrainCfg = TrainCfg()
    export: ExportCfg


def load_config(path: Path) -> PathologyTrainConfig:
    return PathologyTrainConfig.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def read_jsonl(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows[:limit] if limit else rows


def combined_metrics(y: list[str], proba: np.ndarray, classes: list[str], stated: list[tuple[str, float] | None]) -> dict:
    """Metrics of the best guess: the stated class (p = r·onehot + (1 − r)·p_model) where there is one."""
    p = proba.copy()
    for i, s in enumerate(stated):
        if s and s[0] in classes:
            onehot = np.zeros(len(classes))
            onehot[classes.index(s[0])] = 1.0
            p[i] = s[1] * onehot + (1 - s[1]) * p[i]
    out = summary(y, p, classes)
    out["stated_coverage"] = round(sum(1 for s in stated if s and s[0] in classes) / len(y), 4) if y else None
    return out


def to_matrix(featurizer: Featurizer, grams: list) -> Any:
    from scipy.sparse import csr_matrix

    rows, cols, vals = [], [], []
    for r, g in enumerate(grams):
        idx, v = featurizer.transform_grams(g)
        rows += [r] * len(idx)
        cols += idx.tolist()
        vals += v.tolist()
    return csr_matrix((vals, (rows, cols)), shape=(len(grams), featurizer.size), dtype=np.float32)


def fit_head(X: Any, y: list[str], C: float, max_iter: int) -> LinearHead:
    from sklearn.linear_model import LogisticRegression

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf = LogisticRegression(C=C, max_iter=max_iter).fit(X, y)
    classes = [str(c) for c in clf.classes_]
    W, b = clf.coef_, clf.intercept_
    if len(classes) == 2:  # binary LR: one row; expand to two softmax rows
        W, b = np.vstack([-W[0] / 2, W[0] / 2]), np.array([-b[0] / 2, b[0] / 2])
    return LinearHead(classes, W.astype(np.float32), b.astype(np.float32))


def head_logits(head: LinearHead, X: Any) -> np.ndarray:
    return np.asarray(X @ head.weight.T) + head.bias


def fit_temperature(logits: np.ndarray, gold_idx: np.ndarray) -> float:
    """Temperature minimising the negative log-likelihood of out-of-fold logits (grid + refine)."""
    def nll(t: float) -> float:
        p = softmax(logits / t)
        return float(-np.mean(np.log(p[np.arange(len(gold_idx)), gold_idx] + 1e-12)))

    grid = np.exp(np.linspace(math.log(0.05), math.log(20), 80))
    best = min(grid, key=nll)
    fine = best * np.exp(np.linspace(-0.1, 0.1, 21))
    return float(min(fine, key=nll))


def cross_validate(X: Any, y: list[str], C: float, cfg: PathologyTrainConfig,
                   stated: list[tuple[str, float] | None]) -> tuple[dict, float]:
    """k-fold metrics on out-of-fold probabilities (model alone, and best guess with the stated
    values) and the fitted temperature."""
    from sklearn.model_selection import StratifiedKFold

    classes = sorted(set(y))
    yy = np.array(y)
    counts = {c: int((yy == c).sum()) for c in classes}
    strat = np.array([c if counts[c] >= cfg.train.cv_folds else "_rare" for c in y])
    oof = np.zeros((len(y), len(classes)))
    folds = StratifiedKFold(cfg.train.cv_folds, shuffle=True, random_state=cfg.train.seed)
    fold_acc = []
    for tr, te in folds.split(np.zeros(len(y)), strat):
        head = fit_head(X[tr], list(yy[tr]), C, cfg.model.max_iter)
        lg = head_logits(head, X[te])
        full = np.full((len(te), len(classes)), -1e4)
        for k, c in enumerate(head.classes):
            full[:, classes.index(c)] = lg[:, k]
        oof[te] = full
        fold_acc.append(float(np.mean(np.array(classes)[full.argmax(1)] == yy[te])))
    gold_idx = np.array([classes.index(c) for c in y])
    t = fit_temperature(oof, gold_idx)
    metrics = summary(y, softmax(oof / t), classes)
    metrics["best_guess"] = combined_metrics(y, softmax(oof / t), classes, stated)
    metrics["fold_accuracy_mean"] = round(float(np.mean(fold_acc)), 4)
    metrics["fold_accuracy_std"] = round(float(np.std(fold_acc)), 4)
    return metrics, t


def train(cfg: PathologyTrainConfig, log=print) -> dict[str, Any]:
    t0 = time.time()
    records = read_jsonl(cfg.data.train, cfg.data.limit)
    train_recs, dev_recs = split_train_dev(records, seed=cfg.data.dev_seed)
    views_tr = [rule_view(r["text"]) for r in train_recs]
    views_dev = [rule_view(r["text"]) for r in dev_recs]
    use = cfg.features.rule_tokens
    grams_tr = [doc_grams(r["text"], v[0] if use else ()) for r, v in zip(train_recs, views_tr)]
    grams_dev = [doc_grams(r["text"], v[0] if use else ()) for r, v in zip(dev_recs, views_dev)]
    vocab, idf = build_vocab(grams_tr, len(grams_tr), min_df=cfg.features.min_df,
                             max_words=cfg.features.max_words, max_chars=cfg.features.max_chars)
    featurizer = Featurizer(vocab, idf)
    X, Xd = to_matrix(featurizer, grams_tr), to_matrix(featurizer, grams_dev)
    log(f"features: {featurizer.size} ({time.time() - t0:.0f}s); train {len(train_recs)}, dev {len(dev_recs)}")
    heads: dict[str, LinearHead] = {}
    report: dict[str, Any] = {}
    for h in HEADS:
        rows = [i for i, r in enumerate(train_recs) if collapse(h, r.get(h))]
        y = [collapse(h, train_recs[i][h]) for i in rows]
        if len(set(y)) < 2:
            log(f"{h}: skipped (fewer than two classes)")
            continue
        C = cfg.model.C.get(h, 10.0)
        stated_tr = [views_tr[i][1].get(h) for i in rows]
        cv, temp = cross_validate(X[rows], y, C, cfg, stated_tr) if cfg.train.cv_folds >= 2 else ({}, 1.0)
        head = fit_head(X[rows], y, C, cfg.model.max_iter)
        head.temperature = temp
        heads[h] = head
        drows = [i for i, r in enumerate(dev_recs) if collapse(h, r.get(h))]
        yd = [collapse(h, dev_recs[i][h]) for i in drows]
        pd = softmax(head_logits(head, Xd[drows]) / temp)
        dev = summary(yd, pd, head.classes) if drows else {}
        dev_comb = combined_metrics(yd, pd, head.classes, [views_dev[i][1].get(h) for i in drows]) if drows else {}
        report[h] = {"C": C, "temperature": round(temp, 4), "n_train": len(y), "cv": cv,
                     "dev_model_only": dev, "dev_best_guess": dev_comb}
        log(f"{h}: cv {cv} | dev {dev} ({time.time() - t0:.0f}s)")
    manifest = {
        "name": cfg.name, "version": cfg.version, "kind": "tfidf-logreg",
        "data": {"train": str(cfg.data.train), "split": f"training.splits.split_train_dev(seed={cfg.data.dev_seed}, fraction=0.1): train part",
                 "n_train": len(train_recs), "n_dev": len(dev_recs)},
        "features": cfg.features.model_dump(), "n_features": featurizer.size,
        "trained_with": _versions(), "inference_needs": "numpy only (models.tcga_classifier)",
        "metrics": report,
        "note": "model_only = classifier alone; best_guess = stated pT/pN/pM where the rules find one, else the classifier (as eval.pathology scores it).",
    }
    return save(cfg.export.out_dir, featurizer, heads, manifest)


def _versions() -> dict[str, str]:
    import sklearn

    return {"scikit-learn": sklearn.__version__, "numpy": np.__version__}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", type=Path, default=Path("training/configs/tcga_pathology.yaml"))
    ap.add_argument("--out-dir", type=Path, default=None)
    args = ap.parse_args(argv)
    cfg = load_config(args.config)
    if args.out_dir:
        cfg.export.out_dir = args.out_dir
    manifest = train(cfg)
    print(json.dumps(manifest["files"]))


if __name__ == "__main__":
    main()
