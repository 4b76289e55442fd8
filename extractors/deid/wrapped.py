"""Hard-wrapped text (PDF-to-text, fixed-width print-outs): a line break every N characters cuts names, phones,
dates and addresses in two (``联系电话163-035\\n8-7152``, ``核对人：邱国\\n栋``), and no recognizer sees either half.

:func:`wrap_width` finds the wrap width (the commonest length of long lines, when enough lines share it), and
:func:`unwrapped` gives a view with the line breaks after full lines removed, and the offsets that map each of its
characters back to the original text (the same shape as :func:`extractors.deid.spaced.despaced`), so spans found in
the view land exactly and take in the line break they cross.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

_MIN_WIDTH = 12
_COLUMNS = re.compile(r"[|\t｜]|  ")  # a table row or a fixed-width line of columns: its line ends are real
# deidorg11: ...unless the break cuts a value: a digit, a letter, a Chinese character or a date's dash on either side
# of a line filled to the width (`| 2024-\n12-16 |`, `保健中\n心`)
_VALUE_CHAR = re.compile(r"[0-9A-Za-z\u3400-\u9fff\-./:\uff10-\uff1a\uff21-\uff3a\uff41-\uff5a－．／]")
_CELLS = re.compile(r"[|\t｜]")  # cells drawn with pipes or tabs (two spaces also part a form's fields)
_DIGITISH = re.compile(r"[0-9\-/.:０-９－]")
# cells padded with runs of spaces to line up (two gaps or more): a row of a fixed-width table ends where it ends
_ALIGNED = re.compile(r"[ \u3000]{3}.*\S[ \u3000]{3}")
# a line that opens with a label (经治医师：) or a date or time starts a field or an entry, it continues nothing
_FIELD = re.compile(r"[^\s：:，,。]{2,8}[：:]|(?:19|20)\d{2}[-/.年]\d{1,2}|\d{1,2}:\d{2}")


def line_width(line: str, columns: bool = False) -> int:
    """A line's length in characters, or (``columns``) in printer columns: a wide (Chinese, full-width) character
    takes two, as fixed-width print-outs and terminal exports count them (deidorg11)."""
    if not columns:
        return len(line)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _width_count(text: str, columns: bool) -> tuple[int, int] | None:
    """(the commonest long-line width, how many lines have it or one less)."""
    lengths = Counter(w for line in text.split("\n") if (w := line_width(line, columns)) >= _MIN_WIDTH)
    if not lengths:
        return None
    width, _ = max(lengths.items(), key=lambda kv: (kv[1] + lengths.get(kv[0] + 1, 0), kv[0]))
    width = width + 1 if lengths.get(width + 1, 0) else width
    return width, lengths[width] + lengths.get(width - 1, 0)


def wrap_width(text: str, min_lines: int = 3, columns: bool = False) -> int | None:
    """The width the text is hard-wrapped at: the commonest length of lines of at least 12 characters when at least
    ``min_lines`` lines have it (one shorter counts too: a wide character may not fit), else None. Only Chinese text
    (a tenth of its letters Chinese: bilingual forms too) is taken: English wraps at spaces, and its equal-length lines are
    letterheads and label columns more often than cut words. ``columns``: lengths in printer columns."""
    letters = [c for c in text if c.isalpha()]  # deidorg11: letters, not digits: a wrapped CSV export is mostly numbers
    if not letters or sum(1 for c in letters if "\u3400" <= c <= "\u9fff") < len(letters) / 10:
        return None
    found = _width_count(text, columns)
    return found[0] if found and found[1] >= min_lines else None


def wrap(text: str, min_lines: int = 3) -> tuple[int, bool] | None:
    """(width, counted in printer columns) of a hard-wrapped text, by characters or by columns, whichever more lines
    fill; None when neither does."""
    best = None
    for columns in (False, True):
        width = wrap_width(text, min_lines, columns)
        if width is not None:
            n = _width_count(text, columns)[1]  # type: ignore[index]
            if best is None or n > best[2]:
                best = (width, columns, n)
    return (best[0], best[1]) if best else None


def unwrapped(text: str, width: int, columns: bool = False) -> tuple[str, list[int], set[int]]:
    """(the text without the line breaks that end a full line (of the width, not longer) between two non-space
    characters, original offset of each kept character plus one final entry for the end, the view positions where a
    break was removed). A break stays when the next line opens with a label, when either line is a row of a table
    lined up with runs of spaces, and when either line holds columns (a pipe, a tab or two spaces) unless the break
    cuts a value of the row in two. ``columns``: the width is in printer columns (:func:`line_width`)."""
    drop: set[int] = set()
    lines = text.split("\n")
    pos = 0
    for line, nxt in zip(lines, lines[1:]):
        brk = pos + len(line)
        if (width - 1 <= line_width(line, columns) <= width and line and nxt and not line[-1].isspace()
                and not nxt[0].isspace() and not _FIELD.match(nxt) and not _ALIGNED.search(line)
                and not _ALIGNED.search(nxt)
                and (_cuts_value(line, nxt) or not (_COLUMNS.search(line) or _COLUMNS.search(nxt)))):
            drop.add(brk)
        pos = brk + 1
    keep = [i for i in range(len(text)) if i not in drop]
    joints = {j for j, i in enumerate(keep) if j and keep[j - 1] + 1 != i}
    return "".join(text[i] for i in keep), keep + [len(text)], joints


def _cuts_value(line: str, nxt: str) -> bool:
    """Whether a line of columns filled to the width breaks inside a value: value characters on both sides, and (for
    fields parted by two spaces, not cells drawn with pipes or tabs) the last field a labelled value (``审核：雷``)
    or digits on both sides; a complete field (``麻醉 局麻``) ends the line."""
    if not (_VALUE_CHAR.match(line[-1]) and _VALUE_CHAR.match(nxt[0])):
        return False
    if _CELLS.search(line):
        return True
    if not _COLUMNS.search(line):  # a line without columns is no row: the next one opening a table starts it
        return False
    last = _COLUMNS.split(line)[-1]  # fields parted by two spaces: the last one is a labelled value or a number
    return bool(re.search(r"[：:]", last) or _DIGITISH.match(line[-1]) and _DIGITISH.match(nxt[0]))
