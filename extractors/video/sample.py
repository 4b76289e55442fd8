"""Scene-change key frames on the sampled stream: a colour-histogram distance between consecutive frames.

The distance is half the L1 distance of 4×4×4-bin RGB histograms (0: same colours, 1: disjoint); a
frame whose distance to the previous sampled frame reaches ``threshold`` starts a new scene.
"""
from __future__ import annotations

import numpy as np

BINS = 4


def histograms(frames: np.ndarray) -> np.ndarray:
    """(n, 64) normalised colour histograms of (n, h, w, 3) uint8 frames (every other pixel)."""
    q = (frames[:, ::2, ::2, :] // (256 // BINS)).astype(np.int32)
    codes = (q[..., 0] * BINS + q[..., 1]) * BINS + q[..., 2]
    n = len(frames)
    flat = codes.reshape(n, -1) + (np.arange(n)[:, None] * BINS**3)
    counts = np.bincount(flat.ravel(), minlength=n * BINS**3).reshape(n, BINS**3).astype(np.float32)
    return counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)


def scene_scores(hists: np.ndarray, previous: np.ndarray | None = None) -> np.ndarray:
    """Distance of each frame's histogram to the one before it (the first to ``previous``, else 0)."""
    prev = np.vstack([previous[None] if previous is not None else hists[:1], hists[:-1]])
    return 0.5 * np.abs(hists - prev).sum(axis=1)
