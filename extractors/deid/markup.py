"""Markup read as labelled fields (branch deidword14): an XML element or attribute of an export
(``<编码员>X</编码员>``, ``术者="X"``, ``<name>X</name>``) is read on a view of the same length where the tag is a label
and its colon (``编码员：X``, ``术者： X``), so that the recognizers that read a label's value read it too.

:func:`markup_view` returns the view and the positions of the colons it wrote; the detector keeps what a recognizer
finds right after one of them (:meth:`PhiDetector._own_spans_uncached`).
"""
from __future__ import annotations

import re
from bisect import bisect_left

_ELEMENT = re.compile(r"<(?P<tag>[^\s<>/=\"'!?]{1,16})>(?P<v>[^<>\n]{1,80})</(?P=tag)>")
_ATTRIBUTE = re.compile(r"(?<=[\s<])(?P<tag>[^\s<>/=\"'!?]{1,16})=\"(?P<v>[^\"<>\n]{1,80})\"")


def markup_view(text: str) -> tuple[str, list[int]] | None:
    """``text`` with each innermost element's tags and each attribute's quotes read as a label and a colon (same
    length), and the colons' positions; None when the text holds no such markup."""
    if "<" not in text and '="' not in text:
        return None
    chars = list(text)
    colons: list[int] = []
    for m in _ELEMENT.finditer(text):
        chars[m.start()] = " "
        chars[m.start("v") - 1] = "："
        colons.append(m.start("v") - 1)
        chars[m.end("v"):m.end()] = " " * (m.end() - m.end("v"))
    for m in _ATTRIBUTE.finditer(text):
        chars[m.end("tag")] = "："
        chars[m.end("tag") + 1] = " "
        chars[m.end() - 1] = " "
        colons.append(m.end("tag"))
    return ("".join(chars), sorted(colons)) if colons else None


def after_colon(start: int, colons: list[int], text: str, reach: int = 3) -> bool:
    """Whether a value starting at ``start`` follows one of the view's ``colons`` within ``reach`` characters of one
    line."""
    return any("\n" not in text[c:start] for c in colons[bisect_left(colons, start - reach):bisect_left(colons, start)])
