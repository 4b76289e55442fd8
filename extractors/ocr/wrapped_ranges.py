"""A reference range wrapped onto two lines of its cell whose dash the page read lost (``7.4`` over ``12.5`` for
``7.4-`` over ``12.5``) or that was broken before its dash (``7.4`` over ``-12.5``): the two numbers are joined into
one range.

``table.join_wrapped`` joins a wrapped cell by its text (an open range over its end); without the dash the text
alone cannot tell a wrapped range from two rows' values. The rows can: here two numbers stacked in one column are
one cell only when both lie nearest the same row level of the name column and no other text of the column does,
one right under the other and closer than the rows' pitch (a name row the page read lost leaves two rows' values
nearest one level), and they read as a rising range.
"""
from __future__ import annotations

import re
import statistics

from oncostruct.extractors.ocr.cells import clean
from oncostruct.extractors.ocr.tokens import Token

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CLOSER = 0.7  # a wrapped cell's two lines stand closer than this share of the rows' pitch (two rows' cells a pitch)


def _nearest(y: float, levels: list[float]) -> int:
    return min(range(len(levels)), key=lambda i: abs(levels[i] - y))


def _rising(upper: str, lower: str) -> bool:
    return bool(_NUMBER.fullmatch(upper) and _NUMBER.fullmatch(lower)) and float(upper) < float(lower)


def _end(text: str) -> str:
    """The lower line's number, a dash printed at its start (``-12.5``: the range broken before its dash) dropped."""
    t = clean(text)
    return t[1:] if t.startswith("-") else t


def join_dashless(col: list[Token], h: float, levels: list[float]) -> list[Token]:
    """The column's tokens with each lost-dash wrapped range (module docstring) joined into one token ``low-high``;
    ``levels``: the y of each row's name line."""
    if len(levels) < 2 or len(col) < 2:
        return col
    order = sorted(col, key=lambda t: (t.yc, t.x0))
    at = [_nearest(t.yc, levels) for t in order]
    pitch = statistics.median(b - a for a, b in zip(levels, levels[1:]))
    out: list[Token] = []
    i = 0
    while i < len(order):
        up = order[i]
        if i + 1 < len(order):
            low = order[i + 1]
            alone = at.count(at[i]) == 2 and at[i + 1] == at[i]
            under = -0.5 * h <= low.y0 - up.y1 < 0.6 * h and min(up.x1, low.x1) > max(up.x0, low.x0) \
                and low.yc - up.yc < _CLOSER * pitch  # two lines of one cell, not two rows' cells
            if alone and under and _rising(clean(up.text), _end(low.text)):
                out.append(Token(f"{clean(up.text)}-{_end(low.text)}", min(up.x0, low.x0), up.y0, max(up.x1, low.x1),
                                 low.y1, min(up.score, low.score), up.line, up.page))
                i += 2
                continue
        out.append(up)
        i += 1
    return out
