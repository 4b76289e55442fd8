"""Text printed vertically beside a table (a sidebar ``仅对本次标本负责`` down the margin, a stamp's edge text).

The recogniser returns such a column of characters as one line far taller than it is wide. Left in, its tall box
reaches over many rows: it counts as a line of its own in the name column, splits the rows it spans or ends the
table. No table cell is printed that way, so these lines are dropped before rows are built.
"""
from __future__ import annotations

from oncostruct.extractors.ocr.table import median_height
from oncostruct.extractors.ocr.tokens import Token

TALL = 3.0  # height over the page's median text height, at least
NARROW = 1.5  # height over width, at least


def vertical_tokens(tokens: list[Token]) -> set[int]:
    """ids of tokens read from vertical text: two characters or more, ``TALL`` text heights high and narrow."""
    if not tokens:
        return set()
    h = median_height(tokens)
    return {id(t) for t in tokens
            if len(t.text.strip()) >= 2 and t.h >= TALL * h and t.h >= NARROW * max(t.x1 - t.x0, 1.0)}
