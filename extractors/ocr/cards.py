"""Card layouts (phone mini-program screenshots): one card per item, no table and no column header.

A card prints the item name (often with its abbreviation glued on) on one line, the value (with unit and flag) on
the next line in large type, and closes with a labelled reference line (``参考范围：3.5-9.5``, or with no colon: ``参考范围 3.5-9.5``). Each reference line
closes one card: the line right above it is the value line, the line above that the name line. The label is cut
off the reference, and the three lines are read as one record (``lab_rows.parse_row`` without column bands).
"""
from __future__ import annotations

import re
import statistics

from oncostruct.extractors.ocr.cells import clean, header_entry
from oncostruct.extractors.ocr.lab_rows import LabRow, parse_row
from oncostruct.extractors.ocr.table import Row, median_height, y_clusters
from oncostruct.extractors.ocr.tokens import Token, sub_token

_LABELLED = re.compile(r"^(?P<label>[^:\s]{2,8})[:：]")
_REFERENCE_START = re.compile(r"^[\s:：]*[<>≤≥＜＞]?[-\d.]")
_NUMBER_START = re.compile(r"^[<>≤≥]?\d")


def _reference_label(line: list[Token]) -> int | None:
    """Where the reference starts in the first token of a line labelled 参考范围：…, or None."""
    text = line[0].text.strip()
    m = _LABELLED.match(text)
    if m is not None:
        return m.end() if _is_reference(m.group("label")) else None
    for end in range(min(8, len(text)), 1, -1):  # 参考范围 0.27~4.20, the label printed without a colon
        rest = text[end:]
        if _is_reference(text[:end]) and (not rest.strip() and len(line) > 1 or _REFERENCE_START.match(rest)):
            return end
    return None


def _is_reference(label: str) -> bool:
    e = header_entry(label)
    return e is not None and e.category == "column" and e.canonical == "reference"


def card_rows(tokens: list[Token]) -> list[LabRow]:
    """The records of a card layout: every labelled reference line with a value line and a name line above it."""
    if not tokens:
        return []
    h = median_height(tokens)
    lines = y_clusters(tokens, 0.5 * h)
    out: list[LabRow] = []
    taken = -1
    for i, line in enumerate(lines):
        cut = _reference_label(line)
        if cut is None or i < 2 or i - 2 <= taken:
            continue
        name, value = lines[i - 2], lines[i - 1]
        if not _NUMBER_START.match(clean(value[0].text)) and len(value) < 2:
            continue
        first = line[0]
        ref = ([sub_token(first, cut, len(first.text))] if cut < len(first.text) else []) + line[1:]
        toks = [*name, *value, *ref]
        row = Row(0, 0, [(t, None) for t in toks], statistics.median(t.yc for t in value), len(name))
        res = parse_row(row, [])
        if res is None:
            continue
        res.row = len(out)
        out.append(res)
        taken = i
    return out
