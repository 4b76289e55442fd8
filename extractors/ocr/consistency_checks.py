"""Self-checks of a lab row against its own item: the misreads where every cell is read confidently but belongs to
another row, or carries a token that is no part of the result.

- The printed reference range far from the item's typical adult interval (``lab_items`` ``attributes.reference``):
  disjoint from it, or its mid-point more than ``factor`` times off. A row that took its neighbour's value, unit and
  reference (a table shifted by a sub-heading or a curled photo) shows it here even when the units agree (U/L beside
  U/L). Compared only in the item's usual unit, or with no unit printed when the item has only one valid unit.
- The item's name and its printed abbreviation naming two different items (丙氨酸氨基转移酶 beside AST): the name
  column and the rest of the row are paired one line apart.
- A value whose shape is no result shape: several tokens, none of which reads as a number, a sign or a qualitative
  result on its own terms (``1+ 1``, ``阳性 1``: a stray token from the next cell joined to the result).
- A qualitative word printed with the number (``0.03 阴性``) that contradicts the number against its reference range
  (阳性 on a value inside the range, 阴性 on one outside).
"""
from __future__ import annotations

import re
from typing import Any

from oncostruct.extractors.ocr.cells import clean, header_entry, item_entry, labels
from oncostruct.extractors.ocr.lab_rows import LabRow, decimal_point, range_side, split_value_word

_POINTED = re.compile(r"\d\.\d")
_RESULT_SHAPES = {"value", "qualitative", "value_flag", "value_unit", "reference"}


def _bounds(row: LabRow) -> tuple[float, float] | None:
    """(low, high) of the printed reference; ``<5.0`` reads as 0–5.0; None without an upper bound or inverted."""
    lo, hi = row.reference_low, row.reference_high
    if hi is None:
        return None
    if lo is None:
        lo = 0.0 if hi > 0 else None
    return None if lo is None or lo > hi else (lo, hi)


def comparable_unit(row: LabRow, attrs: dict[str, Any]) -> bool:
    """The row's unit is the item's usual one, or none is printed and the item has a single valid unit."""
    if row.unit:
        return row.unit == attrs.get("unit")
    return len(attrs.get("units") or []) <= 1


def reference_mismatch(row: LabRow, attrs: dict[str, Any], name: str, factor: float) -> str | None:
    """Why the printed reference range cannot be the item's own (disjoint from, or far off, its typical interval)."""
    typical = attrs.get("reference")
    printed = _bounds(row)
    if not typical or printed is None or not comparable_unit(row, attrs):
        return None
    (lo, hi), (tlo, thi) = printed, typical
    if hi < tlo or lo > thi:
        return f"printed reference {row.reference} does not overlap the typical interval {tlo}–{thi} of {name} " \
               "(a neighbour's row?)"
    mid, tmid = (lo + hi) / 2, (tlo + thi) / 2
    if row.reference_low is None:  # a one-sided limit (<1.00) is often set loosely: only disjointness counts
        return None
    if mid > 0 and tmid > 0 and max(mid, tmid) / min(mid, tmid) > factor:
        return f"printed reference {row.reference} lies {max(mid, tmid) / min(mid, tmid):.1f}× off the typical " \
               f"interval {tlo}–{thi} of {name} (a neighbour's row?)"
    return None


def item_mismatch(row: LabRow, report_type: str | None = None) -> str | None:
    """Why the name and the abbreviation of the row cannot be the same item (both known, different items)."""
    if not row.abbr:
        return None
    names, abbrs = _readings(row.item, report_type), _readings(row.abbr, report_type)
    if not names or not abbrs or names & abbrs or _shared_name(row.item, row.abbr, report_type):
        return None
    return f"name {row.item} ({'/'.join(sorted(names))}) and abbreviation {row.abbr} ({'/'.join(sorted(abbrs))}) " \
           "name different items (name and cells paired a line apart?)"


def _shared_name(name: str, abbr: str, report_type: str | None) -> bool:
    """The abbreviation's item is printed under this name too (白细胞 LEU: the dipstick's leukocyte esterase)."""
    key = re.sub(r"\s+", "", clean(name))
    return any(key in (e.attributes.get("shared_names") or [])
               for e in (item_entry(abbr, report_type), item_entry(abbr)) if e is not None)


def _readings(text: str, report_type: str | None) -> set[str]:
    """The items a name can be: on the sheet's own type (尿 白细胞 = U-WBC) and without it (WBC)."""
    return {e.canonical for e in (item_entry(text, report_type), item_entry(text)) if e is not None}


def value_shape(row: LabRow) -> str | None:
    """Why the value is no result shape: several tokens that together read as no number, sign or word; or a decimal
    comma beside a reference printed with decimal points (``37,35`` by ``<35.00``: a point OCR read as a comma)."""
    text = clean(row.value or "").strip()
    if decimal_point(text) != text and _POINTED.search(row.reference or "") and decimal_point(row.reference or "") == (row.reference or ""):
        return f"value {row.value!r} of {row.item} has a decimal comma while its reference {row.reference!r} prints points"
    if len(text.split()) < 2 or split_value_word(text)[1] is not None:
        return None
    if labels(text) & _RESULT_SHAPES:
        return None
    return f"value {row.value!r} of {row.item} is no result shape (a stray token joined to the result?)"


def word_contradiction(row: LabRow) -> str | None:
    """Why the printed word (阳性 / 阴性) beside the number contradicts the number and its reference range."""
    if not row.value_word:
        return None
    entry = header_entry(row.value_word)
    polarity = entry.canonical if entry is not None and entry.category == "qualitative" else None
    side = range_side(row)
    if polarity not in ("positive", "negative") or side is None:
        return None
    outside = side != ""
    if (polarity == "positive") == outside:
        return None
    where = "inside" if not outside else "outside"
    return f"printed {row.value_word} beside {row.value_num:g}, which lies {where} the reference {row.reference}"
