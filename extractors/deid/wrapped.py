"""Hard-wrapped text (PDF-to-text, fixed-width print-outs): a line break every N characters cuts names, phones,
dates and addresses in two (``联系电话163-035\\n8-7152``, ``核对人：邱国\\n栋``), and no recognizer sees either half.

:func:`wrap_width` finds the wrap width (the commonest width of long lines, when enough lines share it), and
:func:`unwrapped` gives a view with the line breaks after full lines removed, and the offsets that map each of its
characters back to the original text (the same shape as :func:`extractors.deid.spaced.despaced`), so spans found in
the view land exactly and take in the line break they cross.

Widths are characters, or display columns as a fixed-width print-out counts them, where a Chinese or full-width
character takes two (:func:`wrap` takes the measure more full lines agree on; deidname11:
``B4817002913,许秋林,320582193107164`` and ``820,13857162094,普外科,范雅琳,2024`` are both 34 columns wide, 31 and
30 characters long). A table row cut at the width is joined to its rest too (``… | 罗F | HIS`` +
``-63129934 | 待定``) when the next line holds fewer column breaks than it: the rest of a row, not the next row.

deidorg11: a cell of a table cut inside its value (``| 2024-\n12-16 |``, ``保健中\n心``) is joined as well, rows lined up
with runs of spaces and lines longer than the width never are, and a text counts as Chinese by its letters (a tenth of
them Chinese), not its digits: a wrapped CSV export is mostly numbers.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Callable

_MIN_WIDTH = 12
Measure = Callable[[str], int]
_COLUMNS = re.compile(r"[|\t｜]| {2,}")  # a table row or a fixed-width line of columns: its line ends are real...
# ...unless the break cuts a value: a digit, a letter, a Chinese character or a date's dash on either side of a line
# filled to the width (deidorg11)
_VALUE_CHAR = re.compile(r"[0-9A-Za-z\u3400-\u9fff\-./:\uff10-\uff1a\uff21-\uff3a\uff41-\uff5a－．／]")
_CELLS = re.compile(r"[|\t｜]")  # cells drawn with pipes or tabs (two spaces also part a form's fields)
_DIGITISH = re.compile(r"[0-9\-/.:０-９－]")
# cells padded with runs of spaces to line up (two gaps or more): a row of a fixed-width table ends where it ends
_ALIGNED = re.compile(r"[ \u3000]{3}.*\S[ \u3000]{3}")
# a line that ends in an amount or a measurement (25.00) ends a value: a bill's row at the width (deidname11)
_AMOUNT_END = re.compile(r"\d[.．]\d{1,3}$")
# a line that opens with a label (经治医师：, a SOAP letter S：), a key (BED=, ADM_DATE=), an HL7 segment (NTE|) or a
# date or time starts a field or an entry, it continues nothing (prec18)
_FIELD = re.compile(r"[^\s：:，,。]{1,8}[：:]|[A-Za-z][A-Za-z0-9_]{0,19}=|[A-Z][A-Z0-9]{2}\||(?:19|20)\d{2}[-/.年]\d{1,2}|\d{1,2}:\d{2}")


def columns(line: str) -> int:
    """Display width of ``line``: two columns for a wide or full-width character, one for any other."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _share(text: str, width: int, measure: Measure) -> int:
    """How many lines are ``width`` (or one less) wide by ``measure``."""
    widths = Counter(measure(line) for line in text.split("\n"))
    return widths[width] + widths[width - 1]


