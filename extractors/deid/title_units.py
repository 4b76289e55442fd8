"""A department written after its organisation on a title line is no part of the ORGANIZATION (issue 18, session 18,
branch orgword18).

PHI_GUIDELINE's decided point: "a department written after an organisation on a title line is NOT part of the
ORGANIZATION span (label the organisation only)". A letterhead ``Harbour Vale Hospital — Department of Medical
Oncology``, a form's banner ``Cedar Point Medical Center | Emergency Department | TRIAGE``, a Chinese title
``某某医院 放射治疗中心`` name the organisation, then the unit that wrote the document; only the organisation is
PHI. :func:`title_units` gives the department spans to drop: an ORGANIZATION span of a unit's shape (``unit``
regexes, data in deid.yaml) that follows another ORGANIZATION span on the same line, with only a separator (spaces,
a dash, a bar, a slash) between, where the first span opens the line and the line is one of the document's first
``TOP_LINES`` non-empty lines (a title; the same pair in a signature at a letter's or an e-mail's end is a signature
line, whose department the guideline labels). Departments in header fields (科室：, Service:) and inside sentences
are not touched (no organisation opens their line).
"""
from __future__ import annotations

import re
from typing import Sequence

_SEPARATOR = re.compile(r"[ \t\u3000]{0,3}(?:[—–|/·:-]{1,2}[ \t\u3000]{0,3})?")
_LINE_OPEN = re.compile(r"[ \t\u3000#*>]*")
_AFTER = re.compile(r"[ \t\u3000]*(?:\n|$|[—–|/·]|-[ \t])")
TOP_LINES = 4   # a title line is one of the document's first four non-empty lines


def title_units(spans: Sequence[tuple[int, int, str]], text: str, unit: re.Pattern[str]) -> set[tuple[int, int]]:
    """(start, end) of the ORGANIZATION spans among ``spans`` ((start, end, category), sorted or not) that are a
    department written after an organisation that opens a title line."""
    orgs = sorted((a, b) for a, b, c in spans if c == "ORGANIZATION")
    out: set[tuple[int, int]] = set()
    top = _top_end(text)
    for i, (a, b) in enumerate(orgs):
        if a >= top:
            break
        if not unit.fullmatch(text, a, b) or not _AFTER.match(text, b):
            continue
        line = text.rfind("\n", 0, a) + 1
        for c, d in orgs[:i]:
            if c >= line and d < a and (d - c) >= 2 and _LINE_OPEN.fullmatch(text, line, c) \
                    and _SEPARATOR.fullmatch(text, d, a) and not unit.fullmatch(text, c, d):
                out.add((a, b))
                break
    return out


def _top_end(text: str) -> int:
    """The offset where the document's first ``TOP_LINES`` non-empty lines end (its title lines), found once."""
    seen, pos = 0, 0
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        seen += bool(text[pos:end].strip())
        if seen >= TOP_LINES:
            return end
        pos = end + 1
    return len(text)


def events(spans: Sequence[tuple[int, int, str]], text: str, head: re.Pattern[str]) -> set[tuple[int, int]]:
    """(start, end) of the ORGANIZATION spans that name an event rather than an organisation: the span ends in one of
    ``head``'s words (``Northfield Oncology Grand Rounds``) or one follows it after a space (``Midwest Nursing Society
    Annual Congress``)."""
    out: set[tuple[int, int]] = set()
    for a, b, c in spans:
        if c != "ORGANIZATION":
            continue
        tail = head.search(text, max(a, b - 30), b)
        if (tail is not None and tail.end() == b) or (text[b:b + 1] in " \t" and head.match(text, b + 1)):
            out.add((a, b))
    return out
