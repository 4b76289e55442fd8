"""Line records: every printed line read as one or more results, without columns.

Pasted text tables (an e-mail's ``Test | Result | Flag | Units | Ref. Range``), kiosk strips, dotted-leader lists and
lines whose cells drift off any column grid are read best line by line: the line's tokens, cut at table rules
(``|``, ``¦``, ``│``: a lone ``1``, ``I`` or ``l`` on a line that prints rules is a rule read as a letter) and at the
``;`` of a delimited export (a CSV file in a text editor, whose line numbers are no fields), are split
into records where a name follows a number (two or three results side by side; a record beside another is kept
only with its unit or range; a record holding a run of eight or more digits, a barcode or record number, is none; low
and high limits in cells of their own are one range), and each record is read by ``lab_rows.parse_row`` without
bands, name first (a value printed before the name is read after it). Which reading wins is decided by
``reading_choice``.
"""
from __future__ import annotations

import re

from oncostruct.extractors.ocr.cells import clean, has_cjk, item_entry, labels
from oncostruct.extractors.ocr.lab_rows import LabRow, parse_row, rising_range
from oncostruct.extractors.ocr.table import Row, median_height, y_clusters
from oncostruct.extractors.ocr.tokens import Token, sub_token

_RULES = "|¦│┃"
_FIELD_SEPS = ";；"  # a delimited export's field separators (``ALT;丙氨酸氨基转移酶;37;U/L;7-40;``)…
_MIN_SEPS = 3  # …on a line that prints at least this many: a separator in a sentence or a header stays
_RULE_LOOKALIKE = {"1", "I", "l"}
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\(?[A-Za-z][A-Za-z0-9,()/'\- ]*")
_ID = re.compile(r"\d{8,}")
_BARE = re.compile(r"\d+(?:\.\d+)?")
_CODE = re.compile(r"[A-Za-z][A-Za-z0-9#%()\-]{0,9}")
_WORD_GAP = 0.8  # text heights: a word space, not a gap between cells


def _cut_rules(line: list[Token]) -> list[Token]:
    """The line's tokens cut at printed rules, and at field separators where the line prints ``_MIN_SEPS`` of them
    (a CSV export shown in a text editor); on a line with rules, lone rule look-alikes are dropped."""
    ruled = any(c in _RULES for t in line for c in t.text)
    seps = sum(t.text.count(c) for t in line for c in _FIELD_SEPS)
    delimited = seps >= _MIN_SEPS
    cuts = _RULES + (_FIELD_SEPS if delimited else "")
    if delimited:  # bare numbers left of the delimited text are the editor's line numbers, not fields
        first = next(k for k, t in enumerate(line) if any(c in _FIELD_SEPS for c in t.text))
        line = [t for k, t in enumerate(line) if k >= first or not _BARE.fullmatch(t.text.strip())]
    out: list[Token] = []
    for t in line:
        start = 0
        for k, c in enumerate(t.text + _RULES[0]):
            if c in cuts:
                part = t.text[start:k]
                if part.strip() and not (ruled and part.strip() in _RULE_LOOKALIKE):
                    out.append(sub_token(t, start, k) if (start, k) != (0, len(t.text)) else t)
                start = k + 1
    return out


def _opens(t: Token) -> bool:
    """A token that can start a record: a catalogue item (no flag or unit word: H, L), or a Chinese name of two or
    more characters."""
    text = clean(t.text).replace(" ", "")
    if len(text) >= 2 and item_entry(text) is not None and not labels(text) & {"flag", "unit"}:
        return True
    return not _DIGIT.search(text) and sum(1 for c in text if has_cjk(c)) >= 2


def _words_joined(line: list[Token]) -> list[Token]:
    """Latin words of one name printed with word spaces (``Uric Acid``, ``Protein, total``) as one token."""
    out: list[Token] = []
    for t in line:
        prev = out[-1] if out else None
        if prev is not None and _WORD.fullmatch(prev.text) and _WORD.fullmatch(t.text) \
                and t.x0 - prev.x1 < _WORD_GAP * max(prev.h, t.h):
            out[-1] = Token(f"{prev.text} {t.text}", prev.x0, min(prev.y0, t.y0), t.x1, max(prev.y1, t.y1),
                            min(prev.score, t.score), prev.line, prev.page)
        else:
            out.append(t)
    return out


def _records(line: list[Token]) -> list[list[Token]]:
    """The line cut where a name follows a record holding a name and, after it, a number (side-by-side results; a
    value printed before its name, and a code after it, stay with it)."""
    out: list[list[Token]] = [[]]
    named = number_after = False
    for t in line:
        opens = _opens(t)
        if named and number_after and opens:
            out.append([])
            named = number_after = False
        out[-1].append(t)
        number_after = number_after or named and bool(_DIGIT.search(t.text))
        named = named or opens
    return [r for r in out if r]


def _limits_joined(rec: list[Token]) -> list[Token]:
    """Low and high limits printed in cells of their own (``166 HIGH 45 125 U/L``): of three or more bare numbers,
    the last two, side by side and rising, are one range."""
    nums = [k for k, t in enumerate(rec) if _BARE.fullmatch(t.text.strip())]
    if len(nums) < 3 or nums[-1] != nums[-2] + 1:
        return rec
    a, b = rec[nums[-2]], rec[nums[-1]]
    text = rising_range(a.text.strip(), b.text.strip())
    if text is None:
        return rec
    joined = Token(text, a.x0, min(a.y0, b.y0), b.x1, max(a.y1, b.y1),
                   min(a.score, b.score), a.line, a.page)
    return [*rec[:nums[-2]], joined, *rec[nums[-1] + 1:]]


def _row(rec: list[Token]) -> Row:
    """The record as a row read name first: a value (and flag) printed before the name (``162 ↑ 肌酸激酶 CK U/L
    50-310``) is read as the record's second line, after the name and its code."""
    first = next((k for k, t in enumerate(rec) if _opens(t)), 0)
    if first == 0 or not all(_DIGIT.search(t.text) or labels(clean(t.text)) & {"flag"} for t in rec[:first]):
        return Row(0, 0, [(t, None) for t in rec], rec[0].yc)
    end = first + 1
    if end < len(rec) and _CODE.fullmatch(rec[end].text.strip()) and "unit" not in labels(clean(rec[end].text)):
        end += 1
    order = [*rec[first:end], *rec[:first], *rec[end:]]
    return Row(0, 0, [(t, None) for t in order], rec[first].yc, end - first)


def line_rows(tokens: list[Token]) -> list[LabRow]:
    """The records of every line of the page, top to bottom, left to right."""
    if not tokens:
        return []
    out: list[LabRow] = []
    for line in y_clusters(tokens, 0.5 * median_height(tokens)):
        for k, rec in enumerate(_records(_words_joined(_cut_rules(line)))):
            if any(_ID.search(t.text) for t in rec):
                continue  # a barcode, sample or record number: a line of a sample list, no result
            res = parse_row(_row(_limits_joined(rec)), [])
            if res is None or k > 0 and res.unit is None and res.reference is None:
                continue  # a record beside another needs its unit or range (WBC 1: a code column and row numbers)
            res.row = len(out)
            out.append(res)
    return out
