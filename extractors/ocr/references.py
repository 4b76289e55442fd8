"""A printed reference range whose separator OCR did not read (``3.010.0`` for 3.0-10.0, ``130175`` for 130-175).

Dot-matrix and fax print thin dashes that the recogniser drops, leaving two numbers run together in the reference
cell. :func:`lost_separator` puts the dash back only where one cut gives a rising range of two well-formed numbers
(no leading zero, the same number of decimals, whole parts at most one digit apart in length); two such cuts, or
none, leave the cell as read. The row is marked ``reference_repaired`` and the self-check
``lab.reference_repaired`` sends it to review: the range was read, its separator inferred.
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
    if not _DIGITS_DOTS.fullmatch(text):
        return None
    found = []
    for cut in range(1, len(text)):
        a, b = _NUMBER.fullmatch(text[:cut]), _NUMBER.fullmatch(text[cut:])
        if a is None or b is None or _decimals(a) != _decimals(b) or float(a.group(0)) >= float(b.group(0)):
            continue
        if abs(len(a.group(0).split(".")[0]) - len(b.group(0).split(".")[0])) <= 1:
            found.append(f"{a.group(0)}-{b.group(0)}")
    return found[0] if len(found) == 1 else None
