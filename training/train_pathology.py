"""Train the TCGA pathology heads (cancer type, T, N, M, AJCC stage group) and export them.

``python -m training.train_pathology --config training/configs/tcga_pathology.yaml``

The train part of ``split_train_dev(train.jsonl)`` is used for choosing and evaluating. Each head
gets a stratified k-fold cross-validation on the train part (the out-of-fold logits also fit the
calibration temperature), then a fit on the whole train part, scored on dev. With
``train.fit_on: all`` (``--fit-on all``) the exported heads are then refit on every record
(train part + dev) with the same configuration, cross-validated again on all records for their
temperature and a second estimate; the dev figures in the manifest stay those of the train-part
fit, and ``training_ids.json`` lets the bench flag evaluation records the export has seen.
scikit-learn is a training-time dependency only; the export is numpy arrays + JSON.
"""
from __future__ import annotations

import argparse
import json
import math
import time
import warnings
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field

from oncostruct.training.classify_metrics import summary
from oncostruct.extractors.text.pathology_infer import rule_view
from oncostruct.models.tcga_classifier import LinearHead, id_digest, save, softmax
from oncostruct.models.tcga_labels import HEADS, allowed_stages, collapse, restrict_stage
from oncostruct.models.text_features import Featurizer, GramSpec, block_of, build_vocab, doc_grams
from oncostruct.training.splits import DEFAULT_SEED, split_train_dev


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
    weights: dict[str, float] = Field(default_factory=lambda: {"w": 1.0, "c": 1.0, "x": 1.0},
                                      description="block weights: w words, c chars, x rule tokens, h header words, k keywords")
    keywords: dict[str, str] = Field(default_factory=dict, description="keyword token → regex (block k)")
    head_weights: dict[str, dict[str, float]] = Field(
        default_factory=dict, description="per-head block weights (default: weights); folded into the exported head")

    def spec(self) -> GramSpec:
        return GramSpec(weights=dict(self.weights), keywords=dict(self.keywords))


class ModelCfg(_Strict):
    C: dict[str, float] = Field(default_factory=dict, description="inverse L2 strength per head (default 10)")
    kind: dict[str, Literal["logreg", "svm"]] = Field(default_factory=dict,
                                                      description="logistic regression (default) or linear SVM per head")
    balanced: list[str] = Field(default_factory=list,
                                description="heads fitted with class weights inversely proportional to class frequency")
    max_iter: int = 500


class TrainCfg(_Strict):
    seed: int = 13
    cv_folds: int = Field(default=5, ge=0, description="0 = no cross-validation (temperature 1)")
    fit_on: Literal["train_part", "all"] = Field(
        default="train_part", description="records of the exported fit: the train part (dev stays unseen) or all "
                                          "records (release refit after the dev evaluation; cross-validated on all)")


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


def with_stated(row: np.ndarray, classes: list[str], stated: tuple[str, float]) -> np.ndarray:
    """r·onehot(stated) + (1 − r)·p_model, as :func:`extractors.text.pathology_infer.decide` combines them."""
    cls, r = stated
    return r * (np.array(classes) == cls) + (1 - r) * row


def combined_metrics(y: list[str], proba: np.ndarray, classes: list[str], stated: list[tuple[str, float] | None]) -> dict:
    """Metrics of the best guess: the stated class (p = r·onehot + (1 − r)·p_model) where there is one."""
    p = proba.copy()
    for i, s in enumerate(stated):
        if s and s[0] in classes:
            p[i] = with_stated(p[i], classes, s)
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


def fit_head(X: Any, y: list[str], C: float, max_iter: int, kind: str = "logreg", balanced: bool = False) -> LinearHead:
    """A linear head; an SVM's margins become logits through the fitted temperature. ``balanced`` weighs
    each class inversely to its frequency (the rare TCGA projects count as much as BRCA)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    weight = "balanced" if balanced else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf = (LinearSVC(C=C, max_iter=max_iter * 10, random_state=0, class_weight=weight) if kind == "svm"
               else LogisticRegression(C=C, max_iter=max_iter, class_weight=weight)).fit(X, y)
    classes = [str(c) for c in clf.classes_]
    W, b = clf.coef_, clf.intercept_
    if len(classes) == 2:  # binary LR: one row; expand to two softmax rows
        W, b = np.vstack([-W[0] / 2, W[0] / 2]), np.array([-b[0] / 2, b[0] / 2])
    return LinearHead(classes, W.astype(np.float32), b.astype(np.float32))


def column_scale(featurizer: Featurizer, weights: dict[str, float] | None) -> np.ndarray | None:
    """Per-feature factors that turn the featurizer's block scaling into a head's own block weights
    (a block left out gets 0); None when the head uses the featurizer's weights."""
    if not weights:
        return None
    norm = float(np.sqrt(sum(w * w for w in weights.values())))
    target = {b: w / norm for b, w in weights.items()}
    return np.array([target.get(block_of(g), 0.0) / featurizer.scale[block_of(g)] if featurizer.scale.get(block_of(g))
                     else 0.0 for g in featurizer.vocab], dtype=np.float32)


