"""Per-frame quality probabilities: blur, too dark, smoke or fog, out of body.

Each is a cheap measure on the sampled frame, mapped to a probability by a logistic curve whose
coefficients are data (``quality.yaml``, fitted by ``training/video_quality.py``):

* blur: log variance of the 4-neighbour Laplacian of the luma (sharp edges give a high variance);
* dark: mean luma (0–255);
* smoke: mean HSV saturation times luma contrast (fog washes out both);
* out of body: share of tissue-coloured pixels (red dominant, as inside the abdomen).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict

from oncostruct.engine.errors import RulePackError

KINDS = ("blur", "dark", "smoke", "out_of_body")


class Mapping(BaseModel):
    model_config = ConfigDict(extra="forbid")
    x: str
    a: float
    b: float
    fitted: str = "hand-set"


class QualityModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    measures: dict[str, Mapping]


@lru_cache(maxsize=1)
def quality_model() -> QualityModel:
    text = resources.files("oncostruct.extractors.video").joinpath("quality.yaml").read_text(encoding="utf-8")
    try:
        model = QualityModel.model_validate(yaml.safe_load(text))
    except ValueError as exc:
        raise RulePackError(f"extractors/video/quality.yaml: {exc}") from None
    missing = set(KINDS) - set(model.measures)
    if missing:
        raise RulePackError(f"extractors/video/quality.yaml: no mapping for {sorted(missing)}")
    return model


def measures(frames: np.ndarray) -> dict[str, np.ndarray]:
    """Raw measures of (n, h, w, 3) uint8 frames, one value per frame each (on every other row and column)."""
    f = frames[:, ::2, ::2, :].astype(np.float32)
    r, g, b = f[..., 0], f[..., 1], f[..., 2]
    luma = 0.299 * r + 0.587 * g + 0.114 * b
    lap = (luma[:, 1:-1, :-2] + luma[:, 1:-1, 2:] + luma[:, :-2, 1:-1] + luma[:, 2:, 1:-1] - 4 * luma[:, 1:-1, 1:-1])
    mx, mn = f.max(axis=-1), f.min(axis=-1)
    sat = np.where(mx > 0, (mx - mn) / np.maximum(mx, 1), 0.0)
    tissue = (r > 1.15 * g) & (r > 1.15 * b) & (r > 40)
    n = len(frames)
    return {
        "log_laplacian_var": np.log1p(lap.reshape(n, -1).var(axis=1)),
        "mean_luma": luma.reshape(n, -1).mean(axis=1),
        "saturation_contrast": sat.reshape(n, -1).mean(axis=1) * luma.reshape(n, -1).std(axis=1) / 64.0,
        "tissue_fraction": tissue.reshape(n, -1).mean(axis=1),
    }


def probabilities(frames: np.ndarray, model: QualityModel | None = None) -> dict[str, np.ndarray]:
    """Per kind, (n,) probabilities that a frame is blurred, dark, smoky, out of body."""
    model = model or quality_model()
    raw = measures(frames)
    out = {}
    for kind in KINDS:
        m = model.measures[kind]
        out[kind] = 1.0 / (1.0 + np.exp(-(m.a + m.b * raw[m.x])))
    return out
