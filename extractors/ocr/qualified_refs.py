"""References printed per sex or age band (``男:4.30-5.80 女:3.80-5.10``, ``男4.3-5.8 女3.8-5.1``,
``18-59岁:3.10-8.00 60-79岁:3.60-9.50``, ``成人:<5.0``).

The row keeps the whole printed reference. Its bounds, and a flag computed when none is printed, come from the part
that applies to the patient: the sex and age printed in the sheet header are read here for that choice only and are
never stored or returned (personal data stay out of the result). The group words a part may open with without a
colon are the ``who`` fragment of the ``lab_cells`` pack.
"""
from __future__ import annotations

import re
from functools import lru_cache

from oncostruct.extractors.ocr.lab_rows import LabRow, compute_flag
from oncostruct.extractors.rules.loader import load_pack

_NUM = r"\d+(?:\.\d+)?"
_SEX = re.compile(r"(?:性别|Sex|Gender)\s*[:：]?\s*(?P<sex>男|女|(?:Male|Female|M|F)(?![A-Za-z]))", re.IGNORECASE)
_AGE = re.compile(r"年龄[:：]?\s*(?P<age>\d{1,3})\s*岁")
_BAND = re.compile(r"(?P<a>\d{1,3})\s*-\s*(?P<b>\d{1,3})\s*岁")
_SEX_WORDS = {"m": "男", "male": "男", "f": "女", "female": "女"}


@lru_cache(maxsize=1)
def _part() -> re.Pattern[str]:
    who = load_pack("lab_cells").definition("who")
    return re.compile(rf"(?P<who>{who}|[^\s:;,]{{1,10}}(?=:)):?\s*(?:(?P<low>{_NUM})\s*-\s*(?P<high>{_NUM})"
                      rf"|(?P<cmp><=|>=|<|>|≤|≥)\s*(?P<bound>{_NUM}))")


def _sex(word: str) -> str | None:
    """男 / 女 for a sex word (男性, M, Female), else None."""
    return word[0] if word[:1] in ("男", "女") else _SEX_WORDS.get(word.lower())


def patient_band(text: str) -> tuple[str | None, int | None]:
    """(sex, age in years) as printed in the sheet header, or None where not printed."""
    sex, age = _SEX.search(text), _AGE.search(text)
    return (_sex(sex.group("sex")) if sex else None), (int(age.group("age")) if age else None)


def _applies(who: str, sex: str | None, age: int | None) -> bool:
    if (s := _sex(who)) is not None:
        return s == sex
    m = _BAND.fullmatch(who)
    return m is not None and age is not None and int(m.group("a")) <= age <= int(m.group("b"))


def _bounds(part: re.Match) -> tuple[float | None, float | None]:
    if part.group("low") is not None:
        return float(part.group("low")), float(part.group("high"))
    bound = float(part.group("bound"))
    return (None, bound) if part.group("cmp") in ("<", "<=", "≤") else (bound, None)


def apply_patient_ranges(rows: list[LabRow], sex: str | None, age: int | None) -> None:
    """Bounds and computed flag of each row whose reference is printed per sex or age band, from the part that
    applies to this patient (nothing changes when no part applies)."""
    for row in rows:
        parts = list(_part().finditer(row.reference or ""))
        if len(parts) < 2:
            continue
        mine = [p for p in parts if _applies(p.group("who"), sex, age)]
        if len(mine) != 1:
            continue
        row.reference_low, row.reference_high = _bounds(mine[0])
        compute_flag(row)
