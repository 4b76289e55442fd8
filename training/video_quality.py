"""Fit the logistic mappings of the video quality heuristics (``extractors/video/quality.yaml``).

Frames are sampled from the clips exactly as the extractor samples them; positives are the same frames
degraded synthetically (measured on what we can make, not on labelled real degradations):

* blur: a 5- or 7-pixel box blur at the sampling width (about 27–37 source pixels);
* dark: brightness times 0.15–0.35;
* smoke: blended with light grey (alpha 0.5–0.75), as fog washes out colour and contrast;
* out of body: a proxy, the frames with colour channels rotated (bluish, greenish scenes) or grey.

Clips are split in two halves by name order: mappings are fitted on one half and scored on the other
(accuracy and ROC AUC), then refitted on all and written with ``fitted`` saying so.

Run: ``python -m oncostruct.training.video_quality --data DIR [--write]``.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import yaml

from oncostruct.extractors.video.decode import DecodeOptions, stream_frames
from oncostruct.extractors.video.probe import probe
from oncostruct.extractors.video.quality import KINDS, measures, quality_model

QUALITY_YAML = Path(__file__).resolve().parents[1] / "extractors" / "video" / "quality.yaml"


def _box(frames: np.ndarray, k: int) -> np.ndarray:
    f = frames.astype(np.float32)
    c = np.cumsum(np.pad(f, ((0, 0), (k // 2 + 1, k // 2), (0, 0), (0, 0)), mode="edge"), axis=1)
    f = (c[:, k:] - c[:, :-k]) / k
    c = np.cumsum(np.pad(f, ((0, 0), (0, 0), (k // 2 + 1, k // 2), (0, 0)), mode="edge"), axis=2)
    return ((c[:, :, k:] - c[:, :, :-k]) / k).clip(0, 255).astype(np.uint8)


def degrade(frames: np.ndarray, kind: str, rng: np.random.Generator) -> np.ndarray:
    if kind == "blur":
        return _box(frames, int(rng.choice([5, 7])))
    if kind == "dark":
        return (frames * rng.uniform(0.15, 0.35)).astype(np.uint8)
    if kind == "smoke":
        a = rng.uniform(0.5, 0.75)
        return ((1 - a) * frames + a * 200).astype(np.uint8)
    grey = frames.mean(axis=-1, keepdims=True).repeat(3, axis=-1).astype(np.uint8)
    return np.concatenate([frames[..., [2, 0, 1]][: len(frames) // 3], frames[..., [1, 2, 0]][len(frames) // 3: 2 * len(frames) // 3],
                           grey[2 * len(frames) // 3:]])


def clip_frames(path: Path) -> np.ndarray:
    return np.concatenate([c.frames for c in stream_frames(path, probe(path), DecodeOptions())])


def _data(clips: list[Path], rng: np.random.Generator) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    out: dict[str, list] = {k: [[], []] for k in KINDS}
    for clip in clips:
        frames = clip_frames(clip)
        for kind in KINDS:
            x_neg = measures(frames)[quality_model().measures[kind].x]
            x_pos = measures(degrade(frames, kind, rng))[quality_model().measures[kind].x]
            out[kind][0] += [x_neg, x_pos]
            out[kind][1] += [np.zeros(len(x_neg)), np.ones(len(x_pos))]
    return {k: (np.concatenate(v[0]), np.concatenate(v[1])) for k, v in out.items()}


def fit(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=100.0, max_iter=1000).fit(x.reshape(-1, 1), y)
    return float(clf.intercept_[0]), float(clf.coef_[0, 0])


def calibrate(data: Path, seed: int = 0) -> dict:
    from sklearn.metrics import roc_auc_score

    clips = sorted(data.glob("*.mp4"))
    rng = np.random.default_rng(seed)
    half = len(clips) // 2
    train, test = _data(clips[:half], rng), _data(clips[half:], rng)
    everything = {k: (np.concatenate([train[k][0], test[k][0]]), np.concatenate([train[k][1], test[k][1]])) for k in KINDS}
    report = {}
    for kind in KINDS:
        a, b = fit(*train[kind])
        x, y = test[kind]
        p = 1 / (1 + np.exp(-(a + b * x)))
        a_all, b_all = fit(*everything[kind])
        report[kind] = {"x": quality_model().measures[kind].x, "a": round(a_all, 4), "b": round(b_all, 4),
                        "held_out": {"accuracy": round(float(((p >= 0.5) == y).mean()), 3),
                                     "roc_auc": round(float(roc_auc_score(y, p)), 3), "frames": int(len(y))}}
    return {"clips": len(clips), "seed": seed, "measures": report}


def write(report: dict, data_name: str) -> None:
    doc = yaml.safe_load(QUALITY_YAML.read_text(encoding="utf-8"))
    for kind, r in report["measures"].items():
        h = r["held_out"]
        doc["measures"][kind] = {"x": r["x"], "a": r["a"], "b": r["b"],
                                 "fitted": f"{data_name}, synthetic degradation; held-out half: accuracy {h['accuracy']}, "
                                           f"ROC AUC {h['roc_auc']} on {h['frames']} frames"}
    header = "".join(line + "\n" for line in QUALITY_YAML.read_text(encoding="utf-8").splitlines() if line.startswith("#"))
    QUALITY_YAML.write_text(header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=200), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--write", action="store_true", help="write the fitted mappings into extractors/video/quality.yaml")
    args = ap.parse_args()
    report = calibrate(args.data)
    print(json.dumps(report))
    if args.write:
        write(report, args.data.name)


if __name__ == "__main__":
    main()
