"""One pass over a video: decode chunks (in a thread, so decoding overlaps inference), then per chunk the
frame model, quality probabilities and scene scores. Returns small per-frame arrays, never the frames.
"""
from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np

from oncostruct.extractors.video.decode import DecodeOptions, DecodeReport, FrameChunk, stream_frames
from oncostruct.extractors.video.probe import VideoInfo
from oncostruct.extractors.video.quality import KINDS, probabilities
from oncostruct.extractors.video.sample import histograms, scene_scores


@dataclass
class Analysis:
    """Per sampled frame: time, native index, head probabilities, quality probabilities, scene score."""

    times: list[float] = field(default_factory=list)
    indices: list[int] = field(default_factory=list)
    heads: dict[str, list[np.ndarray]] = field(default_factory=dict)
    quality: dict[str, list[np.ndarray]] = field(default_factory=lambda: {k: [] for k in KINDS})
    scene: list[float] = field(default_factory=list)
    features: list[np.ndarray] = field(default_factory=list)
    report: DecodeReport = field(default_factory=DecodeReport)
    seconds: dict[str, float] = field(default_factory=lambda: {"decode_wait": 0.0, "sampling": 0.0, "inference": 0.0})

    def head(self, name: str) -> np.ndarray:
        parts = self.heads.get(name) or []
        return np.concatenate(parts) if parts else np.zeros((0, 0))

    def quality_of(self, kind: str) -> np.ndarray:
        return np.concatenate(self.quality[kind]) if self.quality[kind] else np.zeros(0)


_END = object()


def prefetch(chunks: Iterator[FrameChunk], depth: int = 2) -> Iterator[FrameChunk]:
    """Run ``chunks`` in a thread, at most ``depth`` chunks ahead (bounded memory)."""
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def work() -> None:
        try:
            for c in chunks:
                while not stop.is_set():
                    try:
                        q.put(c, timeout=0.5)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    break
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer
            q.put(exc)
            return
        finally:
            close = getattr(chunks, "close", None)
            if stop.is_set() and close:
                close()
        q.put(_END)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    try:
        while True:
            item = q.get()
            if item is _END:
                break
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join(timeout=60)


def analyse(path: str | Path, info: VideoInfo, opts: DecodeOptions, model=None, batch: int = 32,
            keep_features: bool = False) -> Analysis:
    """Decode ``path`` and score every sampled frame; ``model`` is a :class:`models.video_frames.FrameModel` or None."""
    out = Analysis()
    prev_hist = None
    it = prefetch(stream_frames(path, info, opts, out.report))
    while True:
        t0 = time.perf_counter()
        chunk = next(it, None)
        out.seconds["decode_wait"] += time.perf_counter() - t0
        if chunk is None:
            break
        t1 = time.perf_counter()
        for kind, p in probabilities(chunk.frames).items():
            out.quality[kind].append(p)
        hists = histograms(chunk.frames)
        out.scene.extend(float(s) for s in scene_scores(hists, prev_hist))
        prev_hist = hists[-1]
        t2 = time.perf_counter()
        out.seconds["sampling"] += t2 - t1
        if model is not None:
            feats = model.features(chunk.frames, batch)
            for name, p in model.predict(feats).items():
                out.heads.setdefault(name, []).append(p)
            if keep_features:
                out.features.append(feats)
        out.seconds["inference"] += time.perf_counter() - t2
        out.times.extend(chunk.times)
        out.indices.extend(chunk.indices)
    if out.scene:
        out.scene[0] = 1.0  # the first frame opens the first scene
    return out
