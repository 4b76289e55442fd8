"""The surgical-video frame model: EfficientNet-Lite0 features (ONNX) and linear heads (numpy).

``models/weights/video_lite0/`` holds ``backbone.onnx`` (uint8 RGB frames of any size → 1280-d
pooled features), ``heads.npz`` (per head: classes, standardisation, weights, bias) and
``manifest.json``. Inference is batched and uses ONNX Runtime only: the CUDA provider when
present (``models.onnx_session``), CPU otherwise.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from oncostruct.models.registry import model_path

DEFAULT_MODEL = "video_lite0"


@dataclass(frozen=True)
class LinearHead:
    """Softmax over ``classes`` of standardised features."""

    name: str
    classes: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weight: np.ndarray  # (classes, features)
    bias: np.ndarray

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        logits = ((features - self.mean) / self.scale) @ self.weight.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=1, keepdims=True)


def save_heads(path: Path, heads: list[LinearHead]) -> None:
    arrays = {}
    for h in heads:
        arrays.update({f"{h.name}.classes": np.array(h.classes), f"{h.name}.mean": h.mean, f"{h.name}.scale": h.scale,
                       f"{h.name}.weight": h.weight, f"{h.name}.bias": h.bias})
    np.savez_compressed(path, **arrays)


def load_heads(path: Path) -> dict[str, LinearHead]:
    with np.load(path, allow_pickle=False) as data:
        names = sorted({k.rsplit(".", 1)[0] for k in data.files})
        return {n: LinearHead(n, tuple(str(c) for c in data[f"{n}.classes"]), data[f"{n}.mean"], data[f"{n}.scale"],
                              data[f"{n}.weight"], data[f"{n}.bias"]) for n in names}


class FrameModel:
    """Backbone session plus heads, loaded once per process (:func:`load_frame_model`)."""

    def __init__(self, folder: Path, threads: int | None = None) -> None:
        from oncostruct.models.onnx_session import make_session

        self.folder = folder
        self.manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        self.session = make_session(folder / "backbone.onnx", threads)
        self.heads = load_heads(folder / "heads.npz") if (folder / "heads.npz").exists() else {}
        self.version = str(self.manifest.get("version", "0"))
        self.provider = self.session.get_providers()[0]

    def features(self, frames: np.ndarray, batch: int = 32) -> np.ndarray:
        """(n, h, w, 3) uint8 → (n, 1280) float32, ``batch`` frames per run."""
        if len(frames) == 0:
            return np.zeros((0, 1280), np.float32)
        out = [self.session.run(None, {"frames": np.ascontiguousarray(frames[i:i + batch])})[0]
               for i in range(0, len(frames), batch)]
        return np.concatenate(out).astype(np.float32, copy=False)

    def predict(self, features: np.ndarray) -> dict[str, np.ndarray]:
        """Per head, (n, classes) probabilities."""
        return {name: head.probabilities(features) for name, head in self.heads.items()}


@lru_cache(maxsize=4)
def load_frame_model(name: str = DEFAULT_MODEL, threads: int | None = None) -> FrameModel:
    """A released frame model by name or folder path (cached per process)."""
    return FrameModel(model_path(name), threads)
