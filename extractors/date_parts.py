"""The numbers of a written date by the ``dates`` pack's parameters: the century of a two-digit year, Chinese numerals.

Century rule (``parameters.two_digit_year``): a two-digit year is the latest year ending in those digits that is
at most ``years_ahead`` years after the current year. Chinese numerals (``parameters.zh_numerals``): a year is
written digit by digit (二〇二三 → 2023), a month or day with the numeral worth ten (十二 → 12, 三十一 → 31).
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from oncostruct.engine.errors import RulePackError
from oncostruct.extractors.rules.loader import load_pack


class TwoDigitYear(BaseModel):
    model_config = ConfigDict(extra="forbid")
    years_ahead: int = Field(ge=0, le=99, description="how far after the current year a two-digit year may fall")


class DateParameters(BaseModel):
    model_config = ConfigDict(extra="forbid")
    two_digit_year: TwoDigitYear
    zh_numerals: dict[str, int] = Field(description="numeral → value; exactly one is worth ten")

    def tens_numeral(self) -> str:
        (ten,) = [c for c, v in self.zh_numerals.items() if v == 10]
        return ten


@lru_cache(maxsize=1)
def parameters() -> DateParameters:
    """The dates pack's parameters, validated (RulePackError names what is wrong)."""
    try:
        params = DateParameters.model_validate(load_pack("dates").spec.parameters)
        params.tens_numeral()
    except (ValidationError, ValueError) as exc:
        raise RulePackError(f"extractors/rules/dates.yaml: invalid parameters: {exc}") from exc
    return params


def full_year(two_digits: int, today: date | None = None) -> int:
    """The four-digit year of a two-digit one by the century rule (``today`` defaults to the current date)."""
    latest = (today or date.today()).year + parameters().two_digit_year.years_ahead
    return latest - (latest - two_digits) % 100


def number(written: str) -> int:
    """'05' → 5, '二〇二三' → 2023, '十二' → 12, '三十一' → 31 (ValueError for anything else)."""
    if written.isdigit():
        return int(written)
    params = parameters()
    values, ten = params.zh_numerals, params.tens_numeral()
    try:
        if ten in written:
            tens, _, ones = written.partition(ten)
            if ten in ones:
                raise ValueError(written)
            return (values[tens] if tens else 1) * 10 + (values[ones] if ones else 0)
        return int("".join(str(values[c]) for c in written))
    except KeyError:
        raise ValueError(f"not a number: {written!r}") from None
