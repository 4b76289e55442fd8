"""Self-checks of a lab value against its own reference range and its sheet: the misreads OCR makes with confidence.

- A decimal point lost (``111`` for 1.19, ``701`` for 70.7): a value of whole digits far above its range
  (``decimal_factor`` × the upper bound) that, with a decimal point put back, falls inside the range; or any value
  ``far_factor`` times beyond a bound; or whole digits with a leading zero (``08``). Either only when no printed flag points the same way: a value truly that
  far out is printed with ↑ / ↓ by the LIS.
- A point lost on an item the sheet prints with decimals: a whole number of two or more digits, ``decimal_factor``
  times above a reference range whose bounds print decimals (``12`` beside 0.5-2.0, ``98`` beside 3.5-9.5): a
  result is printed with at least as many decimals as its range on nearly every sheet (250 of 261 numeric rows of
  the visible photos; the others are 0 and 1 beside ``0-4.0``), so the point was lost, whatever flag is printed.
- A bare sign (``-``, ``+``) as the value of a row whose reference range is numeric: a dash a seal or a smudge
  left where the number was.
- A sheet that prints flags (``flagged``: some rows carry a printed ↑ / ↓) but not on this out-of-range row: the
  flag or the value was misread.
"""
from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field as OptionField

from oncostruct.extractors.ocr.lab_rows import LabRow, is_bound

_DIGITS = re.compile(r"\d{2,5}")
_LEADING_ZERO = re.compile(r"0\d+")  # 08, 012: no LIS prints a whole number so
_SIGN = re.compile(r"[-+±]+|\+-")
_BOUND_DECIMALS = re.compile(r"\d\.(\d+)")


class ValueCheckOptions(BaseModel):
    """Thresholds of the value self-checks (``components.lab_report.checks.values``)."""

    model_config = ConfigDict(extra="forbid")
    decimal_factor: float = OptionField(default=3.0, gt=1.0)  # whole digits this many times the upper bound
    far_factor: float = OptionField(default=10.0, gt=1.0)  # any value this many times beyond a bound
    flagged_sheets: bool = False  # an out-of-range row without the flag its sheet prints elsewhere goes to review


def _printed(row: LabRow, arrow: str) -> bool:
    return not row.flag_computed and bool(row.flag) and arrow in (row.flag or "")


def decimal_lost(row: LabRow, opts: ValueCheckOptions) -> str | None:
    """Why the value looks like one that lost its decimal point (or is otherwise far off), or None."""
    v, lo, hi = row.value_num, row.reference_low, row.reference_high
    text = (row.value or "").strip()
    if v is None or is_bound(text):
        return None
    if _LEADING_ZERO.fullmatch(text):
        return f"value {text} starts with a zero and has no decimal point (a misread or a lost point?)"
    if hi is not None and hi > 0 and _DIGITS.fullmatch(text) and v >= opts.decimal_factor * hi \
            and _BOUND_DECIMALS.search(row.reference or ""):
        return f"value {text} is a whole number {v / hi:.0f}× the upper bound of {row.reference}, a range printed " \
               "with decimals (a decimal point lost?)"
    if hi is not None and hi > 0 and v > hi and not _printed(row, "↑"):
        if _DIGITS.fullmatch(text) and v >= opts.decimal_factor * hi:
            low = lo if lo is not None else 0.0
            for cut in range(1, len(text)):
                if low <= float(f"{text[:cut]}.{text[cut:]}") <= hi:
                    return f"value {text} lies far above {row.reference}; {text[:cut]}.{text[cut:]} would lie inside " \
                           "it (a decimal point lost?)"
        if v >= opts.far_factor * hi:
            return f"value {text} is {v / hi:.0f}× the upper bound of {row.reference} and no ↑ is printed"
    if lo is not None and lo > 0 and v * opts.far_factor <= lo and not _printed(row, "↓"):
        return f"value {text} is below a tenth of the lower bound of {row.reference} and no ↓ is printed"
    return None


def sign_for_number(row: LabRow) -> bool:
    """A bare sign as the value while the reference range is a pair of numbers."""
    return bool(row.value and _SIGN.fullmatch(row.value.strip())) and row.reference_low is not None \
        and row.reference_high is not None


def flag_missing(row: LabRow, flagged: bool) -> bool:
    """On a sheet that prints flags, an out-of-range value without one (its flag was computed, not read)."""
    return flagged and row.flag_computed and bool(row.flag)


def sheet_prints_flags(rows: list[LabRow]) -> bool:
    """Some rows of the page carry a printed ↑ / ↓."""
    return any(not r.flag_computed and r.flag and ("↑" in r.flag or "↓" in r.flag) for r in rows)
