"""Per-frame probabilities → time segments (label, t_start, t_end, confidence).

Probabilities are smoothed with a centred moving average over ``window`` sampled frames; the
label of a frame is the argmax; runs shorter than ``min_frames`` join the run before them; each run
becomes a segment from its first frame's time to the next sampled frame's time (the end of the
video for the last), with the mean smoothed probability of its label as confidence.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Segment:
    label: str
    t_start: float
    t_end: float
    confidence: float
    first: int  # index of the first sampled frame in the run
    last: int


def smooth(probs: np.ndarray, window: int) -> np.ndarray:
    """Centred moving average along axis 0 (edges padded with the edge value)."""
    if window <= 1 or len(probs) < 2:
        return probs
    half = window // 2
    padded = np.concatenate([np.repeat(probs[:1], half, 0), probs, np.repeat(probs[-1:], window - 1 - half, 0)])
    csum = np.cumsum(np.vstack([np.zeros((1, probs.shape[1])), padded]), axis=0)
    return (csum[window:] - csum[:-window]) / window


def _ends(times: list[float], end: float) -> list[float]:
    return [*times[1:], max(end, times[-1])] if times else []


def runs(labels: list[str], min_frames: int) -> list[tuple[str, int, int]]:
    """(label, first, last) runs; a run shorter than ``min_frames`` (not the first) joins the run before it."""
    out: list[list] = []
    for i, lab in enumerate(labels):
        if out and out[-1][0] == lab:
            out[-1][2] = i
        else:
            out.append([lab, i, i])
    merged: list[list] = []
    for run in out:
        if merged and (run[2] - run[1] + 1 < min_frames or merged[-1][0] == run[0]):
            merged[-1][2] = run[2]
        else:
            merged.append(run)
    return [tuple(r) for r in merged]  # type: ignore[misc]


def segments(times: list[float], probs: np.ndarray, classes: tuple[str, ...] | list[str], end: float,
             window: int = 5, min_frames: int = 3) -> list[Segment]:
    """Argmax segments of (n, classes) frame probabilities at sampled ``times``; ``end`` closes the last."""
    if not len(times):
        return []
    sm = smooth(probs, window)
    labels = [classes[k] for k in sm.argmax(axis=1)]
    ends = _ends(times, end)
    out = []
    for lab, a, b in runs(labels, min_frames):
        k = list(classes).index(lab)
        out.append(Segment(lab, times[a], ends[b], float(sm[a:b + 1, k].mean()), a, b))
    return out


def spans(times: list[float], prob: np.ndarray, label: str, end: float, threshold: float = 0.5,
          window: int = 3, min_frames: int = 1) -> list[Segment]:
    """Spans where the smoothed probability of one binary label is ≥ ``threshold``."""
    if not len(times):
        return []
    sm = smooth(prob.reshape(-1, 1), window)[:, 0]
    on = ["on" if p >= threshold else "off" for p in sm]
    ends = _ends(times, end)
    return [Segment(label, times[a], ends[b], float(sm[a:b + 1].mean()), a, b)
            for lab, a, b in runs(on, min_frames) if lab == "on" and min(sm[a:b + 1].max(), 1) >= threshold]
