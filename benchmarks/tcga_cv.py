"""Feature and classifier ablations for the TCGA heads by 5-fold CV on the train part only.

``python benchmarks/tcga_cv.py --head cancer_type --variants base_lr100,kws_svm3,kws+minilm_svm3 --out /tmp/tcga_cv.json``

Variant names are ``<features>_<classifier><C>[_bal]`` (see :func:`build_variant`). The split, folds and
metrics are those of ``training/train_pathology.py`` (seeded dev split, stratified 5-fold CV with seed
13 on the train part); no dev label is read here. Rule findings are
computed once and cached (``--views``) because the rule extractor is the slow part. MiniLM
variants read the embedding cache of ``benchmarks/minilm_embed.py``.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path
from typing import Any, Callable

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from oncostruct.training.classify_metrics import summary  # noqa: E402
from oncostruct.models.tcga_classifier import softmax  # noqa: E402
from oncostruct.models.tcga_labels import collapse  # noqa: E402
from oncostruct.models.text_features import Featurizer, GramSpec, build_vocab, doc_grams  # noqa: E402
from oncostruct.training.splits import split_train_dev  # noqa: E402
from oncostruct.training.train_pathology import fit_temperature, load_config, read_jsonl, to_matrix  # noqa: E402

CONFIG = Path(__file__).resolve().parents[1] / "training/configs/tcga_pathology.yaml"
HARD_PAIR_KEYWORDS = ("rectum", "rectosigmoid", "colon", "sigmoid", "squamous", "adeno", "carcinosarcoma", "gbm", "lgg",
                      "papillary", "clear_cell", "chromophobe")  # the cues of the hard pairs named in the issue work


def config_keywords(config: Path = CONFIG) -> tuple[dict[str, str], dict[str, str]]:
    """(hard-pair keywords, organ keywords) from the training config, the one place they are defined."""
    kws = load_config(config).features.keywords
    return ({k: v for k, v in kws.items() if k in HARD_PAIR_KEYWORDS},
            {k: v for k, v in kws.items() if k not in HARD_PAIR_KEYWORDS})


def load_views(records: list[dict], path: Path) -> dict[str, Any]:
    """Rule tokens and stated classes per report id, computed once and cached as JSON."""
    if path.exists():
        return json.loads(path.read_text())
    from oncostruct.extractors.text.pathology_infer import rule_view

    views = {r["id"]: list(rule_view(r["text"])) for r in records}
    path.write_text(json.dumps(views))
    return views


def folds_for(y: list[str], k: int = 5, seed: int = 13) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import StratifiedKFold

    yy = np.array(y)
    counts = {c: int((yy == c).sum()) for c in set(y)}
    strat = np.array([c if counts[c] >= k else "_rare" for c in y])
    return list(StratifiedKFold(k, shuffle=True, random_state=seed).split(np.zeros(len(y)), strat))


def fit_lr(C: float, balanced: bool = False) -> Callable:
    def fit(X, y):
        from sklearn.linear_model import LogisticRegression

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clf = LogisticRegression(C=C, max_iter=1000, class_weight="balanced" if balanced else None).fit(X, y)
        return clf.classes_, clf.decision_function
    return fit


def fit_svm(C: float, balanced: bool = False, multi_class: str = "ovr") -> Callable:
    """Linear SVM: one-vs-rest, or ``crammer_singer`` (one joint multi-class problem)."""
    def fit(X, y):
        from sklearn.svm import LinearSVC

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clf = LinearSVC(C=C, multi_class=multi_class, max_iter=10000, random_state=0,
                            class_weight="balanced" if balanced else None).fit(X, y)
        return clf.classes_, clf.decision_function
    return fit


def fit_cs(C: float, balanced: bool = False) -> Callable:
    return fit_svm(C, balanced, multi_class="crammer_singer")


def fit_ridge(alpha: float, balanced: bool = False) -> Callable:
    def fit(X, y):
        from sklearn.linear_model import RidgeClassifier

        clf = RidgeClassifier(alpha=alpha, class_weight="balanced" if balanced else None).fit(X, y)
        return clf.classes_, clf.decision_function
    return fit


def fit_cnb(alpha: float, balanced: bool = False) -> Callable:
    def fit(X, y):
        from sklearn.naive_bayes import ComplementNB

        clf = ComplementNB(alpha=alpha).fit(X, y)
        return clf.classes_, clf.predict_log_proba
    return fit


def fit_lrsvm(C: float, balanced: bool = False) -> Callable:
    """Sum of SVM (C) and LR (30·C) decision values: still one linear head."""
    def fit(X, y):
        (cls, svm), (_, lr) = fit_svm(C, balanced)(X, y), fit_lr(30 * C, balanced)(X, y)
        return cls, lambda Z: svm(Z) + 0.25 * lr(Z)
    return fit


FITTERS = {"lr": fit_lr, "svm": fit_svm, "cs": fit_cs, "ridge": fit_ridge, "cnb": fit_cnb, "lrsvm": fit_lrsvm}


def oof_scores(X: Any, y: list[str], fit: Callable, folds, fraction: float = 1.0, seed: int = 0) -> tuple[np.ndarray, list[str]]:
    """Out-of-fold scores; ``fraction`` < 1 fits each fold on a seeded random subset of its training rows
    (a learning curve: the test rows are the same at every fraction)."""
    classes = sorted(set(y))
    yy = np.array(y)
    oof = np.full((len(y), len(classes)), -1e4)
    rng = np.random.default_rng(seed)
    for tr, te in folds:
        if fraction < 1.0:
            tr = np.sort(rng.choice(tr, size=int(round(fraction * len(tr))), replace=False))
        cls, score = fit(X[tr], list(yy[tr]))
        s = np.asarray(score(X[te]))
        if s.ndim == 1:
            s = np.stack([-s / 2, s / 2], 1)
        for k, c in enumerate(cls):
            oof[te, classes.index(str(c))] = s[:, k]
    return oof, classes


def evaluate(oof: np.ndarray, y: list[str], classes: list[str]) -> dict[str, Any]:
    gold = np.array([classes.index(c) for c in y])
    t = fit_temperature(oof, gold)
    out = summary(y, softmax(oof / t), classes)
    out["temperature"] = round(t, 4)
    pred = np.array(classes)[oof.argmax(1)]
    errs: dict[str, int] = {}
    for g, p in zip(y, pred):
        if g != p:
            errs[f"{g}>{p}"] = errs.get(f"{g}>{p}", 0) + 1
    out["errors"] = dict(sorted(errs.items(), key=lambda kv: -kv[1]))
    return out


def matrix(train: list[dict], views: dict, spec: GramSpec, rule_tokens: bool = True, **vocab_kw) -> Any:
    grams = [doc_grams(r["text"], views[r["id"]][0] if rule_tokens else (), spec) for r in train]
    vocab, idf = build_vocab(grams, len(grams), **{"min_df": 2, "max_words": 30000, "max_chars": 30000, **vocab_kw})
    return to_matrix(Featurizer(vocab, idf, spec), grams)


def minilm(train: list[dict], cache: Path) -> np.ndarray:
    z = np.load(cache)
    return np.stack([z[r["id"]] for r in train])


def specs(config: Path = CONFIG) -> dict[str, GramSpec]:
    """Named feature layouts: base = words + chars + rule tokens; h = header block; k = keyword block
    (kw: hard-pair keywords, kws: + organ keywords); a trailing number scales the h/k weights (``hk2`` → 2.0)."""
    keywords, site_keywords = config_keywords(config)
    out = {"base": GramSpec()}
    for name, blocks, kws in (("header", "h", {}), ("kw", "k", keywords), ("hk", "hk", keywords),
                              ("kws", "k", {**keywords, **site_keywords}), ("hks", "hk", {**keywords, **site_keywords}),
                              ("akws", "ak", {**keywords, **site_keywords}),
                              ("okws", "ko", {**keywords, **site_keywords})):
        for w in (1.0, 1.5, 2.0):
            weights = {"w": 1.0, "c": 1.0, "x": 1.0, **{b: w for b in blocks}}
            out[name + ("" if w == 1.0 else f"{w:g}")] = GramSpec(weights=weights, keywords=kws)
    return out


def build_variant(name: str, train: list[dict], views: dict, cache: Path, memo: dict,
                  config: Path = CONFIG) -> tuple[Any, Callable]:
    """``<features>_<clf><C>[_bal]``, features = a :func:`specs` name, ``notok`` (no rule tokens),
    ``minilm`` or ``<spec>+minilm`` (TF-IDF ‖ 0.5·embedding); clf = lr, svm or cnb (C = alpha)."""
    from scipy.sparse import csr_matrix, hstack

    feats, clf = name.split("_")[:2]
    balanced = name.endswith("_bal")
    kind = "".join(ch for ch in clf if ch.isalpha())
    fit = FITTERS[kind](float(clf[len(kind):]), balanced)
    table = specs(config)

    def tfidf(key: str) -> Any:
        if key not in memo:
            memo[key] = matrix(train, views, table["base"], rule_tokens=False) if key == "notok" else matrix(train, views, table[key])
        return memo[key]

    def emb() -> np.ndarray:
        e = minilm(train, cache)
        return e / np.linalg.norm(e, axis=1, keepdims=True)

    if feats == "minilm":
        return emb(), fit
    if feats.endswith("+minilm"):
        return hstack([tfidf(feats[:-7]), csr_matrix(emb() * 0.5)]).tocsr(), fit
    return tfidf(feats), fit


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/tcga_path/train.jsonl"))
    ap.add_argument("--views", type=Path, default=Path("/tmp/tcga_rule_views.json"))
    ap.add_argument("--minilm", type=Path, default=Path("/tmp/tcga_minilm.npz"))
    ap.add_argument("--config", type=Path, default=CONFIG, help="training config whose keyword block the k variants use")
    ap.add_argument("--head", default="cancer_type")
    ap.add_argument("--variants", default="base_lr100")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--fractions", default="1.0",
                    help="learning curve: comma-separated fractions of each fold's training rows (e.g. 0.6,0.8,1.0)")
    ap.add_argument("--repeats", type=int, default=1, help="fold seeds 13, 14, ... (accuracy averaged over repeats)")
    args = ap.parse_args()
    records = read_jsonl(args.data)
    train, _dev = split_train_dev(records)
    views = load_views(records, args.views)
    rows = [r for r in train if collapse(args.head, r.get(args.head))]
    y = [collapse(args.head, r[args.head]) for r in rows]
    memo: dict[str, Any] = {}
    results = json.loads(args.out.read_text()) if args.out and args.out.exists() else {}
    for name in args.variants.split(","):
        for fraction in map(float, args.fractions.split(",")):
            t0 = time.time()
            Xm, fit = build_variant(name, rows, views, args.minilm, memo, args.config)
            runs = [oof_scores(Xm, y, fit, folds_for(y, seed=13 + r), fraction, seed=r) for r in range(args.repeats)]
            res = evaluate(runs[0][0], y, runs[0][1])
            res["accuracy_repeats"] = [round(float(np.mean(np.array(c)[o.argmax(1)] == np.array(y))), 4) for o, c in runs]
            res["accuracy_mean"] = round(float(np.mean(res["accuracy_repeats"])), 4)
            res["seconds"] = round(time.time() - t0, 1)
            key = f"{args.head}/{name}" + ("" if fraction == 1.0 else f"@{fraction:g}")
            results[key] = res
            print(key, {k: res[k] for k in ("accuracy", "accuracy_mean", "macro_f1", "macro_auroc", "ece", "seconds")},
                  list(res["errors"].items())[:8], flush=True)
            if args.out:
                args.out.write_text(json.dumps(results, indent=1))
                np.save(args.out.with_suffix(f".{args.head}.{key.split('/')[1]}.npy"), runs[0][0])


if __name__ == "__main__":
    main()