def scaled(X: Any, scale: np.ndarray | None) -> Any:
    from scipy.sparse import diags

    return X if scale is None else (X @ diags(scale)).tocsr()


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
                   stated: list[tuple[str, float] | None], kind: str = "logreg", balanced: bool = False
                   ) -> tuple[dict, float, np.ndarray]:
    """k-fold metrics on out-of-fold probabilities (model alone, and best guess with the stated
    values), the fitted temperature and the out-of-fold probabilities."""
    from sklearn.model_selection import StratifiedKFold

    classes = sorted(set(y))
    yy = np.array(y)
    counts = {c: int((yy == c).sum()) for c in classes}
    strat = np.array([c if counts[c] >= cfg.train.cv_folds else "_rare" for c in y])
    oof = np.zeros((len(y), len(classes)))
    folds = StratifiedKFold(cfg.train.cv_folds, shuffle=True, random_state=cfg.train.seed)
    fold_acc = []
    for tr, te in folds.split(np.zeros(len(y)), strat):
        head = fit_head(X[tr], list(yy[tr]), C, cfg.model.max_iter, kind, balanced)
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
    return metrics, t, softmax(oof / t)


def stage_with_tnm(y: list[str], proba: np.ndarray, classes: list[str], cancer: list[str | None],
                   tnm: list[dict[str, str | None]], stated: list[tuple[str, float] | None] | None = None) -> dict:
    """Stage metrics as :func:`extractors.text.pathology_infer.decide` makes them: a written stage group
    wins (p = r·onehot + (1 − r)·p_model), else the groups the stated pT/pN/pM allow restrict the model."""
    p = proba.copy()
    constrained = changed = 0
    for i, (ct, s) in enumerate(zip(cancer, tnm)):
        if stated and stated[i] and stated[i][0] in classes:
            p[i] = with_stated(p[i], classes, stated[i])
            changed += int(p[i].argmax() != proba[i].argmax())
            continue
        allowed = [c for c in allowed_stages(ct, s["t_stage"], s["n_stage"], s["m_stage"]) or [] if c in classes]
        if allowed:
            new = restrict_stage(dict(zip(classes, p[i])), allowed)
            p[i] = [new[c] for c in classes]
            constrained += 1
            changed += int(p[i].argmax() != proba[i].argmax())
    return {**summary(y, p, classes), "constrained": constrained, "changed": changed}


def build_features(cfg: PathologyTrainConfig, records: list[dict], views: list, others: list[tuple[list, list]] = ()
                   ) -> tuple[Featurizer, Any, list[Any]]:
    """Vocabulary and idf from ``records``; the TF-IDF matrix of ``records`` and of each (records, views) in ``others``."""
    use, spec = cfg.features.rule_tokens, cfg.features.spec()

    def grams(recs: list[dict], vs: list) -> list:
        return [doc_grams(r["text"], v[0] if use else (), spec) for r, v in zip(recs, vs)]

    g = grams(records, views)
    vocab, idf = build_vocab(g, len(g), min_df=cfg.features.min_df,
                             max_words=cfg.features.max_words, max_chars=cfg.features.max_chars)
    featurizer = Featurizer(vocab, idf, spec)
    return featurizer, to_matrix(featurizer, g), [to_matrix(featurizer, grams(r, v)) for r, v in others]


def head_rows(head: str, records: list[dict]) -> tuple[list[int], list[str]]:
    """Indices of the records labelled for ``head`` and their collapsed labels."""
    rows = [i for i, r in enumerate(records) if collapse(head, r.get(head))]
    return rows, [collapse(head, records[i][head]) for i in rows]