def wrap_width(text: str, min_lines: int = 3, measure: Measure = len) -> int | None:
    """The width the text is hard-wrapped at, by ``measure`` (characters, or :func:`columns`): the commonest width of
    lines of at least 12 when at least ``min_lines`` lines have it (one narrower counts too: a wide character may not
    fit), else None. Chinese text (a tenth of its letters Chinese) is taken at any such width; other text only where
    it is cut mid-word at a fixed width (:func:`_cut_at`): English wraps at spaces, and its equal-length lines are
    letterheads and label columns more often than cut words."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    lengths = Counter(w for line in text.split("\n") if (w := measure(line)) >= _MIN_WIDTH)
    if not lengths:
        return None
    width, _ = max(lengths.items(), key=lambda kv: (kv[1] + lengths.get(kv[0] + 1, 0), kv[0]))
    width = width + 1 if lengths.get(width + 1, 0) else width
    if sum(1 for c in letters if "\u3400" <= c <= "\u9fff") < len(letters) / 10:
        if measure is not len:
            return None
        # s18-wrap18: the width one longer may be a few lines that kept a trailing space at the cut; or a line's
        # trailing spaces are padding the cut did not count (a scan's OCR keeps a table row's)
        found = next((w for w in dict.fromkeys((width, width - 1)) if _cut_at(lengths, w, min_lines)), None)
        if found is None:
            bare = Counter(w for line in text.split("\n") if (w := len(line.rstrip(" "))) >= _MIN_WIDTH)
            top = max(bare.items(), key=lambda kv: (kv[1] + bare.get(kv[0] + 1, 0), kv[0]))[0] if bare else 0
            found = next((w for w in dict.fromkeys((top + 1, top)) if bare.get(w) and _cut_at(bare, w, min_lines)), None)
        return found
    return width if lengths[width] + lengths.get(width - 1, 0) >= min_lines else None


def _cut_at(lengths: Counter[int], width: int, min_lines: int) -> bool:
    """Lines cut at a fixed width, not wrapped at spaces: no line is longer, and the lines of exactly the width
    outnumber three times those one, two or three characters short of it (word wrapping spreads line ends over the
    last word's length; cutting piles them at the width)."""
    # s18-wrap18: a line or two longer than the width (a scan's banner, a heading the OCR kept whole: ``[scan: page
    # rotated 90 deg]``) do not undo a cut that a fourth as many lines or more share
    longer = sum(n for w, n in lengths.items() if w > width)
    return (longer <= max(1, lengths[width] // 4) and lengths[width] >= min_lines
            and lengths[width] >= 3 * max(lengths.get(width - k, 0) for k in (1, 2, 3)))


def wrap(text: str, min_lines: int = 3) -> tuple[int, Measure] | None:
    """(width, measure) of the hard wrap, in characters or in display columns, whichever more full lines share."""
    found = [(w, m) for m in (len, columns) if (w := wrap_width(text, min_lines, m)) is not None]
    if len(found) > 1:  # s18-wrap18: rows lined up with runs of spaces share a width by layout, not by a cut
        prose = "\n".join(line for line in text.split("\n") if not _ALIGNED.search(line))
        return max(found, key=lambda wm: (_share(prose, *wm), _share(text, *wm)))
    return found[0] if found else None


def unwrapped(text: str, width: int, measure: Measure = len) -> tuple[str, list[int], set[int]]:
    """(the text without the line breaks that end a full line (of the width, not longer) between two non-space
    characters, original offset of each kept character plus one final entry for the end, the view positions where a
    break was removed). A break stays when the next line opens with a label, when the line ends in an amount, when
    either line is a row of a table lined up with runs of spaces, and when either line holds columns (pipes, tabs or
    two spaces), unless the break cuts a value of the row in two (and the
    lines do not hold as many drawn cells each: whole rows) or (where half the long lines are at the width) the
    next line holds fewer drawn cells (pipes, tabs): the rest of a row, not the next row."""
    drop: set[int] = set()
    lines = text.split("\n")
    long = sum(1 for line in lines if measure(line) >= _MIN_WIDTH)
    tables = 2 * _share(text, width, measure) >= long
    pos = 0
    for line, nxt in zip(lines, lines[1:]):
        brk = pos + len(line)
        breaks, after = len(_COLUMNS.findall(line)), len(_COLUMNS.findall(nxt))
        here, there = len(_CELLS.findall(line)), len(_CELLS.findall(nxt))  # drawn cells (pipes, tabs)
        whole = here and here == there   # as many drawn cells on both lines: each is a whole row
        if (width - 1 <= measure(line) <= width and line and nxt and (not line[-1].isspace() or _space_cut(line, width, measure))
                and not nxt[0].isspace() and not _FIELD.match(nxt) and not _AMOUNT_END.search(line)
                and ((not _ALIGNED.search(line) and not _ALIGNED.search(nxt)) or _tail_cut(line, nxt))
                and (not (breaks or after) or (not whole and (_cuts_value(line, nxt) or _tail_cut(line, nxt)))
                     or (tables and here > there))):
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


# s18-wrap18: a fixed-width row cut inside its last cell leaves the cell's end (a letter or four) at the next line's
# start, before the row's next column gap (``… SMITH, JOH`` + ``N       EDTA``): the rest of the cell, not a new row
_TAIL = re.compile(r"[A-Za-z0-9]{1,4}(?: {2,}|$)")


def _tail_cut(line: str, nxt: str) -> bool:
    """Whether a line of aligned columns is cut inside its last cell: a letter or digit on both sides of the break, the
    next line a short tail of letters or digits before a column gap or the line's end."""
    return line[-1].isalnum() and _TAIL.match(nxt) is not None


def _space_cut(line: str, width: int, measure: Measure) -> bool:
    """s18-wrap18: a Latin line filled to the width whose cut fell right after a space between two words (``Suite 3,
    Port `` + ``Ellison, OR``): one space, a letter or digit before it, the line exactly at the width."""
    return measure(line) == width and line.endswith(" ") and len(line) > 1 and line[-2].isalnum() and line.isascii()
