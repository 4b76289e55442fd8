"""Rebuild a trained CRF tagger's torch weights from its exported folder (model.onnx + crf.npz), for a warm start.

``python -m oncostruct.training.onnx_warm WEIGHTS_DIR OUT_DIR`` writes ``OUT_DIR/model.pt`` and copies
``vocab.json``, so ``train.init_from: OUT_DIR`` resumes training on the shipped model's vocabulary. The ONNX
initialisers carry the torch names except the LSTMs (ONNX gate order i,o,f,c; torch i,f,g,o; the two biases
concatenated) and the head's weight (a transposed MatMul); the check compares emissions on a random input.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import torch

from oncostruct.models.nn import NerNet

_ONNX_TO_TORCH_GATES = (0, 2, 3, 1)   # torch gate k (i, f, g, o) is ONNX gate _ONNX_TO_TORCH_GATES[k] (i, o, f, c)


def _gates(mat: np.ndarray, hidden: int) -> np.ndarray:
    """Reorder the 4 gate blocks of an ONNX LSTM matrix (first axis 4*hidden) into torch's order."""
    return np.concatenate([mat[g * hidden:(g + 1) * hidden] for g in _ONNX_TO_TORCH_GATES])


def _lstm_state(w: np.ndarray, r: np.ndarray, b: np.ndarray, hidden: int) -> dict[str, torch.Tensor]:
    """One single-direction ONNX LSTM's W, R, B as torch ``weight_ih_l0``... tensors."""
    wb, rb = b[0, :4 * hidden], b[0, 4 * hidden:]
    return {"weight_ih_l0": torch.from_numpy(_gates(w[0], hidden)), "weight_hh_l0": torch.from_numpy(_gates(r[0], hidden)),
            "bias_ih_l0": torch.from_numpy(_gates(wb, hidden)), "bias_hh_l0": torch.from_numpy(_gates(rb, hidden))}


def state_from_onnx(weights: Path, model_cfg: dict) -> dict[str, torch.Tensor]:
    """The torch state dict of the CRF net exported in ``weights`` (layers in graph order: fwd, bwd per layer)."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(weights / "model.onnx")).graph
    inits = {i.name: numpy_helper.to_array(i).copy() for i in graph.initializer}
    state = {k: torch.from_numpy(v) for k, v in inits.items() if k.startswith(("encoder.", "head."))}
    hidden = int(model_cfg["hidden"])
    lstms = [n for n in graph.node if n.op_type == "LSTM"]
    for k, node in enumerate(lstms):
        layer, side = divmod(k, 2)
        w, r, b = (inits[name] for name in node.input[1:4])
        for key, val in _lstm_state(w, r, b, hidden).items():
            state[f"encoder.{('fwd', 'bwd')[side]}.{layer}.{key}"] = val
    heads = [n for n in graph.node if n.op_type == "MatMul" and n.input[1] in inits]
    state["head.weight"] = torch.from_numpy(inits[heads[-1].input[1]].T.copy())
    crf = np.load(weights / "crf.npz")
    state.update({f"crf.{k}": torch.from_numpy(crf[k]) for k in ("transitions", "start", "end")})
    return state


def net_from_onnx(weights: Path) -> NerNet:
    """The torch net of an exported CRF tagger, checked against its ONNX emissions."""
    manifest = json.loads((weights / "manifest.json").read_text(encoding="utf-8"))
    m = manifest["config"]["model"]
    state = state_from_onnx(weights, m)
    net = NerNet(m["kind"], state["encoder.embed.weight"].shape[0], len(m["labels"]), emb_dim=m["emb_dim"],
                 hidden=m["hidden"], layers=m["layers"], dropout=m["dropout"], cnn_channels=m["cnn_channels"],
                 head_dim=m["head_dim"], bigram_buckets=m.get("bigram_buckets", 0), bigram_dim=m.get("bigram_dim", 64))
    net.load_state_dict(state)
    net.eval()
    _check(net, weights)
    return net


def _check(net: NerNet, weights: Path) -> None:
    """Raise unless the torch net and the ONNX graph give the same emissions on a random batch."""
    import onnxruntime as ort

    rng = np.random.default_rng(0)
    ids = rng.integers(1, net.encoder.embed.num_embeddings, size=(2, 40)).astype(np.int64)
    lengths = np.array([40, 31], dtype=np.int64)
    ids[1, 31:] = 0
    sess = ort.InferenceSession(str(weights / "model.onnx"), providers=["CPUExecutionProvider"])
    got = sess.run(None, {"ids": ids, "lengths": lengths})[0]
    with torch.no_grad():
        ref = net(torch.from_numpy(ids), torch.from_numpy(lengths)).numpy()
    gap = max(float(np.abs(got[k, :n] - ref[k, :n]).max()) for k, n in enumerate(lengths))
    if gap > 1e-3:
        raise ValueError(f"torch rebuild differs from {weights}/model.onnx by {gap:.4g}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("weights", type=Path)
    ap.add_argument("out", type=Path)
    args = ap.parse_args(argv)
    net = net_from_onnx(args.weights)
    args.out.mkdir(parents=True, exist_ok=True)
    torch.save(net.state_dict(), args.out / "model.pt")
    shutil.copy(args.weights / "vocab.json", args.out / "vocab.json")
    print(f"{args.weights} -> {args.out}/model.pt (checked against the ONNX emissions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
