"""Export a trained NER net to ONNX (scores only) with its vocabulary, CRF parameters and manifest."""
from __future__ import annotations

import hashlib
import json
import math
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import torch

from oncostruct.training.entity_metrics import score
from oncostruct.models.calibration import Isotonic
from oncostruct.models.ner_inference import NerModel, fit_temperature, load_model_dir
from oncostruct.models.nn import NerNet
from oncostruct.models.vocab import CharVocab
from oncostruct.training.config import NerTrainConfig
from oncostruct.training.readers import SpanExample
from oncostruct.training.splits import DEFAULT_SEED, is_dev


def export_onnx(net: torch.nn.Module, path: Path, output: str = "scores", length_axis: int = 1) -> None:
    """Trace a char model ``net(ids, lengths)`` to ONNX, batch and length dynamic.

    ``output`` names the output tensor; ``length_axis`` is its length dimension (NER scores ``[b, t, tags]``: 1,
    pointer logits ``[b, fields, t, 2]``: 2).
    """
    net.eval()
    ids = torch.ones((2, 12), dtype=torch.long)
    lengths = torch.tensor([12, 7], dtype=torch.long)
    ids[1, 7:] = 0
    axes = {"ids": {0: "batch", 1: "length"}, "lengths": {0: "batch"}, output: {0: "batch", length_axis: "length"}}
    with warnings.catch_warnings():  # tracer warnings about python bools in nn.LSTM's input checks
        warnings.simplefilter("ignore")
        torch.onnx.export(net, (ids, lengths), str(path), input_names=["ids", "lengths"], output_names=[output],
                          dynamic_axes=axes, opset_version=17, dynamo=False)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def chars_per_second(model: Any, texts: list[str], repeat: int = 1) -> float:
    """Characters per second of ``model.predict`` over ``texts`` (any model with a batch ``predict``)."""
    n = sum(map(len, texts)) * repeat
    started = time.perf_counter()
    for _ in range(repeat):
        model.predict(texts)
    return round(n / (time.perf_counter() - started), 1)


def dev_confidences(model: NerModel, dev: list[SpanExample]) -> tuple[dict[str, Any], list[float], list[bool]]:
    """Dev scores, and each predicted entity's raw confidence with whether it is right (exact span + label)."""
    pred = model.predict_raw([ex.text for ex in dev])
    confs, correct = [], []
    for ex, spans in zip(dev, pred):
        gold = set(ex.entities)
        for s, e, lab, c in spans:
            confs.append(c)
            correct.append((s, e, lab) in gold)
    return score([ex.entities for ex in dev], pred), confs, correct


def fit_calibration(model: NerModel, confs: list[float], correct: list[bool]) -> dict[str, Any]:
    """Fit the temperature and the isotonic map on dev entities, set them on ``model``; manifest entries."""
    model.temperature = fit_temperature(confs, correct)
    model.isotonic = Isotonic.fit(np.array(confs, float), np.array(correct, float)) if confs else None
    return {"temperature": round(model.temperature, 4),
            "isotonic": {**model.isotonic.to_json(), "fitted_on": "dev entities (raw confidence → precision)",
                         "n": len(confs)} if model.isotonic else None}


