"""A printed flag mark that says *abnormal* without a direction (``*``, ``★``, ``A``, ``异常`` …): which way.

Many sheets mark an abnormal result with an asterisk, a star or a diamond, or only print it in colour or bold; the
mark says the value is out of range but not on which side. The row keeps the mark as printed (the flag field's
value), and its direction is taken from the value against its reference range (the field's normalised value), with
a ``flag_note`` saying so. A mark on a value inside its range contradicts the range: ``checks.flag_doubt`` sends
that row to review.
"""
from __future__ import annotations

from oncostruct.extractors.ocr.cells import clean
from oncostruct.extractors.ocr.lab_rows import LabRow, range_side

# printed marks saying abnormal without a direction (阳性 and + on a qualitative row are the result's sign, and have no
# range to compare with)
UNDIRECTED = frozenset({"*", "★", "☆", "◆", "◇", "+", "!", "A", "异常", "阳性"})


def undirected(flag: str | None) -> bool:
    """A printed flag that is an abnormal mark without a direction."""
    return bool(flag) and clean(flag) in UNDIRECTED


def mark_direction(row: LabRow) -> tuple[str | None, str] | None:
    """(direction, note) of a row whose printed flag is an undirected mark: ``↑`` / ``↓`` from the value against its
    reference range, ``""`` when the value lies inside it (the mark and the range disagree), None when there is no
    range to compare a number with; None for a result word or any other flag."""
    if row.flag_computed or not undirected(row.flag):
        return None
    side = range_side(row)
    mark = clean(row.flag or "")
    if side is None:  # a result word (阳性 +) has no side to take; a number without a range or a bound has none
        return None if row.value_num is None else (None, f"printed {mark} gives no direction, and value {row.value} "
                                                          "has no range to take one from")
    if side == "":
        return "", f"printed {mark} marks value {row.value} abnormal, but it lies inside {row.reference}"
    where = "above" if side == "↑" else "below"
    return side, f"printed {mark} gives no direction: {side} from value {row.value} {where} {row.reference}"
