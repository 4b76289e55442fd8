"""An address stacked over lines, as on an envelope (issue 18, branch en17).

A letter's or a form's address is often written one part a line: a premise line (``Flat 3, Orchard Mews``,
``Level 4, Kestrel Wing``, ``Building 9``) above the street, then the suburb, the town and the postcode each on a line
of their own, under the street and at its indentation (``Address : 12 Reed Lane`` / ``Fernvale`` / ``Tamworth`` /
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

_LINE = 120   # characters of a line above or under a street read at most (a longer one is no address line)


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


def block_end(place: str, codes: str, regions: Iterable[str] = ()) -> str:
    """The regex of a block's last line (orgaddr18): its postcode after the places before it (``Liangshan, Sichuan
    615000``, ``Bengaluru - 560078``), a country after it (``Lijiang 674100, China``), or one of ``regions``, where no
    postcode is written (``Mong Kok, Kowloon``)."""
    end = rf"(?:(?:{place}),[ ]){{0,2}}(?:(?:{place}),?(?:[ ]-)?[ ])?(?:{codes})(?:,[ ](?:{place}))?"
    regions = "|".join(f"(?:{r})" for r in regions)
    return end + rf"|(?:(?:{place}),[ ])?(?:{regions})" if regions else end


def _line(text: str, start: int, most: int) -> tuple[int, int, int] | None:
    """(first, last, end) of the line that begins at ``start``: its text without indentation and trailing blanks, and
    where it ends; None for a line longer than ``most`` characters (no address line, and never read whole)."""
    end = text.find("\n", start, start + most + 1)
    if end < 0:
        if start + most < len(text):
            return None
        end = len(text)
    a, b = start, end
    while a < b and text[a] in " \t":
        a += 1
    while b > a and text[b - 1] in " \t\r":
        b -= 1
    return a, b, end


def stacked(spans: Iterable[tuple[int, int]], text: str, block: AddressBlock) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of an address block above or under an address span that ends (or starts) its line;
    only the blanks next to the span are walked, never a long line."""
    for start, end in spans:
        after = end
        while after < len(text) and text[after] in " \t\r":
            after += 1
        if after < len(text) and text[after] == "\n":
            yield from _under(text, after + 1, block)
        before = start
        while before > 0 and text[before - 1] in " \t":
            before -= 1
        if before > 1 and text[before - 1] == "\n":
            prev = text.rfind("\n", max(0, before - 2 - _LINE), before - 1) + 1
            line = _line(text, prev, _LINE) if prev or before - 1 <= _LINE else None
            if line and line[1] > line[0] and block.premise.fullmatch(text, line[0], line[1]):
                yield line[0], line[1]


def _under(text: str, pos: int, block: AddressBlock) -> Iterator[tuple[int, int]]:
    """The lines from ``pos`` on up to the last one with a postcode, among ``block.lines`` place or postcode lines."""
    run: list[tuple[int, int]] = []
    last = 0
    while pos < len(text) and len(run) < block.lines:
        line = _line(text, pos, _LINE)
        if line is None:
            break
        a, b, nl = line
        if b == a or text[a:b].split(" ", 1)[0].rstrip(",.") in block.stop:
            break
        if block.postcode.fullmatch(text, a, b):
            run.append((a, b))
            last = len(run)
        elif block.place.fullmatch(text, a, b):
            run.append((a, b))
        else:
            break
        pos = nl + 1
    yield from run[:last]