def fit_heads(cfg: PathologyTrainConfig, featurizer: Featurizer, X: Any, records: list[dict], views: list, log=print
              ) -> tuple[dict[str, LinearHead], dict[str, np.ndarray | None], dict[str, dict], dict[str, tuple]]:
    """Cross-validate (temperature) and fit every head on ``records``: (heads, column scales, CV reports,
    out-of-fold (rows, labels, probabilities)). Heads are returned unscaled (see :func:`fold_scale`)."""
    heads: dict[str, LinearHead] = {}
    scales: dict[str, np.ndarray | None] = {}
    cvs: dict[str, dict] = {}
    oofs: dict[str, tuple] = {}
    for h in HEADS:
        rows, y = head_rows(h, records)
        if len(set(y)) < 2:
            log(f"{h}: skipped (fewer than two classes)")
            continue
        C, kind, balanced = cfg.model.C.get(h, 10.0), cfg.model.kind.get(h, "logreg"), h in cfg.model.balanced
        scales[h] = column_scale(featurizer, cfg.features.head_weights.get(h))
        Xh = scaled(X, scales[h])[rows]
        cvs[h], temp = {}, 1.0
        if cfg.train.cv_folds >= 2:
            cvs[h], temp, oof = cross_validate(Xh, y, C, cfg, [views[i][1].get(h) for i in rows], kind, balanced)
            oofs[h] = (rows, y, oof)
        heads[h] = fit_head(Xh, y, C, cfg.model.max_iter, kind, balanced)
        heads[h].temperature = temp
        log(f"{h}: n {len(y)}, cv {cvs[h].get('accuracy')}")
    return heads, scales, cvs, oofs


def fold_scale(head: LinearHead, scale: np.ndarray | None) -> LinearHead:
    """Fold a head's block weights into its exported weight matrix."""
    if scale is not None:
        head.weight = (head.weight * scale[None, :]).astype(np.float32)
    return head


def train_ids_digest(records: list[dict]) -> list[str]:
    """Short sha256 digests of the fitted records' ids (bench flags evaluation records the model has seen)."""
    return sorted(id_digest(r.get("id")) for r in records if r.get("id") is not None)


