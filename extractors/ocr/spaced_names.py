"""Names printed letter-spaced (``白 细 胞 计 数``: a name justified across its cell) joined into one token.

The detector returns such a name as one box per character or per few characters. Left apart, the single characters
look like pieces of a text repeated over the page (``watermark`` drops them: ``细`` of every ``…细胞…`` row), fall
into the wrong column, or leave the row with half its name. A run of Chinese-only tokens on one line, short ones
(at most ``MAX_PIECE`` characters, at least two of them a single character), each within ``MAX_GAP`` text heights
of the one before, is one name; its box is the run's hull. Nothing else is joined: a word of two or more characters
beside another (``阴性`` under a result and a reference column) stays apart.
"""
from __future__ import annotations

import re

from oncostruct.extractors.ocr.cells import clean, item_entry, labels
from oncostruct.extractors.ocr.table import median_height, y_clusters
from oncostruct.extractors.ocr.tokens import Token

MAX_GAP = 2.5  # the widest gap between two characters of one name, in text heights
MAX_PIECE = 6  # the longest piece of a spaced name the detector returns as one box
_NOT_NAME = {"qualitative", "flag", "value_flag"}
_LETTER = re.compile(r"-?[A-Z]")  # a capital spaced out of its name (补 体 C 3, 免 疫 球 蛋 白 G, -C V)


def _text(t: Token) -> str:
    return clean(t.text).replace(" ", "")


def _cjk(t: Token) -> bool:
    text = _text(t)
    return 0 < len(text) <= MAX_PIECE and all("\u3400" <= c <= "\u9fff" for c in text) and not labels(text) & _NOT_NAME


def _follows(last: Token, t: Token) -> bool:
    """``t`` may continue a run ending in ``last``: a Chinese piece after a Chinese piece or a capital, a lone
    capital after either, a digit after a capital."""
    if _cjk(t):
        return _cjk(last) or _LETTER.fullmatch(_text(last)) is not None
    if _LETTER.fullmatch(_text(t)):
        return _cjk(last) or _LETTER.fullmatch(_text(last)) is not None
    return len(_text(t)) == 1 and _text(t).isdigit() and _LETTER.fullmatch(_text(last)) is not None


def _one_name(run: list[Token]) -> bool:
    """The run is one name: two or more single Chinese characters in it, or its pieces make a catalogue item that
    its first piece is not (``甲状腺球蛋`` + ``白抗体``, ``补体`` + ``C`` + ``3``)."""
    if len(run) < 2:
        return False
    if sum(len(_text(t)) == 1 and _cjk(t) for t in run) >= 2:
        return True
    return item_entry("".join(_text(t) for t in run)) is not None and item_entry(_text(run[0])) is None


def _close(a: Token, b: Token) -> bool:
    h = max(min(a.h, b.h), 1.0)
    return -h <= b.x0 - a.x1 <= MAX_GAP * h


def _joined(run: list[Token]) -> Token:
    return Token("".join(_text(t) for t in run), min(t.x0 for t in run),
                 min(t.y0 for t in run), max(t.x1 for t in run), max(t.y1 for t in run),
                 min(t.score for t in run), run[0].line, run[0].page)


def _runs(line: list[Token]) -> list[list[Token]]:
    runs: list[list[Token]] = []
    for t in sorted(line, key=lambda t: t.x0):
        if runs and _close(runs[-1][-1], t) and _follows(runs[-1][-1], t):
            runs[-1].append(t)
        else:
            runs.append([t])
    return runs


def join_spaced(tokens: list[Token]) -> list[Token]:
    """The tokens with each letter-spaced name joined into one token (page order kept by first piece)."""
    if len(tokens) < 2:
        return tokens
    joined: dict[int, Token] = {}
    dropped: set[int] = set()
    for line in y_clusters(tokens, 0.5 * median_height(tokens)):
        for run in _runs(line):
            if _one_name(run):
                joined[id(run[0])] = _joined(run)
                dropped.update(id(t) for t in run[1:])
    if not joined:
        return tokens
    return [joined.get(id(t), t) for t in tokens if id(t) not in dropped]
