"""Rows the kept table parse lost, taken from another reading of the page that agrees with it.

The table parse is kept over the other readings (``reading_choice``) because it has column evidence they lack; but a
row it lost (a name bent off its line, a row split or merged away) is often read whole by the line or typed reading.
When such a reading agrees with the table on the values of the items both read (``AGREE`` of them at least), each of
its rows that the table left out is added: a catalogue item no table row names (by name or code), scoring as a full
result (``MIN_SCORE``: item, value and unit or range), built from tokens no table row used. It goes in after the table
row printed above it in its column (or before the first one under it), and its confidence is lowered (``PENALTY``).
"""
from __future__ import annotations

from dataclasses import replace

from oncostruct.extractors.ocr.cells import clean, item_entry
from oncostruct.extractors.ocr.lab_rows import LabRow
from oncostruct.extractors.ocr.reading_choice import Choice, kept, row_score

AGREE = 0.9  # share of the shared items whose values the other reading reads as the table does
MIN_SCORE = 0.7  # row_score of an added row: a catalogue item with a value and a unit or range
PENALTY = 0.8  # confidence factor of an added row


def _canonical(name: str | None, report_type: str | None) -> str | None:
    entry = item_entry(name, report_type) if name else None
    return entry.canonical if entry is not None else None


def _agreement(table: list[LabRow], rows: list[LabRow]) -> float:
    values = {clean(r.item): clean(r.value or "") for r in table}
    shared = [r for r in rows if clean(r.item) in values]
    if not shared:
        return 0.0
    return sum(values[clean(r.item)] == clean(r.value or "") for r in shared) / len(shared)


def _item_box(row: LabRow) -> tuple[float, float, float] | None:
    toks = row.cells.get("item", [])
    if not toks:
        return None
    return min(t.x0 for t in toks), max(t.x1 for t in toks), sum(t.yc for t in toks) / len(toks)


def _place(rows: list[LabRow], new: LabRow) -> int:
    """Index to insert ``new`` at: after the last row above it in its name column, else before the first below."""
    box = _item_box(new)
    if box is None:
        return len(rows)
    x0, x1, y = box
    column = [(k, b) for k, r in enumerate(rows) if (b := _item_box(r)) is not None and b[0] < x1 and b[1] > x0]
    above = [k for k, b in column if b[2] < y]
    if above:
        return max(above) + 1
    return min((k for k, _ in column), default=len(rows))


def fill_lost_rows(rows: list[LabRow], choice: Choice, report_type: str | None = None) -> list[LabRow]:
    """The table's rows with the rows an agreeing other reading read and the table lost (see the module)."""
    if choice.best.name != "table" or not rows:
        return rows
    used = {id(t) for r in rows for toks in r.cells.values() for t in toks}
    named = {c for r in rows for v in (r.item, r.abbr) if (c := _canonical(v, report_type)) is not None}
    others = sorted((r for r in choice.readings if r.name != "table" and r.score > 0), key=lambda r: -r.score)
    for reading in others:
        found = kept(reading, report_type)
        if _agreement(rows, found) < AGREE:
            continue
        out = list(rows)
        for row in found:
            canon = _canonical(row.item, report_type)
            toks = [t for ts in row.cells.values() for t in ts]
            if canon is None or canon in named or row_score(row, report_type) < MIN_SCORE or not toks \
                    or any(id(t) in used for t in toks):
                continue
            k = _place(out, row)
            near = out[min(k, len(out) - 1)]
            out.insert(k, replace(row, table=near.table, block=near.block, row=near.row,
                                  confidence=round(row.confidence * PENALTY, 3)))
            named.add(canon)
        return out
    return rows