def export_model(cfg: NerTrainConfig, net: NerNet, vocab: CharVocab, dev: list[SpanExample], *,
                 history: list[dict[str, Any]], best_epoch: int, n_train: int, out_dir: Path) -> dict[str, Any]:
    """Write model.onnx, vocab.json, crf.npz and manifest.json to ``out_dir``; returns the manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    onnx_path = out_dir / "model.onnx"
    export_onnx(net, onnx_path)
    vocab.save(out_dir / "vocab.json")
    torch.save(net.state_dict(), out_dir / "model.pt")  # for the eager-vs-ONNX speed bench only
    if net.kind == "crf":
        np.savez(out_dir / "crf.npz", **{k: getattr(net.crf, k).detach().numpy().astype(np.float32)
                                         for k in ("transitions", "start", "end")})
    manifest: dict[str, Any] = {
        "name": cfg.name, "version": cfg.version, "kind": cfg.model.kind, "labels": cfg.model.labels,
        "window": cfg.export.window, "overlap": cfg.export.overlap, "temperature": 1.0,
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    model = load_model_dir(out_dir)
    threshold = threshold_report(model, dev) if net.kind == "span" else {}
    model.threshold = threshold.get("threshold", 0.0)
    dev_scores, confs, correct = dev_confidences(model, dev)
    manifest.update({
        **threshold,
        **fit_calibration(model, confs, correct),
        "data": {"train": str(cfg.data.train), "format": cfg.data.format, "n_train": n_train, "n_dev": len(dev),
                 "split": f"training.splits.split_train_dev(seed={cfg.data.dev_seed or 'DEFAULT_SEED'}, fraction=0.10, key=id)"},
        "seed": cfg.train.seed, "epochs_run": len(history), "best_epoch": best_epoch,
        "config": json.loads(cfg.model_dump_json()),
        "dev": {"micro": dev_scores["micro"], "per_label": dev_scores["per_label"]},
        "history": history,
        "onnx": {"file": "model.onnx", "size_bytes": onnx_path.stat().st_size, "sha256": sha256(onnx_path)},
        "size_bytes_total": sum(p.stat().st_size for p in out_dir.iterdir() if p.is_file() and p.name != "manifest.json"),
        "cpu_chars_per_sec": chars_per_second(model, [ex.text for ex in dev[:200]]),
        "vocab_size": len(vocab),
    })
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


THRESHOLD_GRID = (0.0, -0.25, -0.5, -0.75, -1.0, -1.25, -1.5, -2.0)


def spans_above(pred: list[list[tuple]], threshold: float) -> list[list[tuple]]:
    """Spans whose logit exceeds ``threshold`` (their confidence is the logit's sigmoid)."""
    cut = 1 / (1 + math.exp(-threshold))
    return [[s for s in doc if s[3] > cut] for doc in pred]


def best_threshold(gold: list, pred: list, grid: tuple[float, ...]) -> tuple[float, dict[str, Any]]:
    sweep = {str(t): score(gold, spans_above(pred, t))["micro"] for t in grid}
    return max(grid, key=lambda t: sweep[str(t)]["f1"]), sweep


def loose_predictions(model: NerModel, dev: list[SpanExample], grid: tuple[float, ...] = THRESHOLD_GRID) -> list[list[tuple]]:
    """Span-model predictions at the lowest threshold of ``grid``; any higher one is a filter (:func:`spans_above`)."""
    model.threshold = min(grid)
    return model.predict_raw([ex.text for ex in dev])


def threshold_report(model: NerModel, dev: list[SpanExample], grid: tuple[float, ...] = THRESHOLD_GRID) -> dict[str, Any]:
    """Sweep the span-logit threshold on dev, plus an honest cross-fitted estimate.

    Dev is halved (seeded, by id); each half is scored with the threshold chosen on the other
    half, and the two halves are pooled, so the ``cross_fitted`` F1 never saw its own threshold.
    Dev is predicted once; ``model.threshold`` is left at the lowest grid value.
    """
    pred = loose_predictions(model, dev, grid)
    gold = [ex.entities for ex in dev]
    best, sweep = best_threshold(gold, pred, grid)
    halves = [is_dev(ex.id, fraction=0.5, seed=DEFAULT_SEED + 1) for ex in dev]
    chosen: dict[bool, float] = {}
    for half in (True, False):
        idx = [i for i, h in enumerate(halves) if h == half]
        chosen[not half] = best_threshold([gold[i] for i in idx], [pred[i] for i in idx], grid)[0]
    crossed = [spans_above([p], chosen[h])[0] for p, h in zip(pred, halves)]
    return {"threshold": best, "threshold_sweep": sweep,
            "cross_fitted": {"thresholds": {"half_a": chosen[True], "half_b": chosen[False]},
                             "micro": score(gold, crossed)["micro"]}}
