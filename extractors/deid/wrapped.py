"""Hard-wrapped text (PDF-to-text, fixed-width print-outs): a line break every N characters cuts names, phones,
dates and addresses in two (``联系电话163-035\\n8-7152``, ``核对人：邱国\\n栋``), and no recognizer sees either half.

:func:`wrap_width` finds the wrap width (the commonest length of long lines, when enough lines share it), and
:func:`unwrapped` gives a view with the line breaks after full lines removed, and the offsets that map each of its
characters back to the original text (the same shape as :func:`extractors.deid.spaced.despaced`), so spans found in
the view land exactly and take in the line break they cross.
"""
from __future__ import annotations

import re
from collections import Counter

_MIN_WIDTH = 12
_COLUMNS = re.compile(r"[|\t]|  ")  # a table row or a fixed-width line of columns: its line ends are real
# a line that opens with a label (经治医师：) or a date or time starts a field or an entry, it continues nothing
_FIELD = re.compile(r"[^\s：:，,。]{2,8}[：:]|(?:19|20)\d{2}[-/.年]\d{1,2}|\d{1,2}:\d{2}")


def wrap_width(text: str, min_lines: int = 3) -> int | None:
    """The width the text is hard-wrapped at: the commonest length of lines of at least 12 characters when at least
    ``min_lines`` lines have it (one shorter counts too: a wide character may not fit), else None. Only Chinese text
    (a third of its non-space characters Chinese) is taken: English wraps at spaces, and its equal-length lines are
    letterheads and label columns more often than cut words."""
    solid = [c for c in text if not c.isspace()]
    if not solid or sum(1 for c in solid if "\u3400" <= c <= "\u9fff") < len(solid) / 3:
        return None
    lengths = Counter(len(line) for line in text.split("\n") if len(line) >= _MIN_WIDTH)
    if not lengths:
        return None
    width, _ = max(lengths.items(), key=lambda kv: (kv[1] + lengths.get(kv[0] + 1, 0), kv[0]))
    width = width + 1 if lengths.get(width + 1, 0) else width
    return width if lengths[width] + lengths.get(width - 1, 0) >= min_lines else None


def unwrapped(text: str, width: int) -> tuple[str, list[int], set[int]]:
    """(the text without the line breaks that end a full line between two non-space characters (unless the next line
    opens with a label, or either line holds columns: a pipe, a tab or two spaces), original offset of
    each kept character plus one final entry for the end, the view positions where a break was removed)."""
    drop: set[int] = set()
    lines = text.split("\n")
    pos = 0
    for line, nxt in zip(lines, lines[1:]):
        brk = pos + len(line)
        if (len(line) >= width - 1 and line and nxt and not line[-1].isspace() and not nxt[0].isspace()
                and not _FIELD.match(nxt) and not _COLUMNS.search(line) and not _COLUMNS.search(nxt)):
            drop.add(brk)
        pos = brk + 1
    keep = [i for i in range(len(text)) if i not in drop]
    joints = {j for j, i in enumerate(keep) if j and keep[j - 1] + 1 != i}
    return "".join(text[i] for i in keep), keep + [len(text)], joints
