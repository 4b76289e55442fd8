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
from dataclasses import dataclass
from typing import Sequence

_SEPARATOR = re.compile(r"[ \t\u3000]{0,3}(?:[—–|/·:-]{1,2}[ \t\u3000]{0,3})?")
_LINE_OPEN = re.compile(r"[ \t\u3000#*>【〖\[=＝]*")   # s19-prec19: or a banner's bracket (【某医院 肿瘤内科 床位一览表】)
# s19-prec19: or two spaces, where the title goes on in another cell (某医院  药剂科  第24页)
_AFTER = re.compile(r"[ \t\u3000]*(?:\n|$|[—–|/·]|-[ \t])|[ \t\u3000]{2,}|[ \t\u3000](?=[\u4e00-\u9fa5])")
# s19-prec19: where an organisation's own name ends (its head word, a campus in brackets), so a department written
# after it inside one span (a rule read ``X Hospital Food & Nutrition Services`` as one name) can be cut off
_ORG_END = re.compile(r"(?:Hospital|Center|Centre|Institute|Clinic|Associates|Infirmary|University|College|Trust"
                      r"|Health[ \t]System|Healthcare|医院|卫生院|中心|院区[)）]|分院[)）]?)$")
_PART = re.compile(r"[ \t\u3000]{1,3}(?:[—–|/·-]{1,2}[ \t\u3000]{0,3})?")
TOP_LINES = 4   # a title line is one of the document's first four non-empty lines


@dataclass(frozen=True)
class Place:
    """Where an organisation stands before a department, and how the two are parted there (title lines, fields)."""
    opens: re.Pattern[str]          # what may stand between the line's start and the organisation
    joins: re.Pattern[str]          # between an organisation span and a department span after it
    parts: re.Pattern[str]          # between the organisation and a department inside one span
    top_only: bool                  # only on the document's first TOP_LINES non-empty lines
    tail_ends_cell: bool            # a department cut off a span must end its line or cell (_AFTER)
    head_end: re.Pattern[str] | None   # the organisation kept must end in its head word
    last_cut: bool                  # keep the longest organisation that fits (else the first cut)
    heads: tuple[str, ...]          # categories of a span that may hold the organisation before a department span


def units(spans: Sequence[tuple[int, int, str]], text: str, unit: re.Pattern[str], place: Place) -> set[tuple[int, int]]:
    """(start, end) of the ORGANIZATION spans of a department's shape (``unit``, matched whole) that end their line or
    cell and follow, across ``place.joins`` only, a span of ``place.heads`` that opens its line after
    ``place.opens`` and is no department itself."""
    orgs = sorted((a, b) for a, b, c in spans if c == "ORGANIZATION")
    heads = orgs if place.heads == ("ORGANIZATION",) else sorted((a, b) for a, b, c in spans if c in place.heads)
    top = _top_end(text) if place.top_only else len(text) + 1
    out: set[tuple[int, int]] = set()
    for a, b in orgs:
        if a >= top:
            break
        if not unit.fullmatch(text, a, b) or not _AFTER.match(text, b):
            continue
        line = text.rfind("\n", 0, a) + 1
        for c, d in heads:
            if c >= line and d < a and (d - c) >= 2 and place.opens.fullmatch(text, line, c) \
                    and place.joins.fullmatch(text, d, a) and not unit.fullmatch(text, c, d):
                out.add((a, b))
                break
    return out


def tails(spans: Sequence[tuple[int, int, str]], text: str, unit: re.Pattern[str], place: Place) -> dict[tuple[int, int], int]:
    """{(start, end): new end} of the ORGANIZATION spans that open their line after ``place.opens`` and run on over a
    department after one of ``place.parts`` (``X Medical Center Rehab & Equipment Library``, ``From: Y S.A., Medical
    Assistance Department`` read as one span): the span is cut after the organisation."""
    out: dict[tuple[int, int], int] = {}
    top = _top_end(text) if place.top_only else len(text) + 1
    for a, b, c in spans:
        if c != "ORGANIZATION" or a >= top:
            continue
        line = text.rfind("\n", 0, a) + 1
        if not place.opens.fullmatch(text, line, a) or (place.tail_ends_cell and not _AFTER.match(text, b)):
            continue
        for m in place.parts.finditer(text, a, b):
            p, q = m.start(), m.end()
            if p - a >= 2 and q < b and (place.head_end is None or place.head_end.search(text, a, p)) \
                    and unit.fullmatch(text, q, b) and not unit.fullmatch(text, a, p):
                out[(a, b)] = p
                if not place.last_cut:
                    break
    return out


