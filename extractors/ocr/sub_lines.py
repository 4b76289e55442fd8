"""English sub-lines printed in smaller type under Chinese item names (``红细胞压积`` over a grey ``Hematocrit``).

Bilingual sheets print each item's English name on a line of its own right under the Chinese name, inside the same
cell. Left in, the sub-line counts as a name line of its own: the name column then holds twice as many lines as the
value column, and values go to the English lines or the two names are glued. The sub-line is neither item nor code,
so it is dropped before rows are built.

A sub-line is an OCR line without CJK characters and without digits, holding a Latin word of four lower-case letters
or two Latin words and nothing a cell holds (codes such as ``WBC``, ``CysC``, ``Lp(a)`` and units such as
``mmol/L`` are not sub-lines), that starts within a text height of
the left edge of a CJK line right above it, begins less than half a text height under it and is printed smaller.
Only a page that does this at least ``MIN_PAIRS`` times is treated as bilingual.
"""
from __future__ import annotations

import re
from collections import defaultdict

from oncostruct.extractors.ocr.cells import clean, has_cjk, labels
from oncostruct.extractors.ocr.tokens import Token

MIN_PAIRS = 2
SMALLER = 0.92  # a sub-line's height over its name line's height, at most
_WORDS = re.compile(r"[a-z]{4,}|[A-Za-z]{2,}\s+[A-Za-z]{2,}")


def _box(tokens: list[Token]) -> tuple[float, float, float, float]:
    return (min(t.x0 for t in tokens), min(t.y0 for t in tokens), max(t.x1 for t in tokens),
            max(t.y1 for t in tokens))


def _latin_words(text: str) -> bool:
    """Latin words and nothing a cell holds: no CJK, digit or ``/``, and no unit, flag or qualitative word."""
    return (not has_cjk(text) and not any(c.isdigit() for c in text) and "/" not in text
            and bool(_WORDS.search(text)) and labels(clean(text)) <= {"other", "abbr"})


def sub_line_tokens(tokens: list[Token]) -> set[int]:
    """ids of the tokens of English sub-lines under Chinese names (empty unless the page prints them often)."""
    by_line: dict[tuple[int, int], list[Token]] = defaultdict(list)
    for t in tokens:
        by_line[(t.page, t.line)].append(t)
    text = {k: " ".join(t.text for t in sorted(v, key=lambda t: t.x0)) for k, v in by_line.items()}
    boxes = {k: _box(v) for k, v in by_line.items()}
    names = [k for k in by_line if has_cjk(text[k])]
    found: list[tuple[int, int]] = []
    for k, toks in by_line.items():
        if not _latin_words(text[k]):
            continue
        x0, y0, _, y1 = boxes[k]
        for n in names:
            nx0, ny0, _, ny1 = boxes[n]
            nh = ny1 - ny0
            if (n[0] == k[0] and abs(x0 - nx0) <= nh and -0.5 * nh <= y0 - ny1 <= 0.5 * nh and ny0 < y0
                    and (y1 - y0) <= SMALLER * nh):
                found.append(k)
                break
    if len(found) < MIN_PAIRS:
        return set()
    return {id(t) for k in found for t in by_line[k]}
