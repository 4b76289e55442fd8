"""Units checked against the units valid for the item (``lab_items`` catalogue), after the rows of a page are read.

Only ever a unit whose letters were printed in the cell or its column header, or, for an empty cell, one marked as
inferred:

- :func:`header_units`: a unit printed in the result or reference column's header (``结果(mmol/L)``) is the unit of
  every row under it that prints none of its own; :func:`name_units`: one printed in brackets after the item name
  (``葡萄糖(mmol/L)``) leaves the name and is the row's unit.

- :func:`repair_row`: a unit not valid for the item becomes the one valid unit the cell reads as within a small
  edit (plain or upside down; ``E/L`` → g/L for MCHC, ``102/L`` → 10^12/L for RBC, ``7/n`` → U/L), the row
  marked ``unit_repaired``; no such unit (or two equally near) leaves the cell as read, and the self-check
  ``lab.invalid_unit`` sends the row to review. A cell of several words that are each a unit (``mmol/L`` beside
  ``mg/L``: a neighbour's unit read into it) takes the one valid for the item.
- :func:`fill_units`: an empty unit cell in a table that prints units on most of its numeric rows, for an item
  with exactly one valid unit at the scale of its printed range, takes that unit, marked ``unit_inferred`` (the
  unit field is flagged as inferred, never as read).
"""
from __future__ import annotations

import re

from oncostruct.extractors.ocr.cells import canonical_unit, clean, item_entry
from oncostruct.extractors.ocr.lab_rows import LabRow, set_value
from oncostruct.extractors.ocr.unit_reading import known_units, nearest, read_unit, valid_units

MIN_UNIT_SHARE = 0.5  # a table prints units when this share of its numeric rows has one
_RANGE = re.compile(r"^(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)$")


def _by_scale(attrs: dict, reference: str | None, units: list[str]) -> list[str]:
    """The valid units a printed range fits: the per-decilitre unit (g/dL for g/L) when the range sits at a tenth of
    the item's typical one (血紅素 13.5-17.5), the per-litre one when it sits at the typical one; all without a
    range or a typical range."""
    usual, typical = attrs.get("unit"), attrs.get("reference")
    m = _RANGE.match(clean(reference or ""))
    if not usual or not typical or m is None or not usual.endswith("/L"):
        return units
    per_dl = usual[:-2] + "/dL"
    ratio = (float(m.group(1)) + float(m.group(2))) / max(typical[0] + typical[1], 1e-9)
    if per_dl in units and 0.04 <= ratio <= 0.25:
        return [per_dl]
    if 0.4 <= ratio <= 2.5:
        return [u for u in units if not u.endswith("/dL")]
    return units


def _entry(row: LabRow, report_type: str | None):
    return item_entry(row.item, report_type) or (item_entry(row.abbr) if row.abbr else None)


def repair_row(row: LabRow, report_type: str | None = None) -> None:
    """A unit not valid for the row's item becomes the one valid unit the cell reads as within a few edits."""
    if row.unit_raw is None or (entry := _entry(row, report_type)) is None:
        return
    units = valid_units(entry.attributes)
    if not units or row.unit in {canonical_unit(u) for u in units}:
        return
    if _i_read_as_one(row, {canonical_unit(u) for u in units}) or _one_of_several(row, {canonical_unit(u) for u in units}):
        return
    found = nearest(row.unit_raw, _by_scale(entry.attributes, row.reference, units), prefer=entry.attributes.get("unit"))
    if found is not None:
        row.unit, row.unit_repaired = canonical_unit(found), True


def _i_read_as_one(row: LabRow, valid: set[str]) -> bool:
    """``88.421U/mL`` for 88.42 IU/mL: the I of a unit glued to its value read as a 1. When the unit is not valid for
    the item and I + unit is, the trailing 1 moves back into the unit; the value is marked repaired (to review)."""
    value, unit = row.value or "", row.unit_raw or ""
    cells_v, cells_u = row.cells.get("value") or [], row.cells.get("unit") or []
    if not (value.endswith("1") and len(value) > 1 and value[-2] != "." and unit.startswith("U/") and cells_v and cells_u):
        return False
    v, u = cells_v[-1], cells_u[0]
    if v.line != u.line or abs(u.x0 - v.x1) > 1 or canonical_unit("I" + unit) not in valid:
        return False  # printed apart, or IU is no unit of the item
    set_value(row, value[:-1])
    row.value_repaired = True
    row.unit_raw, row.unit, row.unit_repaired = "I" + unit, canonical_unit("I" + unit), True
    return True


