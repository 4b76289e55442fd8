"""Numbers the page read may have read upside down: short value crops of digits that look alike turned by 180°.

The recogniser's direction classifier turns a crop it takes for upside-down before reading it. A short number made
only of digits whose turned glyph is again a digit (0, 1, 8 stay; 6 and 9 swap) reads as another number when
turned: ``99`` → ``66``, ``98`` → ``86``, ``9`` → ``6``, each with a recogniser score near 1.0, so no score doubts
it. The second look reads the cell with the recogniser alone (no classifier): a sure reading that is the turned
text of the page's reading is the value (``second_look``).
"""
from __future__ import annotations

import re

_TURN = {"0": "0", "1": "1", "6": "9", "8": "8", "9": "6", ".": "."}  # glyph → the glyph it reads as turned 180°
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def turned(text: str) -> str | None:
    """The number ``text`` reads as when turned by 180°, or None when one of its glyphs is no digit turned."""
    t = (text or "").strip()
    if not _NUMBER.fullmatch(t) or any(c not in _TURN for c in t):
        return None
    return "".join(_TURN[c] for c in reversed(t))


def turn_ambiguous(text: str) -> bool:
    """The number reads as another number when turned by 180° (``98``, ``6``, ``1.8``; not ``69``, ``88``, ``5.2``)."""
    other = turned(text)
    return other is not None and _NUMBER.fullmatch(other) is not None and other != (text or "").strip()


def read_turned(first: str, second: str) -> bool:
    """``first`` (the page's reading) is ``second`` (the cell read alone) turned by 180°; a point a turned crop
    moves to the top of the line may be lost or kept."""
    other = turned(second)
    return other is not None and other != second and first.strip() in (other, other.replace(".", ""))
