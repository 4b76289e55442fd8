"""An address stacked over lines, as on an envelope (issue 18, branch en17).

A letter's or a form's address is often written one part a line: a premise line (``Flat 3, Orchard Mews``,
``Level 4, Kestrel Wing``, ``Building 9``) above the street, then the suburb, the town and the postcode each on a line
of their own, under the street and at its indentation (``Address : 12 Reed Lane`` / ``Hillcrest`` / ``Tamworth`` /
``2340``). The address chain (:mod:`extractors.deid.address_chain`) grows a street over the parts of its own line only;
this module takes the lines around it. A line under the street counts only as part of a run of such lines that ends
in a line with a postcode (a stack of place names with no postcode under it may as well be a heading), and the lines
are spans of their own (the guideline: a line break parts the street and its town). The line shapes are data
(``address_block`` in ``deid.yaml``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator


@dataclass(frozen=True)
class AddressBlock:
    """``place`` a whole line under a street (stripped of its indentation), ``postcode`` a line that ends a block,
    ``premise`` a whole line right above a street; ``stop`` the first words of a line that is never a place."""

    place: re.Pattern[str]
    postcode: re.Pattern[str]
    premise: re.Pattern[str]
    stop: frozenset[str]
    lines: int


def compile_block(place: str, postcode: str, premise: str, stop: Iterable[str], lines: int) -> AddressBlock:
    """The compiled block; ``place``, ``postcode`` and ``premise`` are matched against a whole stripped line."""
    return AddressBlock(re.compile(place), re.compile(postcode), re.compile(premise), frozenset(stop), lines)


def _line(text: str, start: int) -> tuple[int, int]:
    """(start, end) of the line that begins at ``start``, without its indentation and trailing blanks."""
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    a, b = start, end
    while a < b and text[a] in " \t":
        a += 1
    while b > a and text[b - 1] in " \t\r":
        b -= 1
    return a, b


def stacked(spans: Iterable[tuple[int, int]], text: str, block: AddressBlock) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of an address block above or under an address span that ends (or starts) its line."""
    for start, end in spans:
        line_end = _line(text, text.rfind("\n", 0, end) + 1)[1]
        if line_end == end and end < len(text):
            yield from _under(text, end, block)
        line_start = text.rfind("\n", 0, start) + 1
        if line_start > 0 and not text[line_start:start].strip(" \t"):
            prev = text.rfind("\n", 0, line_start - 1) + 1
            a, b = _line(text, prev)
            if b > a and block.premise.fullmatch(text, a, b):
                yield a, b


def _under(text: str, end: int, block: AddressBlock) -> Iterator[tuple[int, int]]:
    """The lines under a street up to the last one with a postcode, among ``block.lines`` place or postcode lines."""
    run: list[tuple[int, int]] = []
    last = 0
    pos = text.find("\n", end) + 1
    while pos and len(run) < block.lines:
        a, b = _line(text, pos)
        if b == a or text[a:b].split(" ", 1)[0].rstrip(",.") in block.stop:
            break
        if block.postcode.fullmatch(text, a, b):
            run.append((a, b))
            last = len(run)
        elif block.place.fullmatch(text, a, b):
            run.append((a, b))
        else:
            break
        pos = text.find("\n", b) + 1
    yield from run[:last]
