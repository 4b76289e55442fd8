"""CPU throughput of the tumour pointer model, ONNX Runtime vs eager PyTorch, in the same run.

    .venv/bin/python benchmarks/pointer_speed.py --data ../shared/data/ccks2019_tumour/unlabelled.jsonl \
        [--model models/weights/pointer_tumour] [--n 200] [--threads 1] [--repeat 2]

Both run the same weights (model.onnx; model.pt rebuilt from the manifest's config) on the same texts,
batched the same way (``PointerModel.logits`` + decoding); prints one JSON line with chars/s and the
largest absolute logit difference between the two.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from oncostruct.models.pointer import FIELDS, PointerModel, load_pointer_dir
from oncostruct.models.pointer_net import pointer_from_state


def chars_per_sec(model: PointerModel, texts: list[str], repeat: int) -> float:
    model.predict(texts[:8])  # warm-up
    started = time.perf_counter()
    for _ in range(repeat):
        model.predict(texts)
    return round(sum(map(len, texts)) * repeat / (time.perf_counter() - started), 1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--model", default=Path("models/weights/pointer_tumour"), type=Path)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    with args.model.joinpath("manifest.json").open(encoding="utf-8") as fh:
        manifest = json.load(fh)
    with args.data.open(encoding="utf-8-sig") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()][:args.n]
    onnx = load_pointer_dir(args.model, threads=args.threads)
    state = torch.load(args.model / "model.pt", weights_only=True)
    net = pointer_from_state(manifest["config"]["model"], len(FIELDS), state)

    def scorer(ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return net(torch.from_numpy(ids), torch.from_numpy(lengths)).numpy()

    eager = PointerModel(onnx.name, onnx.version, onnx.vocab, scorer, onnx.decoder)
    diff = max(float(np.abs(a - b).max()) for a, b in zip(onnx.logits(texts[:32]), eager.logits(texts[:32])))
    print(json.dumps({"texts": len(texts), "chars": sum(map(len, texts)), "threads": args.threads,
                      "onnx_chars_per_sec": chars_per_sec(onnx, texts, args.repeat),
                      "eager_chars_per_sec": chars_per_sec(eager, texts, args.repeat),
                      "max_abs_logit_diff": diff}))


if __name__ == "__main__":
    main()
