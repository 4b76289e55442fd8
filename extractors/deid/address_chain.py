"""An address as a chain of parts (issue 18, branch orgaddr15).

An address is written as parts joined by commas, in an order that changes from country to country: a unit, a
floor, a building or an estate before the street (``Flat 7, Elm Court, 26 Kiln Street``, ``Level 4, 9 Queen
Street``), the town, the district, the region and the postcode after it (``…, Tralee, Co. Kerry V92 X4T7``,
``…, 46050 Petaling Jaya, Selangor``, ``…, Timaru 7910``). A rule that finds the street leaves the rest behind; this
module grows an ADDRESS span over the parts written right before and after it. The parts and the postcode shapes are
data (``address_chain`` in ``deid.yaml``). A part after the street counts only when the chain ends where an address
line ends (the line's end, a semicolon, a closing bracket, a sentence's end, a dash), so a capitalised word that
opens the next clause is never taken for a town.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator


_REACH = 160   # characters before a street searched for its unit, floor and building parts
_PARTS = 8     # parts after a street at most (town, district, county, region, country, postcode: an address has few)


@dataclass(frozen=True)
class AddressChain:
    """The compiled chain: ``before`` matches the parts (each with its comma) that end where a span starts, searched
    in the span's line (its last ``_REACH`` characters) up to its start; ``after`` a postcode right after the span, then the parts (each after its
    comma, ``_PARTS`` at most) that follow it."""

    before: re.Pattern[str]
    after: re.Pattern[str]


def compile_chain(before: list[str], after: list[str], postcodes: list[str], end: str) -> AddressChain | None:
    """The chain of ``address_chain``'s parts; ``{postcode}`` in a part stands for any of the postcode shapes."""
    if not before and not after:
        return None
    postcode = "|".join(f"(?:{p})" for p in postcodes) or "(?!)"
    parts_before = "|".join(f"(?:{p})" for p in before) or "(?!)"
    parts_after = "|".join(f"(?:{p.replace('{postcode}', f'(?:{postcode})')})" for p in after) or "(?!)"
    # each part with its comma is atomic and the chain possessive: parts that can read the same words two ways
    # (``Lane Court``: a lane's number or a building) never make a failing chain backtrack over every split; the parts
    # after the street are bounded too (session 16), so a span inside a long line of parts no longer walks to its end
    # (a line of n parts holding n spans took n * n steps)
    return AddressChain(re.compile(rf"(?>(?:{parts_before})[ \t]?,[ \t]{{1,2}})++\Z", re.M),
                        re.compile(rf"(?:[ ](?:{postcode}))?(?>,[ \t]{{1,2}}(?:{parts_after})){{0,{_PARTS}}}+(?={end})"))


def chained(spans: Iterable[tuple[int, int]], text: str, chain: AddressChain) -> Iterator[tuple[int, int, int, int]]:
    """(start, end, new start, new end) of each address span that the parts before or after it continue."""
    for start, end in spans:
        reach = max(0, start - _REACH)   # a long line: only the parts near the street (nor a re-scan back to its start)
        line = max(text.rfind("\n", reach, start) + 1, reach)
        b = chain.before.search(text, line, start)   # ^ is a line's start, never the window's
        a = chain.after.match(text, end)
        new_start = b.start() if b else start
        while new_start < start and text[new_start] in " \t":   # the line's indentation is no part
            new_start += 1
        new_end = a.end() if a else end
        if (new_start, new_end) != (start, end):
            yield start, end, new_start, new_end
