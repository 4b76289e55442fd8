"""Glyphs the recogniser reads a printed flag arrow as (the ``arrow_glyphs`` lexicon): one list for every reader.

``0.27↑`` comes back as ``0.271`` or ``0.27t``, a lone ``↑`` in a flag cell as ``个``. :func:`glued_tail` splits a
value cell's last glyph off when it is one of those glyphs; :func:`flag_cell_arrow` gives the arrow a lone glyph
in a flag cell stands for.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from oncostruct.extractors.rules.loader import load_lexicon


@dataclass(frozen=True)
class GluedTail:
    """A value cell read as a number followed by a glyph an arrow is read as."""

    value: str  # the number without the glyph (its comparison sign kept)
    glyph: str
    direction: str  # the arrow the glyph stands for; "" when it may be either
    digit: bool  # the glyph is also a digit (it may be the value's own last digit)


@lru_cache(maxsize=1)
def _entries() -> dict[str, dict]:
    return {e.canonical: e.attributes for e in load_lexicon("arrow_glyphs").entries}


@lru_cache(maxsize=1)
def _glued() -> re.Pattern[str]:
    glyphs = "".join(re.escape(g) for g in _entries())
    return re.compile(rf"(?P<value>(?:<|>|≤|≥)?\d+(?:\.\d+)?)(?P<glyph>[{glyphs}])")


def glued_tail(text: str | None) -> GluedTail | None:
    """The value cell split into its number and a last glyph that may be a glued arrow (``0.271`` → 0.27 + ``1``,
    ``8.12t`` → 8.12 + ``t``), else None. Spaces are ignored."""
    m = _glued().fullmatch((text or "").replace(" ", ""))
    if m is None:
        return None
    attrs = _entries()[m.group("glyph")]
    return GluedTail(m.group("value"), m.group("glyph"), attrs.get("direction") or "", bool(attrs.get("digit")))


def flag_cell_arrow(text: str) -> str | None:
    """The arrow a glyph standing alone in a flag cell is read for (``个`` / ``t`` / ``T`` → ↑), else None."""
    attrs = _entries().get(text)
    return attrs["direction"] if attrs and attrs.get("flag_cell") else None
