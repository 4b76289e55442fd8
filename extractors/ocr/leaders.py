"""Dotted leader lines (``白细胞计数 ........ 6.52``) removed from OCR tokens.

A leader is a run of dots, middle dots, ellipses or underscores (any length at the end of a token that holds a
Chinese name, two or more elsewhere), or a run of three or more dashes. OCR prints it as a token of its own, glues
it to the name (``癌胚抗原..``) or to the value (``...6.52``, ``. 31.2``), or runs name and value together through
it (``白细胞计数......6.52``). Leaders are cut out and the token split at them; a lone ``-`` (no unit, empty
value) is a cell, not a leader, and stays, and so does one ellipsis closing a Chinese name (``平均红细胞…``: a name
the printer cut at the cell's edge).
"""
from __future__ import annotations

import re

from oncostruct.extractors.ocr.cells import has_cjk
from oncostruct.extractors.ocr.tokens import Token, sub_token

_DOTS = ".·…_⋯・•‧"
_RUN = re.compile(rf"[{_DOTS}]{{2,}}|[{_DOTS}]*[-‐‑–—―－]{{3,}}[{_DOTS}]*")
_ELLIPSIS = "…⋯"
_TAIL = re.compile(rf"[{_DOTS}]+$")
_HEAD_SPACED = re.compile(rf"^[{_DOTS}]+(?=[<>≤≥]?\d)")


def _truncated(part: str, at_end: bool) -> bool:
    """A name cut at the cell's edge and marked with one ellipsis (``中性粒细胞…``): the mark is printed text and
    stays with the name (a leader is a run, or a single ``.``)."""
    return (at_end and len(part) >= 3 and part[-1] in _ELLIPSIS and part[-2] not in _DOTS and not part[-2].isspace()
            and has_cjk(part))


def _spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) parts of ``text`` left once its leader runs are cut out."""
    spans, pos = [], 0
    for m in _RUN.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for a, b in spans:
        part = text[a:b]
        if (m := _TAIL.search(part)) and not _truncated(part, b == len(text)) and (
                has_cjk(part) or m.start() < len(part) - 1 or b < len(text)):
            b = a + m.start()  # a single dot ending a name (癌胚抗原.), or left by a cut leader
        if a > 0 and (m := _HEAD_SPACED.match(text[a:b])):
            a += m.end()  # a dot left at the start of the value after a cut leader
        if b > a:
            out.append((a, b))
    return out


def strip_token(tok: Token) -> list[Token]:
    """The token without its leaders: none (a token that is all leader), itself, or the parts between leaders."""
    text = tok.text
    if text and all(c in _DOTS for c in text):
        return []
    spans = _spans(text)
    if spans == [(0, len(text))]:
        return [tok]
    return [sub_token(tok, a, b) for a, b in spans]


def strip_leaders(tokens: list[Token]) -> list[Token]:
    return [part for tok in tokens for part in strip_token(tok)]
