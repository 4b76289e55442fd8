"""References printed per sex or age band (``男:4.30-5.80 女:3.80-5.10``, ``18-59岁:3.10-8.00 60-79岁:3.60-9.50``).

The row keeps the whole printed reference. Its bounds, and a flag computed when none is printed, come from the part
that applies to the patient: the sex and age printed in the sheet header are read here for that choice only and are
never stored or returned (personal data stay out of the result).
"""
from __future__ import annotations

import re

from oncostruct.extractors.ocr.lab_rows import LabRow, compute_flag

_PART = re.compile(r"(?P<who>[^\s:]{1,10}):\s*(?P<low>\d+(?:\.\d+)?)\s*-\s*(?P<high>\d+(?:\.\d+)?)")
_SEX = re.compile(r"性别[:：]?\s*(?P<sex>[男女])")
_AGE = re.compile(r"年龄[:：]?\s*(?P<age>\d{1,3})\s*岁")
_BAND = re.compile(r"(?P<a>\d{1,3})\s*-\s*(?P<b>\d{1,3})\s*岁")


def patient_band(text: str) -> tuple[str | None, int | None]:
    """(sex, age in years) as printed in the sheet header, or None where not printed."""
    sex, age = _SEX.search(text), _AGE.search(text)
    return (sex.group("sex") if sex else None), (int(age.group("age")) if age else None)


def _applies(who: str, sex: str | None, age: int | None) -> bool:
    if who in ("男", "女"):
        return who == sex
    m = _BAND.fullmatch(who)
    return m is not None and age is not None and int(m.group("a")) <= age <= int(m.group("b"))


def apply_patient_ranges(rows: list[LabRow], sex: str | None, age: int | None) -> None:
    """Bounds and computed flag of each row whose reference is printed per sex or age band, from the part that
    applies to this patient (nothing changes when no part applies)."""
    for row in rows:
        parts = list(_PART.finditer(row.reference or ""))
        if len(parts) < 2:
            continue
        mine = [p for p in parts if _applies(p.group("who"), sex, age)]
        if len(mine) != 1:
            continue
        row.reference_low, row.reference_high = float(mine[0].group("low")), float(mine[0].group("high"))
        compute_flag(row)
