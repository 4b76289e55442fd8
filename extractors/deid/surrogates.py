"""Replacements for PHI spans: keyed category tags, per-patient date shifts, the Safe Harbor age bucket.

* Every category but DATE and AGE becomes ``[CATEGORY-xxxxxx]``, the hex of a keyed HMAC of the value
  (whitespace-folded): the same value gets the same tag in every document and run under the same key,
  and nobody without the key can test a guess.
* A DATE moves back by the patient's offset (a keyed number of days in ``date_shift_days``), written in the
  format it had (2023年5月12日, 2023-05-12, 05/12/2023, 12 May 2023, 2023年5月, 5月12日, with or without a
  time), so intervals between a patient's dates survive. A date that cannot be read becomes a tag.
* An AGE (over 89) becomes the bucket ``90+`` / ``≥90``.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from oncostruct.engine.deid import keyed_digest
from oncostruct.extractors.deid.config import SurrogateSettings

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {"sept": 9}
_YMD = re.compile(r"(?P<y>(?:19|20)\d{2})(?P<s1>\s?年\s?|[-/.])(?P<m>\d{1,2})(?:(?P<s2>\s?月\s?|[-/.])(?P<d>\d{1,2}))?")
_COMPACT = re.compile(r"(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})")
_NUM_DMY = re.compile(r"(?P<a>\d{1,2})(?P<s>[-/.])(?P<b>\d{1,2})[-/.](?P<y>\d{4}|\d{2})")
_MD_ZH = re.compile(r"(?P<m>\d{1,2})月(?P<d>\d{1,2})")
_NAMED = re.compile(r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?[ \t-]{1,2})?(?P<mon>[A-Za-z]{3,9})\.?,?(?:[ \t]{1,2}"
                    r"(?P<d2>\d{1,2})(?:st|nd|rd|th)?)?,?[ \t-]{1,2}(?P<y>(?:19|20)\d{2})")


def tag(value: str, category: str, key: bytes, hex_len: int = 6) -> str:
    """``[CATEGORY-xxxxxx]`` from the keyed HMAC of the whitespace-folded value."""
    return f"[{category}-{keyed_digest(key, 'phi', category, ' '.join(value.split()).lower())[:hex_len]}]"


def shift_days(patient: str, key: bytes, settings: SurrogateSettings) -> int:
    lo, hi = settings.date_shift_days
    return lo + int(keyed_digest(key, "date-shift", patient)[:12], 16) % (hi - lo + 1)


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _num(old: str, new: int, numeric: bool = True) -> str:
    """``new`` written as ``old`` was: zero-padded when ``old`` was, or two digits in numeric formats (03/15)."""
    return f"{new:0{len(old)}d}" if old.startswith("0") or (numeric and len(old) == 2) else str(new)


def shift_date(value: str, days: int, language: str) -> str | None:
    """``value`` moved ``days`` back in its own format, or None when it cannot be read as a date."""
    m = _YMD.match(value)
    if m and m.group("d"):
        return _shift_ymd(value, m, days)
    if m:  # year and month: shifted as the 15th, written back as year and month
        new = _safe(int(m["y"]), int(m["m"]), 15)
        if new is None:
            return None
        new -= timedelta(days=days)
        return f"{new.year}{m['s1']}{_num(m['m'], new.month, '年' not in m['s1'])}{value[m.end():]}"
    if (m := _COMPACT.fullmatch(value)) and (old := _safe(int(m["y"]), int(m["m"]), int(m["d"]))):
        return (old - timedelta(days=days)).strftime("%Y%m%d")
    if m := _MD_ZH.match(value):
        old = _safe(2000, int(m["m"]), int(m["d"]))
        if old is None:
            return None
        new = old - timedelta(days=days)
        return f"{_num(m['m'], new.month, False)}月{_num(m['d'], new.day, False)}{value[m.end():]}"
    if m := _NUM_DMY.match(value):
        return _shift_dmy(value, m, days, language)
    if m := _NAMED.match(value):
        return _shift_named(value, m, days)
    return None


def _shift_ymd(value: str, m: re.Match[str], days: int) -> str | None:
    old = _safe(int(m["y"]), int(m["m"]), int(m["d"]))
    if old is None:
        return None
    new = old - timedelta(days=days)
    numeric = "年" not in m["s1"]
    return (f"{new.year}{m['s1']}{_num(m['m'], new.month, numeric)}{m['s2']}{_num(m['d'], new.day, numeric)}"
            f"{value[m.end():]}")


def _shift_dmy(value: str, m: re.Match[str], days: int, language: str) -> str | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    year = y if len(m["y"]) == 4 else 2000 + y
    month_first = language == "en" and a <= 12 or b > 12  # 03/15/2015 (US) unless the first number cannot be a month
    mo, d = (a, b) if month_first else (b, a)
    old = _safe(year, mo, d)
    if old is None:
        return None
    new = old - timedelta(days=days)
    first, second = (new.month, new.day) if month_first else (new.day, new.month)
    yy = str(new.year) if len(m["y"]) == 4 else f"{new.year % 100:02d}"
    s = m["s"]
    return f"{_num(m['a'], first)}{s}{_num(m['b'], second)}{s}{yy}{value[m.end():]}"


def _shift_named(value: str, m: re.Match[str], days: int) -> str | None:
    month = _MONTHS.get(m["mon"].lower())
    day = m["d1"] or m["d2"]
    if month is None:
        return None
    old = _safe(int(m["y"]), month, int(day) if day else 15)
    if old is None:
        return None
    new = old - timedelta(days=days)
    name = calendar.month_name[new.month] if len(m["mon"]) > 3 else calendar.month_abbr[new.month]
    if not day:
        return f"{name} {new.year}"
    if m["d1"]:
        return f"{new.day} {name} {new.year}"
    return f"{name} {new.day}, {new.year}"


def age_bucket(value: str, language: str, settings: SurrogateSettings) -> str:
    """The age's number replaced by the bucket, its unit kept (92岁 → ≥90岁, 95-year-old → 90+-year-old)."""
    return re.sub(r"\d+", settings.age_zh if language == "zh" else settings.age_en, value, count=1)
