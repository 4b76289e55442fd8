"""Windowing for long texts: overlapping windows at inference, entity-safe chunks for training.

Inference windows overlap; each window owns a *core* and the cores partition the document,
so an entity is kept only from the window whose core holds its start. Nothing is dropped
(an entity up to ``overlap // 2`` characters long lies inside its owner window) and nothing
is counted twice.
"""
from __future__ import annotations

from dataclasses import dataclass

_CUT_AFTER = "。；;！!？?\n，,、 "


@dataclass(frozen=True)
class Window:
    start: int
    end: int
    core_start: int
    core_end: int


def make_windows(length: int, size: int, overlap: int) -> list[Window]:
    """Windows of ``size`` characters, ``overlap`` shared between neighbours; one window when the text fits."""
    if length <= size:
        return [Window(0, length, 0, length)]
    if not 0 <= overlap < size:
        raise ValueError("overlap must be in [0, size)")
    stride = size - overlap
    starts = list(range(0, length - size, stride)) + [length - size]
    out = []
    for k, ws in enumerate(starts):
        core_start = 0 if k == 0 else (ws + starts[k - 1] + size) // 2
        core_end = length if k == len(starts) - 1 else (starts[k + 1] + ws + size) // 2
        out.append(Window(ws, ws + size, core_start, core_end))
    return out


def merge_window_spans(per_window: list[tuple[Window, list[tuple]]]) -> list[tuple]:
    """Shift window-local spans ``(start, end, ...)`` to document offsets and keep those owned by their window."""
    merged = []
    for win, spans in per_window:
        for s in spans:
            start = s[0] + win.start
            if win.core_start <= start < win.core_end:
                merged.append((start, s[1] + win.start, *s[2:]))
    return sorted(set(merged))


def chunk_points(text: str, spans: list[tuple[int, int, str]], max_len: int) -> list[tuple[int, int]]:
    """Cut a training text into pieces of at most ``max_len`` without cutting an entity, preferring punctuation."""
    inside = [False] * (len(text) + 1)
    for start, end, _ in spans:
        for i in range(start + 1, end):
            inside[i] = True
    pieces, pos = [], 0
    while len(text) - pos > max_len:
        limit = pos + max_len
        cut = next((i for i in range(limit, pos + max_len // 2, -1) if text[i - 1] in _CUT_AFTER and not inside[i]), None)
        if cut is None:
            cut = next((i for i in range(limit, pos, -1) if not inside[i]), limit)
        pieces.append((pos, cut))
        pos = cut
    pieces.append((pos, len(text)))
    return [(a, b) for a, b in pieces if b > a]