def train(cfg: PathologyTrainConfig, log=print) -> dict[str, Any]:
    t0 = time.time()
    records = read_jsonl(cfg.data.train, cfg.data.limit)
    train_recs, dev_recs = split_train_dev(records, seed=cfg.data.dev_seed)
    views_tr = [rule_view(r["text"]) for r in train_recs]
    views_dev = [rule_view(r["text"]) for r in dev_recs]
    featurizer, X, (Xd,) = build_features(cfg, train_recs, views_tr, [(dev_recs, views_dev)])
    log(f"features: {featurizer.size} ({time.time() - t0:.0f}s); train {len(train_recs)}, dev {len(dev_recs)}")
    heads, scales, cvs, oof_proba = fit_heads(cfg, featurizer, X, train_recs, views_tr, log)
    report: dict[str, Any] = {}
    oof_best = {h: {i: sorted(set(y))[k] for i, k in zip(rows, p.argmax(1))} for h, (rows, y, p) in oof_proba.items()}
    dev_best: dict[str, dict[int, str]] = {}  # head → dev row → argmax
    dev_proba: dict[str, tuple[list[int], list[str], np.ndarray]] = {}
    for h, head in heads.items():
        drows, yd = head_rows(h, dev_recs)
        all_dev = softmax(head_logits(head, scaled(Xd, scales[h])) / head.temperature)
        pd = all_dev[drows]
        dev_best[h] = {i: head.classes[k] for i, k in enumerate(all_dev.argmax(1))}
        dev_proba[h] = (drows, yd, pd)
        dev = summary(yd, pd, head.classes) if drows else {}
        dev_comb = combined_metrics(yd, pd, head.classes, [views_dev[i][1].get(h) for i in drows]) if drows else {}
        report[h] = {"C": cfg.model.C.get(h, 10.0), "kind": cfg.model.kind.get(h, "logreg"),
                     "class_weight": "balanced" if h in cfg.model.balanced else None,
                     "block_weights": cfg.features.head_weights.get(h) or cfg.features.weights,
                     "temperature": round(head.temperature, 4), "n_train": len(head_rows(h, train_recs)[0]),
                     "cv": cvs[h], "dev_model_only": dev, "dev_best_guess": dev_comb}
        log(f"{h}: dev {dev.get('accuracy')} ({time.time() - t0:.0f}s)")
        fold_scale(head, scales[h])
    if "ajcc_stage" in heads:
        report["ajcc_stage"].update(_stage_reports(heads["ajcc_stage"].classes, views_tr, views_dev,
                                                   oof_proba, dev_proba, oof_best, dev_best))
    fitted = train_recs
    if cfg.train.fit_on == "all":  # release refit: same configuration, every record
        fitted, views_all = train_recs + dev_recs, views_tr + views_dev
        featurizer, X_all, _ = build_features(cfg, fitted, views_all)
        log(f"refit on all {len(fitted)} records: {featurizer.size} features")
        heads, scales, cvs_all, _ = fit_heads(cfg, featurizer, X_all, fitted, views_all, log)
        for h, head in heads.items():
            fold_scale(head, scales[h])
            report[h].update({"temperature": round(head.temperature, 4), "cv_all": cvs_all[h],
                              "n_fit": len(head_rows(h, fitted)[1])})
    manifest = {
        "name": cfg.name, "version": cfg.version, "kind": "tfidf-linear",
        "data": {"train": str(cfg.data.train), "split": f"training.splits.split_train_dev(seed={cfg.data.dev_seed}, fraction=0.1)",
                 "n_train": len(train_recs), "n_dev": len(dev_recs), "fit_on": cfg.train.fit_on, "n_fit": len(fitted)},
        "features": {**cfg.features.model_dump(), "gram_spec": featurizer.spec.to_json()}, "n_features": featurizer.size,
        "trained_with": _versions(), "inference_needs": "numpy only (models.tcga_classifier)",
        "metrics": report,
        "note": ("cv = k-fold on the train part; dev_* = the train-part fit scored on dev (never fitted on it); "
                 "cv_all (fit_on all only) = k-fold on every record, whose temperature the exported heads carry. "
                 "model_only = classifier alone; best_guess = stated pT/pN/pM where the rules find one, else the classifier "
                 "(as eval.pathology scores it); ajcc_stage cv_tnm_rule/dev_tnm_rule = the stage restricted to the groups "
                 "stated pTNM allow (models.tcga_labels.allowed_stages), as the extractor does."),
    }
    return save(cfg.export.out_dir, featurizer, heads, manifest, train_ids_digest(fitted))


def _stage_reports(classes: list[str], views_tr: list, views_dev: list, oof_proba: dict, dev_proba: dict,
                   oof_best: dict, dev_best: dict) -> dict[str, Any]:
    """Stage metrics with the stated-TNM restriction, on CV (out-of-fold cancer type) and dev."""
    out: dict[str, Any] = {}
    for part, views, proba, best in (("cv_tnm_rule", views_tr, oof_proba, oof_best),
                                     ("dev_tnm_rule", views_dev, dev_proba, dev_best)):
        if "ajcc_stage" not in proba:
            continue
        rows, y, p = proba["ajcc_stage"]  # columns = classes (sorted, all four present)
        cancer = [best.get("cancer_type", {}).get(i) for i in rows]
        tnm = [{h: (views[i][1].get(h) or (None,))[0] for h in ("t_stage", "n_stage", "m_stage")} for i in rows]
        out[part] = stage_with_tnm(y, p, classes, cancer, tnm, [views[i][1].get("ajcc_stage") for i in rows])
    return out


def _versions() -> dict[str, str]:
    import sklearn

    return {"scikit-learn": sklearn.__version__, "numpy": np.__version__}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", type=Path, default=Path("training/configs/tcga_pathology.yaml"))
    ap.add_argument("--out-dir", type=Path, default=None)
    ap.add_argument("--fit-on", choices=("train_part", "all"), default=None,
                    help="override train.fit_on (train_part: a dev-evaluation model; all: the release refit)")
    args = ap.parse_args(argv)
    cfg = load_config(args.config)
    if args.out_dir:
        cfg.export.out_dir = args.out_dir
    if args.fit_on:
        cfg.train.fit_on = args.fit_on
    manifest = train(cfg)
    print(json.dumps(manifest["files"]))


if __name__ == "__main__":
    main()
