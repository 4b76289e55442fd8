"""Parsers that turn matched strings into typed values (sizes in cm, ISO dates, numbers)."""
from __future__ import annotations

import re
from datetime import date

from oncostruct.extractors.date_parts import full_year, number

_NUM = re.compile(r"\d+(?:\.\d+)?")
_UNIT = re.compile(r"(cm|mm|厘米|毫米)", re.IGNORECASE)
_MONTHS = {m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％（）：，；", "0123456789.%():,;")


def to_halfwidth(text: str) -> str:
    """Map full-width digits and common punctuation to ASCII (same length, offsets kept)."""
    return text.translate(_FULLWIDTH)


def parse_size(text: str) -> list[float] | None:
    """``"3.2×2.8×2.0cm"`` → ``[3.2, 2.8, 2.0]`` (centimetres). Each number takes the next unit written after it."""
    text = to_halfwidth(text)
    tokens = list(re.finditer(r"(\d+(?:\.\d+)?)|(cm|mm|厘米|毫米)", text, re.IGNORECASE))
    dims: list[float] = []
    pending: list[float] = []
    for tok in tokens:
        if tok.group(1):
            pending.append(float(tok.group(1)))
        else:
            factor = 0.1 if tok.group(2).lower() in ("mm", "毫米") else 1.0
            dims.extend(round(v * factor, 4) for v in pending)
            pending = []
    return dims or None


def parse_number(text: str) -> float | None:
    m = _NUM.search(to_halfwidth(text))
    return float(m.group(0)) if m else None


def iso_date(y: int, m: int, d: int | None = None) -> str | None:
    """ISO 8601 date (or year-month when the day is missing); None when impossible."""
    try:
        return date(y, m, d).isoformat() if d else f"{y:04d}-{m:02d}"
    except ValueError:
        return None


def parse_date(groups: dict[str, str | None], today: date | None = None) -> str | None:
    """ISO date from the named groups of a ``dates`` rule: y (or yy, a two-digit year), m or mon, d; digits or
    Chinese numerals (:mod:`extractors.date_parts`; ``today`` anchors the century of a two-digit year)."""
    try:
        if groups.get("yy"):
            year = full_year(number(groups["yy"]), today)  # type: ignore[arg-type]
        elif groups.get("y"):
            year = number(groups["y"])  # type: ignore[arg-type]
        else:
            return None
        month = groups.get("m")
        if month is None and groups.get("mon"):
            month = str(_MONTHS[groups["mon"][:3].lower()])
        if month is None:
            return None
        d = groups.get("d")
        return iso_date(year, number(month), number(d) if d else None)
    except ValueError:
        return None
