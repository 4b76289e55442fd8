"""Card layouts (phone mini-program screenshots): one card per item, no table and no column header.

A card prints the item name (often with its abbreviation glued on) on one line, the value (with unit and flag) on
the next line in large type, and closes with a labelled reference line (``参考范围：3.5-9.5``, or with no colon: ``参考范围 3.5-9.5``). Each reference line
closes one card: the line right above it is the value line, the line above that the name line. The label is cut
off the reference, and the three lines are read as one record (``lab_rows.parse_row`` without column bands).
Some apps print the value (and flag) right of the name and the abbreviation on the line under it, and the unit
at the right end of the reference line: then the name and abbreviation lines are read first, the reference line after.
"""
from __future__ import annotations

import re
import statistics

from oncostruct.extractors.ocr.cells import clean, has_cjk, header_entry
from oncostruct.extractors.ocr.lab_rows import LabRow, add_record
from oncostruct.extractors.ocr.table import Row, median_height, y_clusters
from oncostruct.extractors.ocr.tokens import Token, sub_token

_LABELLED = re.compile(r"^(?P<label>[^:\s]{2,8})[:：]")
_REFERENCE_START = re.compile(r"^[\s:：]*[<>≤≥＜＞]?[-\d.]")
_NUMBER_START = re.compile(r"^[<>≤≥]?\d")
_VALUE_FLAG = re.compile(r"^[<>≤≥]?\d+(?:\.\d+)?(?=\D{1,2}$)")  # 1.70低: a flag word glued to the value


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


def _split_flag(t: Token) -> list[Token]:
    """A value with a flag mark glued on (``1.70低``) as two tokens; any other token as it is."""
    m = _VALUE_FLAG.match(clean(t.text))
    if m is None or t.text != clean(t.text):
        return [t]
    e = header_entry(t.text[m.end():])
    if e is None or e.category != "flag_mark":
        return [t]
    return [sub_token(t, 0, m.end()), sub_token(t, m.end(), len(t.text))]


def _name_and_value(line: list[Token]) -> bool:
    """A card's first line holding both the name and, right of it, the value: a Chinese name first, a number after."""
    return len(line) > 1 and has_cjk(line[0].text) and not _NUMBER_START.match(clean(line[0].text)) \
        and any(_NUMBER_START.match(clean(t.text).lstrip("↑↓")) for t in line[1:])


def _unlabelled(t: Token) -> Token:
    """A unit cell with its label cut off (``单位：10^9/L`` → ``10^9/L``); any other token as it is."""
    m = _LABELLED.match(t.text.strip())
    e = header_entry(m.group("label")) if m else None
    if m is None or e is None or e.category != "column" or e.canonical != "unit":
        return t
    start = t.text.index(m.group(0)[-1]) + 1
    return sub_token(t, start, len(t.text)) if start < len(t.text) else t


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
        if cut is None or i < 1 or i - 1 <= taken:
            continue
        first = line[0]
        ref = ([sub_token(first, cut, len(first.text))] if cut < len(first.text) else []) + \
            [_unlabelled(t) for t in line[1:]]
        if _name_and_value(lines[i - 1]):  # 白细胞计数WBC   5.57 ↑  over  参考值：3.5-9.5   单位：10^9/L
            toks = [p for t in [*lines[i - 1], *ref] for p in _split_flag(t)]
            row = Row(0, 0, [(t, None) for t in toks], statistics.median(t.yc for t in lines[i - 1]), len(lines[i - 1]))
            if add_record(out, row, []):
                taken = i
            continue
        if i < 2 or i - 2 <= taken:
            continue
        name, value = lines[i - 2], lines[i - 1]
        if _NUMBER_START.match(clean(value[0].text)) or len(value) > 1:
            head = name  # name line, then value line over the reference
        elif any(_NUMBER_START.match(clean(t.text)) for t in name[1:]):
            head, value = [*name, *value], name  # value right of the name, abbreviation line under it
        else:
            continue
        toks = [*head, *value, *ref] if head is name else [*head, *ref]
        toks = [p for t in toks for p in _split_flag(t)]
        row = Row(0, 0, [(t, None) for t in toks], statistics.median(t.yc for t in value), len(head))
        if add_record(out, row, []):
            taken = i
    return out
