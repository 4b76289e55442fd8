"""Reference cells OCR read wrong in ways the printed range itself shows, put right where only one reading fits.

- :func:`lost_separator`: a range whose separator OCR did not read (``3.010.0`` for 3.0-10.0, ``130175`` for
  130-175).
- :func:`leading_mark`: a falling range that rises once a leading ``1`` is taken off (``13-8``, ``11.8-7``,
  ``10-10``): a flag arrow or bar printed against the range and read as the digit 1.

Both mark the row ``reference_repaired``; the self-check ``lab.reference_repaired`` sends it to review.

Dot-matrix and fax print thin dashes that the recogniser drops, leaving two numbers run together in the reference
cell. :func:`lost_separator` puts the dash back only where one cut gives a rising range of two well-formed numbers
(no leading zero, the same number of decimals, whole parts at most one digit apart in length); two such cuts, or
none, leave the cell as read.
"""
from __future__ import annotations

import re

_DIGITS_DOTS = re.compile(r"[\d.]{3,}")
_NUMBER = re.compile(r"(?:0|[1-9]\d*)(?:\.(\d+))?")


def _decimals(m: re.Match) -> int:
    return len(m.group(1) or "")


def lost_separator(reference: str | None) -> str | None:
    """``low-high`` for a reference cell of digits and points that only one cut reads as a rising range, else None."""
    text = (reference or "").replace(" ", "")
    if not _DIGITS_DOTS.fullmatch(text) or len(text) < 4:
        return None  # 130 is no 1-30 (a wrapped range's first line, a bare bound): reference_repair weighs it
    found = []
    for cut in range(1, len(text)):
        a, b = _NUMBER.fullmatch(text[:cut]), _NUMBER.fullmatch(text[cut:])
        if a is None or b is None or _decimals(a) != _decimals(b) or float(a.group(0)) >= float(b.group(0)):
            continue
        if abs(len(a.group(0).split(".")[0]) - len(b.group(0).split(".")[0])) <= 1:
            found.append(f"{a.group(0)}-{b.group(0)}")
    return found[0] if len(found) == 1 else None


_LEADING_ONE = re.compile(r"1(?P<low>(?:0|[1-9]\d*)(?:\.\d+)?)-(?P<high>\d+(?:\.\d+)?)")


def leading_mark(reference: str | None) -> str | None:
    """``low-high`` of a range that does not rise as read but rises without its leading 1, else None."""
    m = _LEADING_ONE.fullmatch((reference or "").replace(" ", ""))
    if m is None:
        return None
    low, high = float(m.group("low")), float(m.group("high"))
    return f"{m.group('low')}-{m.group('high')}" if float("1" + m.group("low")) >= high > low else None


_POINTLIKE = re.compile(r"(?<=\d)[:'`,;](?=\d)")
_RANGE_PARTS = re.compile(r"([-+]?[\d.:'`,;]+)-([\d.:'`,;]+)")


def misread_point(reference: str | None) -> str | None:
    """``low-high`` with a decimal point that OCR read as ``:`` ``'`` ``,`` or ``;`` (photocopies, faint print:
    ``0.02-0:52``, ``3:4-20.5``, ``3,10-8.00``), when the other bound prints a point; None for anything else. A range
    printed with decimal commas on both sides (``3,5-9,5``) is left as printed."""
    text = (reference or "").replace(" ", "")
    m = _RANGE_PARTS.fullmatch(text)
    if m is None or not _POINTLIKE.search(text):
        return None
    low, high = m.group(1), m.group(2)
    if not ("." in low or "." in high) or (_POINTLIKE.search(low) and _POINTLIKE.search(high)):
        return None
    fixed = _POINTLIKE.sub(".", text)
    lo, hi = fixed.split("-", 1) if not fixed.startswith("-") else ("-" + fixed[1:].split("-", 1)[0], fixed[1:].split("-", 1)[1])
    try:
        ok = float(lo) < float(hi)
    except ValueError:
        return None
    return fixed if ok else None

