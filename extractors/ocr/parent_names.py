"""Sub-items printed indented under a parent name: ``中性粒细胞`` on a line of its own, then ``百分比 NEUT%`` and
``绝对值 NEUT#`` with their values on the lines below. Each sub-item's row is named by its parent and its own words
together when that makes a catalogue item; the parent line itself holds no result."""
from __future__ import annotations

from oncostruct.extractors.ocr.cells import clean, has_cjk, item_entry
from oncostruct.extractors.ocr.lab_rows import LabRow


def name_sub_items(rows: list[LabRow], report_type: str | None = None) -> int:
    """Prefix each sub-item row with the name of the empty parent row over it (same table block); returns how many
    rows were renamed. A row that is no sub-item of the parent ends it."""
    parent: LabRow | None = None
    n = 0
    for row in rows:
        if row.empty and has_cjk(row.item) and not row.flag:
            parent = row
            continue
        whole = clean(parent.item) + clean(row.item) if parent is not None else ""
        if parent is not None and (parent.table, parent.block) == (row.table, row.block) \
                and item_entry(row.item, report_type) is None and item_entry(whole, report_type) is not None:
            row.item = whole
            n += 1
            continue
        parent = None
    return n
