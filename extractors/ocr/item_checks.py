"""Is a row's item name a real item? Names the catalogue nearly knows go to review (``lab.item_doubt``).

A name that is no catalogue item is often fine (a hospital's own wording), but two shapes mark a name that the OCR
or the row grouping broke, so the row may hold the wrong item or none:

- *glued*: a catalogue item beside two or more Chinese characters holding a title, panel, footer or patient word
  (a title or sub-heading line joined to the first name: ``…医院检验报告高密度脂蛋白胆固醇``, ``氧分压电解质值``)
  or a colon (``镜检:见少量细菌``);
- *misread*: one character after the first replaced in a catalogue item of four or more characters (``总胆固醉``,
  ``尿葡葡糖``, ``上获细胞``).

An English abbreviation in brackets after the name (``氯(CI)``) is left aside first.
"""
from __future__ import annotations

import re
from functools import lru_cache

from oncostruct.extractors.ocr.cells import _headers, _items, clean, has_cjk, item_entry
from oncostruct.extractors.ocr.lab_rows import LabRow
from oncostruct.extractors.ocr.sheet_words import holds
from oncostruct.extractors.script import to_simplified

_BRACKET_TAIL = re.compile(r"[(（][A-Za-z0-9#%/+\- ]*[)）]?$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_NOT_NAME = {"report_type", "footer", "patient"}  # lab_headers categories no item name holds


@lru_cache(maxsize=1)
def _names_by_length() -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for key in _items()._by_term:  # the lexicon's folded terms: every canonical name and synonym
        if has_cjk(key) and len(key) >= 3:
            out.setdefault(len(key), []).append(key)
    return out


def near_item(name: str) -> str | None:
    """The catalogue name of the same length (four or more characters) that ``name`` differs from in one character
    after the first, or None. A character added or dropped, or a different first character, names another item too
    often (前白蛋白 / 白蛋白, 小红细胞 / 尿红细胞); so does a one-character change of a shorter name (铁蛋白 / 尿蛋白)."""
    if len(name) < 4:
        return None
    for key in _names_by_length().get(len(name), []):
        if key[0] == name[0] and sum(a != b for a, b in zip(name, key)) == 1:
            return key
    return None


def glued_item(name: str) -> str | None:
    """A catalogue item of two or more characters inside ``name`` beside text that is no part of a name: two or more
    Chinese characters holding a title word (``lab_sheet_words``), a panel, footer or patient word (``lab_headers``),
    or a colon."""
    for m in _items().find(name):
        rest = name[: m.start] + name[m.end:]
        if m.end - m.start >= 2 and len(_CJK.findall(rest)) >= 2 and (":" in rest or holds(rest, "title") or
                                                                    any(h.entry.category in _NOT_NAME for h in _headers().find(rest))):
            return m.text
    return None


def item_doubt(row: LabRow, report_type: str | None = None) -> str | None:
    """Why the row's name looks broken (glued to other text, or a misreading of a catalogue item), or None."""
    if item_entry(row.item, report_type) is not None or (row.abbr and item_entry(row.abbr) is not None):
        return None
    name = _items()._fold(to_simplified(_BRACKET_TAIL.sub("", re.sub(r"\s+", "", clean(row.item or "")))))
    if not name or item_entry(name, report_type) is not None or not has_cjk(name):
        return None
    if (part := glued_item(name)) is not None:
        return f"item {row.item!r} holds the catalogue item {part} and other text (a title or heading joined to it?)"
    if (near := near_item(name)) is not None:
        return f"item {row.item!r} is not in the catalogue but reads close to {near} (misread?)"
    return None