def letterhead_units(spans: Sequence[tuple[int, int, str]], text: str, unit: re.Pattern[str]) -> set[tuple[int, int]]:
    """s19-prec19: (start, end) of the ORGANIZATION spans of a department's shape that fill a title line right under a
    line that an organisation fills (a letterhead's second line: ``X Hospital`` / ``Patient Relations Office``)."""
    orgs = {(a, b) for a, b, c in spans if c == "ORGANIZATION"}
    out: set[tuple[int, int]] = set()
    top = _top_end(text)
    for a, b in orgs:
        if a >= top or not unit.fullmatch(text, a, b):
            continue
        line = text.rfind("\n", 0, a) + 1
        if line < 2 or not _LINE_OPEN.fullmatch(text, line, a) or not _WHOLE_END.match(text, b):
            continue
        prev = text.rfind("\n", 0, line - 1) + 1
        if any(c >= prev and d <= line - 1 and _LINE_OPEN.fullmatch(text, prev, c) and _WHOLE_END.match(text, d)
               and not unit.fullmatch(text, c, d) for c, d in orgs):
            out.add((a, b))
    return out


_WHOLE_END = re.compile(r"[ \t\u3000]*(?:\n|$)")

# s19-org27: a field whose English label names no department (Lending lab:, Sending:, From:, To:), and the
# separators between the organisation it holds and a department after it (a comma, a bar, a dash)
_FIELD_OPEN = re.compile(r"[ \t]{0,4}(?!(?:Service|Unit|Location|Department|Dept|Division|Section|Ward|Clinic|Specialty|"
                         r"Speciality)\b)[A-Z][A-Za-z'’ /-]{0,30}:[ \t]{0,4}")
_FIELD_SEP = re.compile(r"[ \t]{0,3}(?:[—–|/·,;-][ \t]{0,3})?")
_FIELD_PART = re.compile(r",[ \t]{1,3}|[ \t]{1,3}[—–|/·-]{1,2}[ \t]{0,3}")

# orgword18 / s19-prec19: a title line (the organisation opens one of the first lines; the last cut after its head
# word); s19-org27: a field whose label names no department (the organisation may have been read as a NAME after a
# From: cue; the first cut, and the department must end the cell)
TITLE = Place(opens=_LINE_OPEN, joins=_SEPARATOR, parts=_PART, top_only=True, tail_ends_cell=False,
              head_end=_ORG_END, last_cut=True, heads=("ORGANIZATION",))
FIELD = Place(opens=_FIELD_OPEN, joins=_FIELD_SEP, parts=_FIELD_PART, top_only=False, tail_ends_cell=True,
              head_end=None, last_cut=False, heads=("ORGANIZATION", "NAME"))


def title_units(spans: Sequence[tuple[int, int, str]], text: str, unit: re.Pattern[str]) -> set[tuple[int, int]]:
    """A department span written after an organisation that opens a title line (:func:`units` at :data:`TITLE`)."""
    return units(spans, text, unit, TITLE)


def department_cuts(spans: Sequence[tuple[int, int, str]], text: str, unit: re.Pattern[str]) -> dict[tuple[int, int], int]:
    """{(start, end): new end} of the organisation spans that run on over a department, on title lines and in fields
    (a field's cut wins where both cut one span)."""
    return {key: end for place in (TITLE, FIELD) for key, end in tails(spans, text, unit, place).items()}


def department_drops(spans: Sequence[tuple[int, int, str]], text: str, unit: re.Pattern[str]) -> set[tuple[int, int]]:
    """(start, end) of the department spans written after an organisation on title lines, letterheads and fields."""
    return units(spans, text, unit, TITLE) | letterhead_units(spans, text, unit) | units(spans, text, unit, FIELD)


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
