"""An address as a chain of parts (issue 18, branch orgaddr15).

An address is written as parts joined by commas, in an order that changes from country to country: a unit, a
floor, a building or an estate before the street (``Flat 7, Elm Court, 26 Kiln Street``, ``Level 4, 9 Queen
Street``), the town, the district, the region and the postcode after it (``…, Tralee, Co. Kerry V92 X4T7``,
``…, 46050 Petaling Jaya, Selangor``, ``…, Timaru 7910``). A rule that finds the street leaves the rest behind; this
module grows an ADDRESS span over the parts written right before and after it. The parts and the postcode shapes are
data (``address_chain`` in ``deid.yaml``). A part after the street counts only when the chain ends where an address
line ends (the line's end, a semicolon, a closing bracket, a sentence's end, a dash), so a capitalised word that
opens the next clause is never taken for a town.

Branch orgaddr16: the parts that say what they are (``keyed``: a key word and its number, ``House 19``, ``Plot No. 7``,
``Zone 4``, ``Street 12``; an area with its head word, ``Barangay San Roque``, ``Al Noor District``, ``Gandhi Nagar``)
stand on either side of the street, as addresses in much of the world put them; after one of them a part with no key
word (``plain``: ``Kawangware West``) counts too. An address line made of keyed parts alone has no street to grow from:
``address_keyed_parts`` in the recognizers finds it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence


_REACH = 160   # characters before a street searched for its unit, floor and building parts
_PARTS = 12    # parts after a street at most (town, district, county, region, country, postcode: an address has few)


@dataclass(frozen=True)
class AddressChain:
    """The compiled chain: ``before`` matches the parts (each with its comma) that end where a span starts, searched
    in the span's line (its last ``_REACH`` characters) up to its start; ``after`` a postcode right after the span, then the parts (each after its
    comma, ``_PARTS`` at most) that follow it."""

    before: re.Pattern[str]
    after: re.Pattern[str]
    keyed: re.Pattern[str] | None = None   # orgaddr16: a run of keyed parts, an address with no street


def any_of(parts: Iterable[str]) -> str:
    """One regex matching any of ``parts`` (each grouped); a never-matching one when there are none."""
    return "|".join(f"(?:{p})" for p in parts) or "(?!)"


def compile_chain(before: list[str], after: list[str], postcodes: list[str], end: str,
                  keyed: Sequence[str] = (), plain: str = "", areas: Sequence[str] = (),
                  first: str = "") -> AddressChain | None:
    """The chain of ``address_chain``'s parts; ``{postcode}`` in a part stands for any of the postcode shapes;
    ``keyed`` and ``areas`` parts count before and after the street, ``plain`` ones after a keyed one before it;
    a ``first`` part and one or more keyed or area parts after it are an address by themselves."""
    if not before and not after and not keyed:
        return None
    postcode = any_of(postcodes)
    key = any_of([*keyed, *areas])
    run = (re.compile(rf"(?<![A-Za-z0-9])(?>{first})(?>[ \t]?,[ \t]{{1,2}}(?:{key}))++(?![A-Za-z0-9])")
           if first else None)
    keyed = [*keyed, *areas]
    parts_before = any_of([*before, *keyed])
    # orgaddr18: a keyed part is tried first, so that its key word is never read as a town (Edf. Lok Wan, not Edf)
    parts_after = any_of(list(keyed) + [p.replace("{postcode}", f"(?:{postcode})") for p in after])
    loose = f"{parts_before}|{plain}" if plain else parts_before
    sep = r"[ \t]?,[ \t]{1,2}"
    # each part with its comma is atomic and the chain possessive: parts that can read the same words two ways
    # (``Lane Court``: a lane's number or a building) never make a failing chain backtrack over every split; the parts
    # after the street are bounded too (session 16), so a span inside a long line of parts no longer walks to its end
    # (a line of n parts holding n spans took n * n steps)
    return AddressChain(re.compile(rf"(?:(?>(?:{parts_before}){sep})++|(?>(?:{key}){sep})(?>(?:{loose}){sep})*+)\Z",
                                   re.M),
                        re.compile(rf"(?:[ ](?:{postcode}))?(?>,[ \t]{{1,2}}(?:{parts_after})){{0,{_PARTS}}}+(?={end})"), run)


def keyed_runs(text: str, chain: AddressChain) -> Iterator[tuple[int, int]]:
    """(start, end) of each address written as keyed parts alone (``House 19-B, Block C, Iqbal Town``): the chain
    grows it like a street."""
    if chain.keyed is not None:
        for m in chain.keyed.finditer(text):
            yield m.start(), m.end()


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
