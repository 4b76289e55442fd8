"""Line breaks written as escapes (session 19, branch loc19): an iCalendar DESCRIPTION, a JSON string or a log
line keeps a multi-line note on one line with ``\\n`` for each break (``MRN 1234\\nJane Roe (wife) will dial in``),
and a value right after the escape is glued to its ``n`` for every recognizer that wants a word's edge.

:func:`escape_view` gives the text with each ``\\n`` (and ``\\r``) read as a space and a line break, two characters
for two (so offsets hold), and the positions where a line now starts; the detector keeps what a recognizer finds
starting right there (:meth:`PhiDetector._own_spans_uncached`).
"""
from __future__ import annotations

import re

_ESCAPED_BREAK = re.compile(r"(?<!\\)\\[nr](?=[A-Za-z0-9\u4e00-\u9fff])")


def escape_view(text: str) -> tuple[str, list[int]] | None:
    """``(view, starts)``: the view with each escaped break read as `` \\n`` and the positions right after them; None
    when the text holds none."""
    if "\\" not in text:
        return None
    starts: list[int] = []
    chars = list(text)
    for m in _ESCAPED_BREAK.finditer(text):
        chars[m.start()] = " "
        chars[m.start() + 1] = "\n"
        starts.append(m.end())
    return ("".join(chars), starts) if starts else None
