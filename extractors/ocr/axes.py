"""Axis labels of a chart printed beside a lab table (a haematology analyser's histograms: ``0 100 200 300`` under
the RBC and PLT curves, ``fL`` beside them). They sit on the text line of a result row and, left in, join its
reference (``130-175 0 100 200 300``) or unit (``g/LfL``); they are dropped before rows are built.

An axis is three or more whole numbers on one text line, left to right, starting at 0 and rising by one step
(within 2 %), with the unit words printed among or right beside them."""
from __future__ import annotations

import re

from oncostruct.extractors.ocr.cells import clean, labels
from oncostruct.extractors.ocr.table import median_height, y_clusters
from oncostruct.extractors.ocr.tokens import Token

_TICK = re.compile(r"^(?:(?P<pre>[A-Za-z/%μ]+)\s+)?(?P<num>\d{1,5})(?:\s+(?P<post>[A-Za-z/%μ]+))?$")
MIN_TICKS = 3


def _tick(t: Token) -> int | None:
    m = _TICK.match(clean(t.text))
    if m is None or any(g and "unit" not in labels(g) for g in (m.group("pre"), m.group("post"))):
        return None
    return int(m.group("num"))


def _is_axis(values: list[int]) -> bool:
    """0, d, 2d, ... (two ticks or more; the caller asks for ``MIN_TICKS``)."""
    if len(values) < 2 or values[0] != 0 or values[1] <= 0:
        return False
    step = values[1]
    return all(abs((b - a) - step) <= 0.02 * step for a, b in zip(values, values[1:]))


def axis_tokens(tokens: list[Token]) -> set[int]:
    """ids of the tokens that are chart axis labels (ticks and the unit words among or beside them)."""
    if not tokens:
        return set()
    h = median_height(tokens)
    out: set[int] = set()
    for line in y_clusters(tokens, 0.5 * h):
        line = sorted(line, key=lambda t: t.x0)
        ticks = [(k, v) for k, t in enumerate(line) if (v := _tick(t)) is not None]
        start = 0
        while start < len(ticks):  # longest axis starting at each 0 tick
            if ticks[start][1] != 0:
                start += 1
                continue
            end = start + 1
            while end < len(ticks) and _is_axis([v for _, v in ticks[start:end + 1]]):
                end += 1
            if end - start >= MIN_TICKS:
                k0, k1 = ticks[start][0], ticks[end - 1][0]
                keep = set(range(k0, k1 + 1))
                if k1 + 1 < len(line) and line[k1 + 1].x0 - line[k1].x1 < h and "unit" in labels(line[k1 + 1].text):
                    keep.add(k1 + 1)  # 300 fL
                if all(k in keep for k in range(k0, k1 + 1)) and all(
                        _tick(line[k]) is not None or "unit" in labels(line[k].text) for k in range(k0, k1 + 1)):
                    out.update(id(line[k]) for k in keep)
            start = end
    return out
