"""Tables printed beside the results that hold no lab result: an antibiotic susceptibility table (抗菌药物 | MIC |
敏感性) under a urine culture, a drug list. Their rows (a drug, an MIC such as ``≤0.5``, an ``S`` / ``R``) look
like results to every reading, so the table parse ran on through them.

A header line of such a table is a line of two or more cells (OCR lines), one holding a word of ``lab_sheet_words``
category ``foreign_column``, none holding a digit, a title word (…药敏检验报告单) or reading as a sentence (more
than ``_CELL`` characters). Its tokens and the tokens under it, within the header's width (a few text heights either
side), are dropped before parsing, down to the next line that holds a lab column title (结果, 参考范围:
``lab_headers`` category ``column``) or a catalogue item (a result table printed below it).
"""
from __future__ import annotations

import re

from oncostruct.extractors.ocr.cells import clean, header_entry, item_entry
from oncostruct.extractors.ocr.sheet_words import holds
from oncostruct.extractors.ocr.table import median_height
from oncostruct.extractors.ocr.tokens import Token

_SIDE = 3.0  # text heights the table's cells may stand left or right of its header (right-aligned MICs)
_CELL = 16  # characters of a column title (one OCR line) at most: a note sentence holding 敏感性 is none
_LINE = 0.6  # text heights two tokens' centres may differ and stand on one line


def _line_of(t: Token, tokens: list[Token], h: float) -> list[Token]:
    return [o for o in tokens if abs(o.yc - t.yc) < _LINE * h]


def _lab_line(line: list[Token]) -> bool:
    """A line of a result table: a lab column title (other than a foreign one: 结果解释 heads flags too) or a
    catalogue item."""
    return any(item_entry(clean(o.text)) is not None or
               getattr(header_entry(o.text), "category", None) == "column" and not holds(o.text, "foreign_column")
               for o in line)


def foreign_tokens(tokens: list[Token]) -> set[int]:
    """Ids of the tokens of tables that hold no lab results (header line and the cells under it)."""
    h = median_height(tokens)
    out: set[int] = set()
    for t in tokens:
        if id(t) in out or not holds(t.text, "foreign_column"):
            continue
        head = _line_of(t, tokens, h)
        cells = [clean("".join(o.text for o in head if o.line == k)) for k in dict.fromkeys(o.line for o in head)]
        if len(cells) < 2 or any(re.search(r"\d", c) or len(c) > _CELL or holds(c, "title") for c in cells) \
                or _lab_line(head):
            continue
        x0, x1 = min(o.x0 for o in head) - _SIDE * h, max(o.x1 for o in head) + _SIDE * h
        y = max(o.yc for o in head)
        below = sorted((o for o in tokens if o.yc > y + _LINE * h and o.x1 > x0 and o.x0 < x1), key=lambda o: o.yc)
        out.update(id(o) for o in head)
        for o in below:
            if _lab_line(_line_of(o, below, h)):
                break
            out.add(id(o))
    return out
