"""Cells of a table without header bands, checked against their column: an empty value cell lends no role.

Without a header, roles come from content, so a row whose value cell is empty (or illegible) takes its reference
range as the value (``血红蛋白  [ ]  g/L  130-175`` → value 130-175). A range standing where the other rows of the
block print their references, and clear of where they print their values, is the row's reference: the value is
left empty (and the row goes to review as ``lab.missing_value``) instead of holding a range it does not have. The
same holds for a qualitative reference (``阴性`` where the other dipstick rows print theirs, the row's own ``-`` lost).
"""
from __future__ import annotations

from oncostruct.extractors.ocr.cells import clean, labels
from oncostruct.extractors.ocr.lab_rows import LabRow, _numbers
from oncostruct.extractors.ocr.tokens import Token


def _span(toks: list[Token]) -> tuple[float, float]:
    return min(t.x0 for t in toks), max(t.x1 for t in toks)


def _inside(x: float, spans: list[tuple[float, float]], min_rows: int) -> bool:
    return sum(1 for a, b in spans if a <= x <= b) >= min_rows


def reference_as_value(rows: list[LabRow], headerless: set[tuple[int, int]], min_rows: int = 3) -> int:
    """Move a range or qualitative word read as the value into the empty reference of its row, in the blocks of ``headerless``
    ((table, block) pairs without header bands), when at least ``min_rows`` other rows print their reference
    where it stands and fewer print their value there. Returns how many rows changed."""
    moved = 0
    for key in headerless:
        members = [r for r in rows if (r.table, r.block) == key]
        refs = [_span(r.cells["reference"]) for r in members if r.cells.get("reference")]
        vals = [_span(r.cells["value"]) for r in members if r.cells.get("value")]
        for r in members:
            toks = r.cells.get("value") or []
            if r.reference is not None or not toks or not labels(clean(r.value or "")) & {"reference", "qualitative"}:
                continue
            xc = sum(_span(toks)) / 2
            if _inside(xc, refs, min_rows) and sum(1 for a, b in vals if a <= xc <= b) < min_rows:
                r.reference, r.value, r.value_num = r.value, None, None
                r.cells["reference"] = r.cells.pop("value")
                r.flag, r.flag_computed = (None, False) if r.flag_computed else (r.flag, r.flag_computed)
                _numbers(r)
                moved += 1
    return moved