def _one_of_several(row: LabRow, valid: set[str]) -> bool:
    """``mmol/Lmg/L``: the unit cell holds several words that are each a unit by themselves (a neighbouring column's
    or row's unit read into it); the one valid for the item is the row's unit."""
    words = [read_unit(clean(t.text)) for t in row.cells.get("unit") or []]
    units = {u for u in words if u is not None and u in known_units()}
    if len(words) < 2 or len(units) != len(set(words)):
        return False
    mine = units & valid
    if len(mine) != 1:
        return False
    row.unit, row.unit_repaired = mine.pop(), True
    return True


def _numeric(row: LabRow) -> bool:
    return row.value_num is not None


def fill_units(rows: list[LabRow], report_type: str | None = None) -> None:
    """Empty unit cells of tables that print units on most numeric rows take the item's one valid unit."""
    tables: dict[tuple[int, int], list[LabRow]] = {}
    for r in rows:
        tables.setdefault((r.table, r.block), []).append(r)
    for members in tables.values():
        numeric = [r for r in members if _numeric(r)]
        if not numeric or sum(r.unit is not None for r in numeric) < MIN_UNIT_SHARE * len(numeric):
            continue
        for r in numeric:
            if r.unit is not None or r.unit_raw is not None or (entry := _entry(r, report_type)) is None:
                continue
            units = _by_scale(entry.attributes, r.reference, valid_units(entry.attributes))
            if len(units) == 1:
                r.unit, r.unit_inferred = canonical_unit(units[0]), True


# the name may end in a digit or a bracket of its own (载脂蛋白A1(g/L), 脂蛋白(a)(mg/L), CA125(U/mL))
_NAME_UNIT = re.compile(r"^(?P<name>.*[\u3400-\u9fffA-Za-z0-9)）])\s*[(\[【](?P<unit>[^()\[\]【】]+)[)\]】]$")


def _bracket_unit(r: LabRow, printed: str) -> str | None:
    """The unit a bracket after the name prints: a unit with a slash, or ``%`` on a row without a unit cell of its
    own (a CBC's 中性粒细胞(%) beside its own ``%`` column keeps the name that tells it from the count)."""
    unit = read_unit(printed)
    if unit not in known_units():
        return None
    if "/" in printed or (unit == "%" and r.unit is None and r.unit_raw is None):
        return unit
    return None


def name_units(rows: list[LabRow]) -> None:
    """A unit printed in brackets after the item name (``葡萄糖(mmol/L)``, ``血红蛋白[g/L]``, ``糖化血红蛋白(%)``)
    leaves the name and is the unit of a row that prints none of its own."""
    for r in rows:
        m = _NAME_UNIT.match(clean(r.item))
        if m is None or (unit := _bracket_unit(r, m.group("unit"))) is None:
            continue
        r.item = m.group("name").strip()
        if r.unit is None and r.unit_raw is None:
            r.unit_raw, r.unit = m.group("unit"), unit


def header_units(rows: list[LabRow], tables: list) -> None:
    """Rows without a unit cell under a result or reference header that prints the unit (结果(mmol/L)) take it."""
    for r in rows:
        if r.unit is not None or r.unit_raw is not None or not 0 <= r.table < len(tables):
            continue
        blocks = tables[r.table].blocks
        cols = blocks[r.block].columns if 0 <= r.block < len(blocks) else []
        printed = next((c.unit for c in cols if c.unit and c.role in ("value", "reference")), None)
        if printed is not None:
            r.unit_raw, r.unit = printed, read_unit(printed)


def read_units(rows: list[LabRow], report_type: str | None = None, tables: list | None = None) -> None:
    """Units printed in a column header, then repair of units not valid for their items, then empty unit cells
    filled (see the module docstring)."""
    header_units(rows, tables or [])
    name_units(rows)
    for r in rows:
        repair_row(r, report_type)
    fill_units(rows, report_type)
