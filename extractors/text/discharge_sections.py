"""Sections and numbered list items of a discharge summary.

A section runs from its header (``出院诊断：``, ``Discharge Diagnoses:`` ...) to the next
header, the next admission/discharge date statement or the first blank line after some
content, whichever comes first. Offsets always refer to the original text.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from oncostruct.extractors.rules.loader import RuleMatch, load_pack

PACK = "discharge"
_BOUNDARY_LABELS = ("section", "admission_date", "discharge_date", "stay_range")
_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")
_TOP_LEVEL_SEP = "；;\n，,"
_OPEN, _CLOSE = "（(【[", "）)】]"
_TRIM = " \t\r\n\u3000，,；;。.、"


@dataclass(frozen=True)
class Section:
    """A titled part of the document; ``kind`` comes from the header rule id (``section.<kind>``)."""

    kind: str
    header: str
    rule_id: str
    start: int
    body_start: int
    end: int


def _lang(lang: str | None) -> str | None:
    return lang if lang in ("zh", "en") else None


def find_sections(text: str, lang: str | None = None) -> list[Section]:
    """Sections in text order."""
    bounds = load_pack(PACK).find(text, _lang(lang), _BOUNDARY_LABELS)
    out: list[Section] = []
    for i, m in enumerate(bounds):
        if m.label != "section":
            continue
        nxt = bounds[i + 1].start if i + 1 < len(bounds) else len(text)
        end = _cut_at_blank_line(text, m.end, nxt)
        out.append(Section(m.rule_id.split(".", 1)[1], m.groups.get("header") or m.text, m.rule_id, m.start, m.end, end))
    return out


def _cut_at_blank_line(text: str, body_start: int, limit: int) -> int:
    """End of a section body: the first blank line after some content, else ``limit``."""
    pos = body_start
    while True:
        blank = _BLANK_LINE.search(text, pos, limit)
        if blank is None:
            return limit
        if text[body_start:blank.start()].strip():
            return blank.start()
        pos = blank.end() - 1


def section_at(sections: list[Section], pos: int) -> Section | None:
    """The section whose body contains ``pos`` (bodies are in text order and do not overlap: a binary search)."""
    i = bisect_right(sections, pos, key=lambda s: s.body_start) - 1
    return sections[i] if i >= 0 and pos < sections[i].end else None


@lru_cache(maxsize=4)
def _list_markers(text: str, lang: str | None) -> tuple[RuleMatch, ...]:
    """List-item markers of the whole text, found once per document rather than once per section (#20)."""
    return tuple(load_pack(PACK).find(text, lang, ["list_item"]))


def list_items(text: str, start: int, end: int, lang: str | None = None) -> list[tuple[int, int]]:
    """Trimmed (start, end) spans of the items of a list written in ``text[start:end]``.

    Numbered lists (``1.`` ``（2）`` ``③``) split at their markers; otherwise items are
    separated by line breaks, semicolons or top-level commas (not inside brackets).
    """
    found = _list_markers(text, _lang(lang))
    markers = list(found[bisect_left(found, start, key=lambda m: m.start):bisect_left(found, end, key=lambda m: m.start)])
    if markers:
        pieces = [(start, markers[0].start)] if text[start:markers[0].start].strip(_TRIM) else []
        pieces += [(m.end, markers[i + 1].start if i + 1 < len(markers) else end) for i, m in enumerate(markers)]
    else:
        pieces = _split_top_level(text, start, end)
    return [t for t in (_trim(text, a, b) for a, b in pieces) if t is not None]


def _split_top_level(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces, depth, last = [], 0, start
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in _TOP_LEVEL_SEP and (depth == 0 or ch == "\n"):
            pieces.append((last, i))
            last = i + 1
    pieces.append((last, end))
    return pieces


def _trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and text[b - 1] in _TRIM:
        b -= 1
    return (a, b) if b > a else None

