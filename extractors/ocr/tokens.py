"""OCR lines → word tokens in deskewed page coordinates.

The dominant text angle is estimated from the boxes' top edges and undone on the
coordinates only (no pixels are touched), so photographed sheets held at a slant still give
horizontal rows. A line is split at spaces into tokens whose x-extent is interpolated by
character width (CJK characters count double), since neighbouring table cells often come
back from the detector as one line ("109/L 0.12--0.8").
"""
from __future__ import annotations

import math
import re
import statistics
import unicodedata
from dataclasses import dataclass

from oncostruct.extractors.ocr.ocr import OcrLine

_SEPARATOR = re.compile(r"\s*[|│┃｜]\s*|\s+")  # spaces, and a table's rule read as a bar between cells (0.75 |L|10^9/L)
_BAR = re.compile(r"[|│┃｜]")
# a range printed with a space beside its dash (3.10- 6.80, 12.0 - 22.0), or whose thin dash was read as a dot (2.11· 2.52,
# 137·147, 0.80. 1.20 between two numbers printing decimals): one cell, not three words, its separator a dash; never
# a number beside a whole range (6.1 - 3.5-9.5: a value, a placeholder dash and the range) or a power of ten
_NUMBER = r"\d+(?:\.\d+)?"
_DECIMAL = r"\d+\.\d+"
_SPACED_RANGE = re.compile(
    rf"(?<![\d.\-^/·])(?:(?P<low>{_NUMBER})(?P<sep>\s*[-·•∙]\s+|\s+[-·•∙]\s*)(?P<high>{_NUMBER})"
    rf"|(?P<low2>\d{{3,}}|{_DECIMAL})(?P<sep2>[·•∙]|(?<=\.\d)\.\s+|(?<=\.\d\d)\.\s+)(?P<high2>\d{{3,}}|{_DECIMAL}))"
    r"(?![\d.^/·]|\s*[-·]\s*\d)")


@dataclass
class Token:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    score: float
    line: int  # index of the OcrLine it came from
    page: int = 0

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def h(self) -> float:
        return self.y1 - self.y0


def char_width(c: str) -> float:
    if c.isspace():
        return 0.5
    return 1.0 if unicodedata.east_asian_width(c) in ("W", "F") else 0.55


def line_angle(line: OcrLine) -> float | None:
    """Angle of the top edge in radians (image y down, so positive = descending to the right)."""
    (x0, y0), (x1, y1) = line.box[0], line.box[1]
    height = math.dist(line.box[0], line.box[3])
    width = math.dist(line.box[0], line.box[1])
    if width < 2.5 * max(height, 1.0) or len(line.text.strip()) < 3:
        return None
    return math.atan2(y1 - y0, x1 - x0)


def page_angle(lines: list[OcrLine]) -> float:
    angles = [a for a in (line_angle(ln) for ln in lines) if a is not None]
    return statistics.median(angles) if angles else 0.0


def vertical_fraction(lines: list[OcrLine]) -> float:
    """Share of multi-character lines whose box is clearly taller than wide (a page turned by 90°)."""
    multi = [ln for ln in lines if len(ln.text.strip()) >= 3]
    if not multi:
        return 0.0
    tall = [ln for ln in multi if (ln.bbox[3] - ln.bbox[1]) > 1.5 * (ln.bbox[2] - ln.bbox[0])]
    return len(tall) / len(multi)


def _rotate(p: tuple[float, float], cos: float, sin: float) -> tuple[float, float]:
    return p[0] * cos - p[1] * sin, p[0] * sin + p[1] * cos


def tokens_from_lines(lines: list[OcrLine], angle: float | None = None) -> tuple[list[Token], float]:
    """Word tokens with axis-aligned boxes in coordinates rotated by ``-angle``; returns (tokens, angle)."""
    angle = page_angle(lines) if angle is None else angle
    cos, sin = math.cos(-angle), math.sin(-angle)
    out: list[Token] = []
    for i, ln in enumerate(lines):
        pts = [_rotate(p, cos, sin) for p in ln.box]
        x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
        y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
        out.extend(_split(ln.text, x0, y0, x1, y1, ln.score, i, ln.page))
    return out, angle


def _split(text: str, x0: float, y0: float, x1: float, y1: float, score: float, line: int, page: int) -> list[Token]:
    text = text.strip()
    if not text:
        return []
    total = sum(char_width(c) for c in text) or 1.0
    scale = (x1 - x0) / total
    tokens = []
    for start, end, part in _parts(text):
        left = sum(char_width(c) for c in text[:start])
        right = left + sum(char_width(c) for c in text[start:end])
        tokens.append(Token(part, x0 + left * scale, y0, x0 + right * scale, y1, score, line, page))
    return tokens


def _in_word(text: str, start: int, end: int) -> bool:
    """The bar at ``text[start:end]`` stands between two letters (or a letter and a slash): part of a word."""
    return start > 0 and end < len(text) and text[start - 1].isalpha() and (text[end].isalpha() or text[end] == "/")


def _parts(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of the words of a line's text, split at spaces and at bars between cells (a table's rule or
    a pasted table's ``|``, a word of its own, as when printed apart); a rising range printed with a space beside its dash, or with its
    dash read as a dot, is one word with a dash (``_SPACED_RANGE``)."""
    kept = {}
    for m in _SPACED_RANGE.finditer(text):
        low, high = m.group("low") or m.group("low2"), m.group("high") or m.group("high2")
        if float(low) < float(high):
            sep = m.group("sep") or m.group("sep2")
            kept[m.span()] = text[m.start():m.end()] if "-" in sep else f"{low}-{high}"
    out, start = [], 0
    for sep in _SEPARATOR.finditer(text):
        if sep.group() == sep.group().strip() and _in_word(text, sep.start(), sep.end()):
            continue  # l|gG, μ|/L: a glyph read as a bar inside a word
        if not any(a < sep.start() and sep.end() < b for a, b in kept):
            out.append((start, sep.start()))
            if bar := _BAR.search(sep.group()):  # the bar stays a word of its own: the cell it rules off keeps its
                out.append((sep.start() + bar.start(), sep.start() + bar.end()))  # place in its column
            start = sep.end()
    out.append((start, len(text)))
    return [(a, b, kept.get((a, b), text[a:b])) for a, b in out if b > a]


def sub_token(tok: Token, start: int, end: int) -> Token:
    """The part ``tok.text[start:end]`` with its interpolated x-extent."""
    total = sum(char_width(c) for c in tok.text) or 1.0
    scale = (tok.x1 - tok.x0) / total
    left = sum(char_width(c) for c in tok.text[:start])
    right = left + sum(char_width(c) for c in tok.text[start:end])
    return Token(tok.text[start:end], tok.x0 + left * scale, tok.y0, tok.x0 + right * scale, tok.y1, tok.score,
                 tok.line, tok.page)


def page_bbox(tok: Token, angle: float) -> tuple[float, float, float, float]:
    """The token's box back in page-image pixels (axis-aligned hull of the rotated-back rectangle)."""
    cos, sin = math.cos(angle), math.sin(angle)
    pts = [_rotate(p, cos, sin) for p in ((tok.x0, tok.y0), (tok.x1, tok.y0), (tok.x1, tok.y1), (tok.x0, tok.y1))]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return round(max(min(xs), 0.0), 1), round(max(min(ys), 0.0), 1), round(max(xs), 1), round(max(ys), 1)
