"""Rows whose result something covered (a sticky note, a clip, a finger over the value cell): kept, value empty.

The table parser marks a row whose value, unit and reference cells hold nothing it can read as ``empty`` and keeps
it only when a cell turns out to hold a mark; otherwise the row is dropped, so a covered result vanishes from the
record. A row still says it is a result when its name is a catalogue item and it prints, beside the name, the
item's own code (``尿素 UREA``) or a flag: such a row is kept with its value empty, and the missing-value check
(``lab.missing_value``) sends it to review. It never takes a value from a neighbour.
"""
from __future__ import annotations

from oncostruct.extractors.ocr.cells import item_entry
from oncostruct.extractors.ocr.lab_rows import LabRow


def covered(row: LabRow, report_type: str | None = None) -> bool:
    """The empty row is a result whose cells were covered: a catalogue item with its own code or a flag."""
    if not row.empty or row.value:
        return False
    entry = item_entry(row.item, report_type)
    if entry is None:
        return False
    code = item_entry(row.abbr) if row.abbr else None
    return bool(row.flag) or (code is not None and code.canonical == entry.canonical)


def keep_covered(rows: list[LabRow], report_type: str | None = None) -> list[LabRow]:
    """The rows less the empty ones, covered results kept (no longer marked empty)."""
    out = []
    for row in rows:
        if row.empty and covered(row, report_type):
            row.empty = False
        if not row.empty:
            out.append(row)
    return out
