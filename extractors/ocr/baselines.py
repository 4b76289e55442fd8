"""Text lines along tilted or curved baselines: tokens chained to their left neighbour, not cut at one global y.

A token joins the line whose last token lies to its left at the height that line's local slope predicts (within
half a text height); a small cost for the horizontal gap prefers the nearest such line. On a curled page a
header or row spanning three column groups bends by more than half a text height from one end to the other,
and one global y cut splits it; chained, it stays one line. Each line's tokens are sorted by x.
"""
from __future__ import annotations

from oncostruct.extractors.ocr.tokens import Token

MAX_SLOPE = 0.1  # |dy/dx| a baseline may bend locally (about 6°; larger page angles are undone before)
MIN_RUN = 4.0  # the local slope is measured over at least this many text heights of x


def _slope(line: list[Token], h: float) -> float:
    """The line's slope at its right end, from the last token and the nearest one at least MIN_RUN·h to its left."""
    last = line[-1]
    for a in reversed(line[:-1]):
        dx = last.xc - a.xc
        if dx >= MIN_RUN * h:
            return max(-MAX_SLOPE, min(MAX_SLOPE, (last.yc - a.yc) / dx))
    return 0.0


def chain_lines(tokens: list[Token], h: float, tol: float = 0.5, gap_cost: float = 0.02) -> list[list[Token]]:
    """Tokens grouped into baselines by chaining left to right; lines returned top to bottom by their mean y."""
    lines: list[list[Token]] = []
    for t in sorted(tokens, key=lambda t: (t.x0, t.yc)):
        best, best_cost = None, float("inf")
        for line in lines:
            last = line[-1]
            if t.x0 < last.xc:  # starts left of the last token's centre: on another line
                continue
            predicted = last.yc + _slope(line, h) * (t.xc - last.xc)
            dy = abs(predicted - t.yc) / h
            if dy > tol:
                continue
            cost = dy + gap_cost * max(0.0, t.x0 - last.x1) / h
            if cost < best_cost:
                best, best_cost = line, cost
        if best is None:
            lines.append([t])
        else:
            best.append(t)
    return sorted(lines, key=lambda ln: sum(t.yc for t in ln) / len(ln))
