"""Unit cells as OCR reads them → the unit printed (glyph level; the item-level steps are in ``item_units``).

- :func:`read_unit` (no item needed): the canonical spelling, else the one known lab unit the cell equals once
  OCR look-alike glyphs are folded (``pmo1/L`` → pmol/L), else the one it reads upside down (``7/n`` → U/L: the
  recogniser's direction classifier turned a short crop by 180°). Glyph data: the ``unit_glyphs`` lexicon.
- :func:`nearest`: the one candidate unit a cell reads as, plain or upside down, within a few edits (the item-level
  repair in ``item_units`` gives it the item's valid units as candidates).
"""
from __future__ import annotations

from functools import lru_cache

from oncostruct.extractors.ocr.cells import canonical_unit, clean
from oncostruct.extractors.rules.loader import load_lexicon

MAX_EDITS = 2  # edits towards a valid unit, at most
PER_CHARS = 3  # one edit allowed per this many characters of the unit (at least one)


@lru_cache(maxsize=1)
def _glyphs():
    return load_lexicon("unit_glyphs")


def _same(c: str) -> str:
    e = _glyphs().lookup(c)
    return (e.attributes.get("same") or c) if e is not None else c


def fold(text: str) -> str:
    """A unit with OCR look-alikes made one glyph, lower case, without ``^ × * x`` and spaces (for comparing)."""
    t = canonical_unit(text) or ""
    return "".join(_same(c) for c in t).lower().replace("^", "").replace("×", "").replace("*", "")


def _plain(text: str) -> list[set[str]]:
    return [{c} for c in fold(text)]


def _turned(text: str) -> list[set[str]]:
    """The cell read upside down: glyphs in reverse order, each the set of glyphs it may be."""
    out = []
    for c in reversed(clean(text).replace(" ", "")):
        e = _glyphs().lookup(c)
        turned = (e.attributes.get("turned") or []) if e is not None else []
        out.append({fold(g) or g.lower() for g in turned})
    return out


def _distance(reading: list[set[str]], target: str) -> int:
    """Edit distance where a read position matches any glyph of its set."""
    prev = list(range(len(target) + 1))
    for i, options in enumerate(reading, 1):
        cur = [i]
        for j, c in enumerate(target, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (c not in options)))
        prev = cur
    return prev[-1]


def _allowed(unit: str) -> int:
    return max(1, min(MAX_EDITS, len(fold(unit)) // PER_CHARS))


def nearest(raw: str, candidates: list[str], exact: bool = False, prefer: str | None = None) -> str | None:
    """The one candidate unit the cell reads as (plain or turned) within its allowed edits (none with ``exact``);
    None when none is, or two are equally near (unless one of them is ``prefer``, the item's usual unit)."""
    readings = [_plain(raw), _turned(raw)]
    seq = _glyphs().lookup(clean(raw).replace(" ", ""))
    if not exact and seq is not None and seq.category == "sequence":
        readings.append(_plain(seq.canonical))  # 96 for %: only towards an item's own units
    scored = []
    for u in dict.fromkeys(candidates):
        d = min(_distance(r, fold(u)) for r in readings)
        if d <= (0 if exact else _allowed(u)):
            scored.append((d, u))
    scored.sort()
    tied = [u for d, u in scored if d == scored[0][0]] if scored else []
    if prefer is not None and prefer in tied:
        return prefer
    if not scored or len(scored) > 1 and scored[0][0] == scored[1][0] and fold(scored[0][1]) != fold(scored[1][1]):
        return None
    return scored[0][1]


def valid_units(attrs: dict) -> list[str]:
    """The units valid for an item (``attributes.units``, else its usual ``attributes.unit``)."""
    return list(attrs.get("units") or ([attrs["unit"]] if attrs.get("unit") else []))


@lru_cache(maxsize=1)
def known_units() -> tuple[str, ...]:
    """Every unit the lab catalogue names (valid and usual units of its items), canonically spelt."""
    out: dict[str, None] = {}
    for e in load_lexicon("lab_items").entries:
        for u in valid_units(e.attributes):
            out[canonical_unit(u) or u] = None
    return tuple(out)


def read_unit(raw: str | None) -> str | None:
    """The unit a cell prints: its canonical spelling when that is a known unit, else the one known unit it equals
    with look-alike glyphs folded or read upside down, else the canonical spelling as it stands."""
    unit = canonical_unit(raw)
    if unit is None or unit in known_units():
        return unit
    return nearest(raw, list(known_units()), exact=True) or unit
