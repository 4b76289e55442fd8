"""The date of a document given with it (a manifest's ``date``): ISO text checked into a ``date``."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from oncostruct.engine.errors import DataFormatError


def parse_document_date(value: Any) -> date | None:
    """``value`` (ISO ``YYYY-MM-DD``, an ISO datetime, a date or None) as a date; DataFormatError otherwise."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            return date.fromisoformat(text[:10]) if len(text) > 10 and text[10] in "T " else date.fromisoformat(text)
        except ValueError:
            pass
    raise DataFormatError(f"'date' is an ISO date (YYYY-MM-DD), not {str(value)[:40]!r}")
