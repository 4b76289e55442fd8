"""Words read into a unit or reference cell that belong to neither: a watermark or background print (仅供参考, 样本,
医院 seals) the page read took for the cell's text, or the next column's text run into a range (``130-175比色法``,
``3.5-9.5↑``: :func:`reference_tail`).

A lab unit is Latin letters, digits and signs, or one Chinese character of a count or a time (个/HP, 秒); a
reference is numbers and signs, a qualitative word (阴性) or a sex or age group before its part (男, 成人: the ``who``
fragment of the ``lab_cells`` pack). Two or more Chinese characters without a digit that are none of these are no
part of either cell.
"""
from __future__ import annotations

import re
from functools import lru_cache

from oncostruct.extractors.ocr.cells import clean, is_qualitative, labels
from oncostruct.extractors.ocr.unit_reading import known_units, read_unit
from oncostruct.extractors.rules.loader import load_pack

_CJK = re.compile(r"[\u3400-\u9fff]")
_DECIMAL = re.compile(r"[-+]?\d+\.\d+")
_BARS = re.compile(r"[|│┃｜]+")  # a table's rule read as a bar
_TAIL = re.compile(r"(?P<ref>.*\d\)?)\s*(?P<tail>[^\d\s()%].*)")


@lru_cache(maxsize=1)
def _group_word() -> re.Pattern[str]:
    return re.compile(load_pack("lab_cells").definition("who") + ":?")


def _words(text: str) -> bool:
    """Two or more Chinese characters, no digit."""
    return len(_CJK.findall(text)) >= 2 and not any(c.isdigit() for c in text)


def stray_in_unit(text: str) -> bool:
    """A piece of a unit cell that is no unit: Chinese words or one Chinese character (a seal's, over the cell) without
    a digit or a slash that no known unit reads as, a number printing a decimal point (``1.86`` of ``1.86mmol/L``: a
    previous result run into the unit), or a table's rule read as a bar."""
    t = clean(text).replace(" ", "")
    lone = _CJK.fullmatch(t) is not None and not labels(t) & {"unit", "flag"}  # 秒 is a unit, 个 an arrow misread
    return (_words(t) or lone) and "/" not in t and read_unit(t) not in known_units() or _DECIMAL.fullmatch(t) is not None \
        or _BARS.fullmatch(t) is not None


def group_word(text: str) -> bool:
    """A sex or age group printed before its part of a reference (男, 成人, 18-59岁, M:)."""
    return _group_word().fullmatch(clean(text).replace(" ", "")) is not None


def stray_in_reference(text: str) -> bool:
    """A piece of a reference cell beside a numeric range that is no part of it: Chinese words or one Chinese character
    (a seal's) without a digit that are no qualitative result and no sex or age group, or a table's rule read as a
    bar."""
    t = clean(text).replace(" ", "")
    return (_words(t) or _CJK.fullmatch(t) is not None) and not is_qualitative(t) and not group_word(t) or _BARS.fullmatch(t) is not None


_HEAD = re.compile(r"(?P<head>[\u3400-\u9fff])\s*(?P<ref>[-+(\[<>≤≥\d].*)")


def reference_head(text: str) -> tuple[str, str] | None:
    """(character, range) of a reference cell read with one Chinese character of a seal or watermark before its range
    (``验 0.00-4.00``); None for anything else (a sex or age group, 男 4.3-5.8, is part of its range)."""
    m = _HEAD.fullmatch(clean(text))
    if m is None or "reference" not in labels(m.group("ref")) or labels(text) & {"reference", "reference_unit"} \
            or group_word(m.group("head")):
        return None
    return m.group("head"), m.group("ref")


def reference_tail(text: str) -> tuple[str, str, str] | None:
    """(range, tail, kind) of a cell that is a reference range with the next column's text run into it: a flag mark
    (``3.5-9.5↑``, ``125-350 L``: kind ``flag``) or Chinese words of a method or note column (``130-175比色法``: kind
    ``words``); None for anything else (a range with its unit or group word stays whole)."""
    m = _TAIL.fullmatch(clean(text))
    if m is None or "reference" not in labels(m.group("ref")) or labels(text) & {"reference", "reference_unit"}:
        return None
    tail = m.group("tail").strip()
    if "flag" in labels(tail):
        return m.group("ref"), tail, "flag"
    if _words(tail) and not is_qualitative(tail) and "unit" not in labels(tail):
        return m.group("ref"), tail, "words"
    return None
