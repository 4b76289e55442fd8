"""English lines broken inside a value (``resides at 771 Hazelmere\\nRoad, Olympia``, ``(503) 555-\\n0142``,
``Patient Name: Cosimo\\nWinterbourne-Smythe``): word-wrapped prose and narrow form columns put a line break
where a space or nothing stood, and no recognizer sees either half.

:func:`soft_wrap_view` gives the text with such breaks read as a space, one character for one (so offsets hold), and
the positions it changed: a break that cuts a street before its type word (``771 Hazelmere\\nRoad``) or a number at
its dash; and in text wrapped at a width, a single break between two lines that both hold text, where the first does not end a
sentence, a field or a label (``.``, ``:``, ``;``), the next line's first word would not have fitted on the first
(word wrapping near the text's widest line, which three lines or more come near), and the next does not open a field (``Label:``), a list item, a heading
in capitals or a table row. The recognizers run on the view too, and what they find across a changed break is kept (the break
becomes part of the span, as :func:`extractors.deid.detect.split_at_breaks` leaves a bare break inside a value).
Hard-wrapped text cut at a fixed width is :mod:`extractors.deid.wrapped`'s.
"""
from __future__ import annotations

import re

# a break that cuts a value whatever the layout: a house number and street name before the street's type word on
# the next line (771 Hazelmere\nRoad), a number's groups around a dash (555-\n0142)
_CUT_VALUE = re.compile(r"(?<![A-Za-z0-9])\d{1,6}(?:[ \t][A-Z][a-z]{1,20}){1,3}\n(?:Road|Rd|Street|St|Avenue|Ave|Terrace|Ter|"
                        r"Drive|Dr|Lane|Ln|Court|Ct|Boulevard|Blvd|Way|Place|Pl|Circle|Cir|Parkway|Pkwy|Highway|Hwy|"
                        r"Close|Crescent|Mews|Grove|Row|Square|Trail)\b[.,]?|\d-\n\d")
_MIN_FULL_LINES = 3   # lines filled near the width that make a text word-wrapped
_BREAK = re.compile(r"(?<=[A-Za-z0-9,()\-/&])\n(?=[A-Za-z0-9(])")
# what opens a field, an item or a row on the next line: a label and its colon, a bullet or number, a cell
_OPENS_FIELD = re.compile(r"[A-Za-z][A-Za-z0-9 /#.'’()-]{0,30}[:=]|[-*•#>|]|\d{1,2}[.)][ \t]|[A-Z]{2,}[ \t][A-Z]{2,}"
                          r"|(?:19|20)\d{2}[-/.年]|\d{1,2}[/:.-]\d{1,2}")   # a log entry's date or time opens a line too
_CJK = re.compile(r"[\u3400-\u9fff]")   # Chinese lines are extractors.deid.wrapped's


def soft_wrap_view(text: str) -> tuple[str, list[int]] | None:
    """``(view, changed positions)``, or None when no line break reads as a space."""
    changed: list[int] = []
    lines = text.split("\n")
    width = max(map(len, lines))   # the widest line: a word-wrapped line ends where the next word did not fit
    wrapped = sum(1 for line in lines if len(line) >= 0.85 * width) >= _MIN_FULL_LINES
    for m in _BREAK.finditer(text):
        i = m.start()
        line_start = text.rfind("\n", 0, i) + 1
        cut = _CUT_VALUE.search(text, line_start, i + 1 + 16)
        if cut is not None and cut.start() < i < cut.end():
            changed.append(i)   # whatever the width: a street before its type word, a number after its dash
            continue
        if not wrapped:
            continue   # no text wrapped at a width: a few lines of fields
        nxt_end = text.find("\n", i + 1)
        nxt = text[i + 1:nxt_end if nxt_end >= 0 else len(text)]
        if _CJK.search(text, line_start, i) or _CJK.search(nxt):
            continue
        first = nxt.split(" ", 1)[0]
        if (_OPENS_FIELD.match(nxt) or "|" in text[line_start:i] or "\t" in text[line_start:i]
                or i - line_start + 1 + len(first) <= 0.9 * width):
            continue
        changed.append(i)
    if not changed:
        return None
    chars = list(text)
    for i in changed:
        chars[i] = " "
    return "".join(chars), changed
