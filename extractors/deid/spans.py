"""PHI spans and the operations on lists of them: width folding (offsets kept), overlap resolution (the containing
span wins), splitting at indented line breaks and joining neighbours across a category's gap."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from oncostruct.extractors.script import simplified_chars

Known = tuple[str, str, float]   # a value found elsewhere: (text, category, confidence)


@dataclass(frozen=True)
class PhiSpan:
    """One PHI span of the text (``end`` exclusive), with the recognizer that found it."""

    start: int
    end: int
    category: str
    confidence: float
    rule: str


_WIDTH = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}, 0x3000: 0x20,
          # deidname10: box-drawing tables (│ 44床 │ 张三 │) read as pipe tables, their rule rows as rule rows
          **{ord(c): ord("|") for c in "│┃║"}, **{ord(c): ord("-") for c in "─━═├┼┤┌┬┐└┴┘╞╪╡╔╦╗╚╩╝╠╬╣"}}


# deidname10: markdown bold marks (**Coordinator:** Name) read as spaces; deidname11: only a pair on one line, so a
# name masked with stars (——秦**) keeps them
_BOLD = re.compile(r"(?<!\*)\*\*(?!\*)([^*\n]+?)(?<!\*)\*\*(?!\*)")


def fold_width(text: str) -> str:
    """Full-width ASCII forms and the ideographic space as their ASCII characters, box-drawing lines as pipes and
    dashes, and traditional Chinese characters as simplified ones (the rules are written in simplified
    characters), and markdown bold marks as spaces: the same length."""
    folded = simplified_chars(text.translate(_WIDTH))
    return _BOLD.sub(r"  \1  ", folded) if "**" in folded else folded


def resolve_overlaps(spans: list[PhiSpan]) -> list[PhiSpan]:
    """Non-overlapping spans in text order: containing spans win, partial overlaps merge into their union."""
    out: list[PhiSpan] = []
    for s in sorted(spans, key=lambda s: (s.start, -(s.end - s.start), -s.confidence)):
        if out and s.start < out[-1].end:
            last = out[-1]
            if s.end > last.end:  # partial overlap: the union, with the longer span's category
                keep = last if last.end - last.start >= s.end - s.start else s
                out[-1] = replace(keep, start=last.start, end=s.end, confidence=max(last.confidence, s.confidence))
            continue
        out.append(s)
    return out


_BREAK = re.compile(r"[ \t\u3000]*\n[ \t\u3000\n]*")


def split_at_breaks(spans: list[PhiSpan], text: str) -> list[PhiSpan]:
    """Spans that run over a line break with indentation or blank lines (an address wrapped onto an indented line) as
    one span per line, without the whitespace: it identifies nobody (branch deidorg10). A bare break stays inside."""
    out: list[PhiSpan] = []
    for s in spans:
        start = s.start
        for m in _BREAK.finditer(text, s.start, s.end):
            if m.end() - m.start() < 2:  # a bare break inside a value (王\n小红 hard-wrapped) keeps it one span
                continue
            if m.start() > start:
                out.append(replace(s, start=start, end=m.start()))
            start = m.end()
        if start < s.end:
            out.append(replace(s, start=start) if start != s.start else s)
    return out


def joined(spans: list[PhiSpan], text: str, gaps: dict[str, re.Pattern[str]]) -> list[PhiSpan]:
    """Spans in text order where two neighbours of one category separated only by that category's gap (a comma, a
    space: ``PO Box 12`` + ``, `` + ``Tulsa, OK``; ``Monday, `` + ``March 6``) become one span."""
    out: list[PhiSpan] = []
    for s in spans:
        last = out[-1] if out else None
        gap = gaps.get(s.category)
        if (last is not None and gap is not None and last.category == s.category
                and gap.fullmatch(text, last.end, s.start)):
            out[-1] = replace(last, end=s.end, confidence=max(last.confidence, s.confidence))
            continue
        out.append(s)
    return out
