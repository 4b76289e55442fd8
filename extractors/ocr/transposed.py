"""Transposed tables: the items run across the page as columns and the fields down the left as row labels.

A band opens with a line labelled 项目 (the item names in its cells) and goes on with lines labelled with the other
field headers (结果 / 提示 / 单位 / 参考值), one field per line; a page may stack several bands. A line in small
type under the names (English abbreviations) is passed over. Each item's cells are the tokens of the field lines
under its name: every token goes to the name whose centre is nearest. One record per item is read with
``lab_rows.parse_row``, the field of each token taken from its line's label.
"""
from __future__ import annotations

from oncostruct.extractors.ocr.cells import clean, header_entry
from oncostruct.extractors.ocr.lab_rows import LabRow, add_record
from oncostruct.extractors.ocr.table import Row, median_height, y_clusters
from oncostruct.extractors.ocr.tokens import Token

_FIELDS = ("value", "flag", "unit", "reference")
_ROLES = ["item", *_FIELDS]


def _label(line: list[Token]) -> str | None:
    """The field a line is labelled with (its leftmost token a column header), or None."""
    e = header_entry(clean(line[0].text).replace(" ", ""))
    return e.canonical if e is not None and e.category == "column" and e.canonical in _ROLES else None


def _band(lines: list[list[Token]], start: int) -> tuple[dict[str, list[Token]], int]:
    """The field lines of the band whose item line is ``lines[start]`` (field → cells) and the index after it."""
    fields: dict[str, list[Token]] = {}
    j = start + 1
    if j < len(lines) and _label(lines[j]) is None:
        j += 1  # abbreviations in small type under the names
    while j < len(lines):
        role = _label(lines[j])
        if role is None or role == "item" or role in fields:
            break
        fields[role] = lines[j][1:]
        j += 1
    return fields, j


def transposed_rows(tokens: list[Token]) -> list[LabRow]:
    """The records of every transposed band on the page (empty when there is none)."""
    if not tokens:
        return []
    lines = [sorted(ln, key=lambda t: t.x0) for ln in y_clusters(tokens, 0.5 * median_height(tokens))]
    out: list[LabRow] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _label(line) != "item" or len(line) < 2:
            i += 1
            continue
        fields, end = _band(lines, i)
        if "value" not in fields:
            i += 1
            continue
        names = line[1:]
        centres = [(t.x0 + t.x1) / 2 for t in names]
        cells: list[list[tuple[Token, int]]] = [[(t, 0)] for t in names]
        for role, toks in fields.items():
            for t in toks:
                k = min(range(len(names)), key=lambda n: abs(centres[n] - (t.x0 + t.x1) / 2))
                cells[k].append((t, _ROLES.index(role)))
        for k, cell in enumerate(cells):
            add_record(out, Row(0, 0, cell, names[k].yc, 1), _ROLES)  # the name reads first
        i = end
    return out
