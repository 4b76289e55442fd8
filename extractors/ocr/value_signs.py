"""A comparison sign printed apart from its number (``<  0.50``, ``> 1000``, ``≤ 5``) belongs to that number.

LIS print bounds of a result or of a reference with a space, or in a cell of their own, between the sign and the
number; OCR then reads the sign as a token of its own. Left alone, the sign fell out of the row (a banded result
column) or joined the item name (``癌胚抗原 <`` on a sheet without a header), and the value became a plain number
(``1000`` instead of ``>1000``, with a computed ↑). A lone sign directly left of a number on the same line, no
farther than ``max_gap`` text heights, is glued to it before roles are given.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TypeVar

from oncostruct.extractors.ocr.cells import clean
from oncostruct.extractors.ocr.tokens import Token

P = TypeVar("P")  # lab_rows.Piece: text, token, band

_SIGN = re.compile(r"<=|>=|<|>|≤|≥|≦|≧")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:\.)?(?:[×x*]10\^?\d+)?")
_WIDE = {"≦": "≤", "≧": "≥"}


def lone_sign(text: str) -> str | None:
    """The comparison sign a token holds alone (``<``, ``＞``, ``≤``), else None."""
    t = clean(text).replace(" ", "")
    return _WIDE.get(t, t) if _SIGN.fullmatch(t) else None


def _close(sign: Token, number: Token, max_gap: float) -> bool:
    h = max(1.0, min(sign.y1 - sign.y0, number.y1 - number.y0))
    same_line = abs(sign.yc - number.yc) <= 0.5 * h
    return same_line and -0.2 * h <= number.x0 - sign.x1 <= max_gap * h


def glue_signs(pieces: list[P], max_gap: float = 1.5) -> list[P]:
    """The row's pieces (``lab_rows.Piece``) with each lone comparison sign joined to the number right of it (in that
    number's band)."""
    out: list[P] = []
    i = 0
    while i < len(pieces):
        p = pieces[i]
        sign = lone_sign(p.text)
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        if sign and nxt is not None and _NUMBER.fullmatch(clean(nxt.text).replace(" ", "")) \
                and _close(p.token, nxt.token, max_gap):
            a, b = p.token, nxt.token
            text = sign + clean(nxt.text).replace(" ", "")
            tok = Token(text, min(a.x0, b.x0), min(a.y0, b.y0), max(a.x1, b.x1), max(a.y1, b.y1),
                        min(a.score, b.score), b.line, b.page)
            out.append(replace(nxt, text=text, token=tok))
            i += 2
            continue
        out.append(p)
        i += 1
    return out
