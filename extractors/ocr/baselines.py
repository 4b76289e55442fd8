"""Text lines along tilted or curved baselines: tokens chained to their left neighbour, not cut at one global y.

A token joins the line whose last token lies to its left at the height that line's local slope predicts (within
half a text height); a small cost for the horizontal gap prefers the nearest such line. On a curled page a
header or row spanning three column groups bends by more than half a text height from one end to the other,
and one global y cut splits it; chained, it stays one line. Each line's tokens are sorted by x.
"""
from __future__ import annotations

from oncostruct.extractors.ocr.tokens import Token

MAX_SLOPE = 0.15  # |dy/dx| a baseline may bend locally (about 8.5°; larger page angles are undone before)


def _slope(line: list[Token]) -> float:
    if len(line) < 2:
        return 0.0
    a, b = line[-2], line[-1]
    dx = b.xc - a.xc
    if dx <= 0:
        return 0.0
    return max(-MAX_SLOPE, min(MAX_SLOPE, (b.yc - a.yc) / dx))


def chain_lines(tokens: list[Token], h: float, tol: float = 0.5, gap_cost: float = 0.02) -> list[list[Token]]:
    """Tokens grouped into baselines by chaining left to right; lines returned top to bottom by their mean y."""
    lines: list[list[Token]] = []
    for t in sorted(tokens, key=lambda t: (t.x0, t.yc)):
        best, best_cost = None, float("inf")
        for line in lines:
            last = line[-1]
            if last.x1 > t.x0 + 0.5 * h:  # overlaps the token: another line
                continue
            predicted = last.yc + _slope(line) * (t.xc - last.xc)
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
