"""Value cells put right from what their own sheet shows: two misreads OCR makes with confidence in a result cell.

- **A decimal comma on a sheet of points** (``0,99`` among ``6.52``, ``41.2``): a sheet prints one decimal
  separator; a comma where most values print a point is the point misread (a speck, low resolution). The text is
  given the point (the number was already read as 0.99).
- **A flag arrow read as the value's last glyph** (``8.121`` or ``8.12t`` for ``8.12↑``, ``5171`` for ``517↑``; the
  glyphs are the ``arrow_glyphs`` list, ``arrow_reads``). One mechanism decides, in this order:

  1. where the page image is at hand, its pixels (``flag_look.glued_look``, passed in as ``look``): the last blob
     of the value's box read as an arrow splits it off (or, one blob more than the characters read, only gives the
     flag), read as another glyph keeps the value;
  2. where the pixels do not tell (no image, blobs run together, no clear reading), the text: a glyph that is no
     digit (``t``, ``l``, ``个``) is the arrow when the value without it lies out of its range on the glyph's side; a
     glyph that is also a digit (``1``, ``7``) only on a sheet whose arrows are read in the value's own OCR box
     (printed right after the value, not in a column of their own), for an out-of-range value printed without an
     arrow that, without it, lies out of the range on the same side. The arrow a sheet prints after an
     out-of-range value is the one mark the LIS never leaves out; a value truly ending in 1 beside it would carry
     its own arrow. The row goes to review (``lab.value_repaired``), the value as read is kept in ``value_raw``.

Runs once per sheet after the rows are parsed and before the checks and the second look.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from oncostruct.extractors.ocr.arrow_reads import glued_tail
from oncostruct.extractors.ocr.lab_rows import LabRow, range_side, set_value

_COMMA_DECIMAL = re.compile(r"(?P<sign>[<>≤≥]?)(?P<int>\d+),(?P<frac>\d{1,2})")
_POINT_DECIMAL = re.compile(r"[<>≤≥]?\d+\.\d+")
_POINTS = 3  # a sheet prints points when this many values print one, this many times as many as print commas
_GLUED = 1.0  # an arrow in the value's OCR box, at most this many text heights right of it, is printed with the value


def _printed_arrow(row: LabRow) -> bool:
    return not row.flag_computed and bool(row.flag) and ("↑" in row.flag or "↓" in row.flag)


def _glued_arrow(row: LabRow) -> bool:
    """The row's printed arrow was read in its value's OCR box (``5.57↑``, ``5.57 ↑``), not in a column of its own."""
    value, flag = row.cells.get("value") or [], row.cells.get("flag") or []
    if not value or not flag:
        return False
    v, f = value[-1], flag[0]
    return v.line == f.line and f.x0 - v.x1 <= _GLUED * max(1.0, v.y1 - v.y0)


def arrows_glued(rows: list[LabRow]) -> bool:
    """The sheet prints its arrows glued to the value: most rows with a printed arrow have it in the value's box."""
    flagged = [r for r in rows if _printed_arrow(r)]
    return bool(flagged) and 2 * sum(_glued_arrow(r) for r in flagged) > len(flagged)


def arrow_as_glyph(row: LabRow, glued: bool) -> str | None:
    """The value without a last glyph that stands for the arrow of an out-of-range value (the text rule of the
    module docstring; ``glued``: the sheet prints its arrows in the value's box), else None."""
    if row.flag is not None and not row.flag_computed:
        return None  # a flag was printed and read: the glyph is part of the value
    tail = glued_tail(row.value)
    if tail is None or tail.digit and not glued:
        return None
    probe = LabRow(item=row.item, reference=row.reference, reference_low=row.reference_low,
                   reference_high=row.reference_high)
    set_value(probe, tail.value)
    side = range_side(probe)
    if not side or tail.direction not in ("", side) or tail.digit and range_side(row) != side:
        return None
    return tail.value


def points_sheet(rows: list[LabRow]) -> bool:
    """The sheet prints decimal points: at least ``_POINTS`` values with a point, and ``_POINTS`` times as many as
    values with a decimal comma (a European print-out has commas throughout)."""
    values = [(r.value or "").strip() for r in rows]
    points = sum(1 for v in values if _POINT_DECIMAL.fullmatch(v))
    commas = sum(1 for v in values if _COMMA_DECIMAL.fullmatch(v))
    return points >= _POINTS and points >= _POINTS * commas


def comma_as_point(row: LabRow) -> str | None:
    """The value with its decimal comma as a point (``0,99`` → 0.99), else None."""
    m = _COMMA_DECIMAL.fullmatch((row.value or "").strip())
    return f"{m['sign']}{m['int']}.{m['frac']}" if m else None


def repair_values(rows: list[LabRow], look: Callable[[LabRow], str | None] | None = None) -> int:
    """Put right the rows' decimal commas and arrows read as a glyph of the value (see the module docstring; ``look``:
    the page's pixel look at a value's last glyph, None without a page image); returns how many."""
    points, glued = points_sheet(rows), arrows_glued(rows)
    n = 0
    for row in rows:
        if points and (fixed := comma_as_point(row)) is not None:
            row.value_raw, row.value = row.value, fixed  # same number: the text only, no review
            n += 1
            continue
        seen = look(row) if look is not None and glued_tail(row.value) is not None else None
        if seen in ("split", "set"):
            n += 1
        elif seen is None and (fixed := arrow_as_glyph(row, glued)) is not None:
            row.value_raw = row.value
            set_value(row, fixed)
            row.flag, row.flag_computed, row.value_repaired = range_side(row), False, True
            n += 1
    return n
