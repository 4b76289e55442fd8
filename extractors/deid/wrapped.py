"""Hard-wrapped text (PDF-to-text, fixed-width print-outs): a line break every N characters cuts names, phones,
dates and addresses in two (``联系电话163-035\\n8-7152``, ``核对人：邱国\\n栋``), and no recognizer sees either half.

:func:`wrap_width` finds the wrap width (the commonest width of long lines, when enough lines share it), and
:func:`unwrapped` gives a view with the line breaks after full lines removed, and the offsets that map each of its
characters back to the original text (the same shape as :func:`extractors.deid.spaced.despaced`), so spans found in
the view land exactly and take in the line break they cross.

Widths are characters, or display columns as a fixed-width print-out counts them, where a Chinese or full-width
character takes two (:func:`wrap` takes the measure more full lines agree on; deidname11:
``A3906008812,徐翠建,330106192808211`` and ``820,13942263516,普外科,侯兰欣,2024`` are both 34 columns wide, 31 and
30 characters long). A table row cut at the width is joined to its rest too (``… | 罗F | HIS`` +
``-54018823 | 待定``) when the next line holds fewer column breaks than it: the rest of a row, not the next row.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Callable

_MIN_WIDTH = 12
Measure = Callable[[str], int]
_COLUMNS = re.compile(r"[|\t]| {2,}")  # a table row or a fixed-width line of columns: its line ends are real
# a line that opens with a label (经治医师：) or a date or time starts a field or an entry, it continues nothing
# deidname11: a line that ends in an amount or a measurement (25.00) ends a value: a bill's row at the width
_AMOUNT_END = re.compile(r"\d[.．]\d{1,3}$")
_FIELD = re.compile(r"[^\s：:，,。]{2,8}[：:]|(?:19|20)\d{2}[-/.年]\d{1,2}|\d{1,2}:\d{2}")


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
    fit), else None. Only Chinese text (a third of its non-space display columns Chinese) is taken: English wraps at
    spaces, and its equal-length lines are letterheads and label columns more often than cut words."""
    solid = [c for c in text if not c.isspace()]
    han = sum(1 for c in solid if "\u3400" <= c <= "\u9fff")
    if not solid:
        return None
    lengths = Counter(w for line in text.split("\n") if (w := measure(line)) >= _MIN_WIDTH)
    if not lengths:
        return None
    width, _ = max(lengths.items(), key=lambda kv: (kv[1] + lengths.get(kv[0] + 1, 0), kv[0]))
    width = width + 1 if lengths.get(width + 1, 0) else width
    if 2 * han < (len(solid) + han) / 3:   # deidname11: English cut mid-word, only where no line is longer
        return width if measure is len and _cut_at(lengths, width, min_lines) else None
    return width if lengths[width] + lengths.get(width - 1, 0) >= min_lines else None


def _cut_at(lengths: Counter[int], width: int, min_lines: int) -> bool:
    """Lines cut at a fixed width, not wrapped at spaces: no line is longer, and the lines of exactly the width
    outnumber three times those one, two or three characters short of it (word wrapping spreads line ends over the
    last word's length; cutting piles them at the width)."""
    return (max(lengths) == width and lengths[width] >= min_lines
            and lengths[width] >= 3 * max(lengths.get(width - k, 0) for k in (1, 2, 3)))


def wrap(text: str, min_lines: int = 3) -> tuple[int, Measure] | None:
    """(width, measure) of the hard wrap, in characters or in display columns, whichever more full lines share."""
    found = [(w, m) for m in (len, columns) if (w := wrap_width(text, min_lines, m)) is not None]
    return max(found, key=lambda wm: _share(text, *wm), default=None)


def unwrapped(text: str, width: int, measure: Measure = len) -> tuple[str, list[int], set[int]]:
    """(the text without the line breaks that end a full line between two non-space characters (unless the next line
    opens with a label; a line of columns, pipes, tabs or two spaces, only when half the long lines are at the width
    and the next line has fewer of them),
    original offset of each kept character plus one final entry for the end, the view positions where a break was
    removed)."""
    drop: set[int] = set()
    lines = text.split("\n")
    long = sum(1 for line in lines if measure(line) >= _MIN_WIDTH)
    # table rows are joined only where the text is plainly wrapped: half its long lines at the width
    tables = 2 * _share(text, width, measure) >= long
    pos = 0
    for line, nxt in zip(lines, lines[1:]):
        brk = pos + len(line)
        breaks, after = len(_COLUMNS.findall(line)), len(_COLUMNS.findall(nxt))
        if (measure(line) >= width - 1 and line and nxt and not line[-1].isspace() and not nxt[0].isspace()
                and not _FIELD.match(nxt) and not _AMOUNT_END.search(line)
                and (after < breaks if tables and breaks else not (breaks or after))):
            drop.add(brk)
        pos = brk + 1
    keep = [i for i in range(len(text)) if i not in drop]
    joints = {j for j, i in enumerate(keep) if j and keep[j - 1] + 1 != i}
    return "".join(text[i] for i in keep), keep + [len(text)], joints
