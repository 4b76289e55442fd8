"""Key-value list layouts: ``项目名称：值 单位（参考范围）↑``, one or more pairs per printed line, no table header.

Some LIS print-outs (and most "simplified" report views) print each result as a labelled pair instead of a table
row, often two or three pairs side by side. Each line is read left to right; every ``name：`` starts a pair, and
the text after the colon, up to the next pair, must read as a value, then optionally a unit, a reference range (in
brackets or bare) and a flag. A pair is kept when its name is a dictionary item, or when it prints a unit or a
reference range (so ``床号：45`` or ``年龄：51岁`` of the sheet header never become results). The parts are cut
out of their tokens and handed to ``lab_rows.parse_row`` with their roles as bands, so names, units, ranges and
flags are normalised exactly as table cells are.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from oncostruct.extractors.ocr.cells import is_qualitative, item_entry, labels
from oncostruct.extractors.ocr.lab_rows import LabRow, parse_row
from oncostruct.extractors.ocr.table import Row, median_height, y_clusters
from oncostruct.extractors.ocr.tokens import Token, sub_token
from oncostruct.extractors.values import to_halfwidth

ROLES = ["item", "value", "unit", "reference", "flag"]
# a pair's name: starts with a letter (CJK, Latin, Greek), no spaces, no colon, no slash outside one bracket pair
_NAME = re.compile(r"(?P<name>[^\W\d_][^\s:/()\[\]]*(?:[(\[][^()\[\]:]*[)\]][^\s:/()\[\]]*)?)\s*:")
_CMP = r"(?:<=|>=|<|>|≤|≥)"
_NUM = r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?"
_RANGE = rf"(?:{_NUM}\s*-\s*{_NUM}|{_CMP}\s*{_NUM})"
_FLAGS = r"(?:↑↑|↓↓|↑|↓|▲|▼|HH|LL|H|L|偏高|偏低|高|低|\*)"
_REST = re.compile(
    rf"^\s*(?P<value>{_CMP}?\s*{_NUM}(?![\d.])(?:\s*(?P<word>[\u3400-\u9fff]{{2,3}}))?|[\u3400-\u9fff]{{1,4}}|\+{{1,4}}|\+-|±|-)"
    rf"\s*(?P<unit>(?!{_FLAGS}\s*$)(?:[x×*]?10\^?\d{{1,2}}/[A-Za-zμ]+|[^\s()\[\]↑↓▲▼\d<>≤≥+\-][^\s()\[\]↑↓▲▼]*))?"
    rf"\s*(?:[(\[]\s*(?P<ref>[^()\[\]]*?)\s*[)\]]|(?P<bare>{_RANGE}))?"
    rf"\s*(?P<flag>{_FLAGS})?\s*$")


@dataclass
class _Pair:
    name: tuple[int, int]  # span of the name in the line text
    rest: tuple[int, int]  # span of the text after the colon, up to the next pair


def _line_text(line: list[Token]) -> tuple[str, list[tuple[int, int]]]:
    """The line's tokens joined by one space (half-width), and each token's (start, end) in it."""
    text, spans = "", []
    for t in line:
        if text:
            text += " "
        spans.append((len(text), len(text) + len(t.text)))
        text += to_halfwidth(t.text).replace("：", ":")
    return text, spans


def _pairs(text: str) -> list[_Pair]:
    starts = []
    for m in _NAME.finditer(text):
        a = m.start("name")
        if a > 0 and text[a - 1] == "/":  # mmol/L葡萄糖：… glued: the unit's tail is no part of the name
            while a < m.end("name") and text[a].isascii() and text[a].isalpha():
                a += 1
        starts.append((a, m.end("name"), m.end()))
    out = []
    for k, (a, b, colon) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(text)
        out.append(_Pair((a, b), (colon, end)))
    return out


def _cut(line: list[Token], spans: list[tuple[int, int]], a: int, b: int) -> list[Token]:
    """The tokens' parts covering line-text characters ``a``..``b`` (one piece per token touched)."""
    out = []
    for t, (s, e) in zip(line, spans):
        lo, hi = max(a, s), min(b, e)
        if lo < hi and t.text[lo - s: hi - s].strip():
            part = t.text[lo - s: hi - s]
            lead = len(part) - len(part.lstrip())
            out.append(sub_token(t, lo - s + lead, lo - s + len(part.rstrip())))
    return out


def _value_ok(value: str, word: str | None) -> bool:
    if re.search(r"\d", value):
        return word is None or is_qualitative(word)
    return value in ("-", "±", "+-") or value.startswith("+") or is_qualitative(value)


def pair_row(line: list[Token], spans: list[tuple[int, int]], text: str, pair: _Pair) -> Row | None:
    """The table row of one pair (tokens tagged with the ``ROLES`` index of their part), or None when the text
    after the colon does not read as a result or the name is no item and nothing marks the pair as one."""
    r0, r1 = pair.rest
    if "reference" in labels(text[pair.name[0]: r1].strip()):
        return None  # 男:4.30-5.80, 18-59岁:2.60-7.50: one line of a reference printed per sex or age band
    m = _REST.match(text[r0:r1])
    if m is None or not _value_ok(m.group("value"), m.group("word")):
        return None
    name = text[pair.name[0]: pair.name[1]]
    unit = m.group("unit")
    unit_ok = unit is not None and "unit" in labels(unit)
    ref = m.group("ref") if m.group("ref") is not None else m.group("bare")
    ref_ok = ref is not None and bool(labels(ref) & {"reference", "value", "qualitative"})
    if item_entry(name) is None and not (unit_ok or ref_ok):
        return None
    tagged: list[tuple[Token, int | None]] = [(t, 0) for t in _cut(line, spans, *pair.name)]
    for role in ("value", "unit", "ref", "bare", "flag"):
        if m.group(role) is None:
            continue
        col = ROLES.index({"ref": "reference", "bare": "reference"}.get(role, role))
        tagged.extend((t, col) for t in _cut(line, spans, r0 + m.start(role), r0 + m.end(role)))
    toks = [t for t, _ in tagged]
    return Row(0, 0, tagged, statistics.median(t.yc for t in toks))


def key_value_rows(tokens: list[Token]) -> list[LabRow]:
    """The results of a key-value list page, in reading order: lines top to bottom, pairs left to right."""
    if not tokens:
        return []
    h = median_height(tokens)
    out: list[LabRow] = []
    for line in y_clusters(tokens, 0.5 * h):
        text, spans = _line_text(line)
        for pair in _pairs(text):
            row = pair_row(line, spans, text, pair)
            res = parse_row(row, ROLES) if row is not None else None
            if res is None or res.value is None:
                continue
            res.row = len(out)
            res.cols = {k: ROLES.index(k) for k in res.cells if k in ROLES}
            out.append(res)
    return out
