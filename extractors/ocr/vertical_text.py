"""Text printed vertically beside a table (a sidebar ``仅对本次标本负责`` down the margin, a stamp's edge text).

The recogniser returns such a column of characters as one line far taller than it is wide. Left in, its tall box
reaches over many rows: it counts as a line of its own in the name column, splits the rows it spans or ends the
table. No table cell is printed that way, so these lines are dropped before rows are built.

One-character cells printed one under the other (钾 / 钠 / 氯 in a name column) come back the same way, as one tall
line ``钠氯钙``: when the other cells of the rows it spans stand at as many row levels as it has characters, it is
cut into one cell per character, each at its row's level (``split_stacked``), before the vertical text is dropped.
"""
from __future__ import annotations

from oncostruct.extractors.ocr.cells import has_cjk
from oncostruct.extractors.ocr.table import median_height
from oncostruct.extractors.ocr.tokens import Token

TALL = 3.0  # height over the page's median text height, at least
NARROW = 1.5  # height over width, at least


def _vertical(t: Token, h: float, tall: float = TALL) -> bool:
    return len(t.text.strip()) >= 2 and t.h >= tall * h and t.h >= NARROW * max(t.x1 - t.x0, 1.0)


def vertical_tokens(tokens: list[Token]) -> set[int]:
    """ids of tokens read from vertical text: two characters or more, ``TALL`` text heights high and narrow."""
    if not tokens:
        return set()
    h = median_height(tokens)
    return {id(t) for t in tokens if _vertical(t, h)}


def _levels(ys: list[float], h: float) -> list[float]:
    """Row levels of sorted centres: runs closer than half a text height, each its mean."""
    runs: list[list[float]] = []
    for y in ys:
        if runs and y - runs[-1][-1] < 0.5 * h:
            runs[-1].append(y)
        else:
            runs.append([y])
    return [sum(r) / len(r) for r in runs]


def split_stacked(tokens: list[Token]) -> list[Token]:
    """Tall lines of one-character cells stacked in a column, each cut into its cells at the row levels of the cells
    right of it (as many levels within its height as it has characters); other tokens unchanged."""
    if not tokens:
        return tokens
    h = median_height(tokens)
    out: list[Token] = []
    for t in tokens:
        chars = t.text.replace(" ", "")
        if not (_vertical(t, h, 1.5) and all(has_cjk(c) for c in chars)):
            out.append(t)
            continue
        right = sorted(o.yc for o in tokens if o.x0 >= t.x1 and t.y0 + 0.3 * h <= o.yc <= t.y1 - 0.3 * h
                       and not _vertical(o, h, 1.5))
        levels = _levels(right, h)
        if len(levels) != len(chars):
            out.append(t)
            continue
        out.extend(Token(c, t.x0, y - h / 2, t.x1, y + h / 2, t.score, t.line, t.page) for c, y in zip(chars, levels))
    return out
