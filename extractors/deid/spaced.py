"""Letter-spaced Chinese (``河 南 省 肿 瘤 医 院``): an OCR and typesetting artefact that hides names and places
from every recognizer. :func:`despaced` gives a view with the single spaces between two CJK characters removed, and
the offsets that map each of its characters back to the original text, so spans found in the view land exactly."""
from __future__ import annotations

import re

# an ASCII space only: the ideographic space (U+3000) separates fields in these documents, it is no letter gap
_SPACED = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


def spaced_share(text: str) -> float:
    """Share of CJK characters followed by a single space and another CJK character."""
    n_cjk = sum(1 for c in text if "\u3400" <= c <= "\u9fff")
    return len(_SPACED.findall(text)) / n_cjk if n_cjk else 0.0


def despaced(text: str) -> tuple[str, list[int]]:
    """(the text without single spaces between CJK characters, original offset of each kept character plus one
    final entry for the end)."""
    drop = {m.start() for m in _SPACED.finditer(text)}
    keep = [i for i in range(len(text)) if i not in drop]
    return "".join(text[i] for i in keep), keep + [len(text)]


def mapped_back(start: int, end: int, offsets: list[int]) -> tuple[int, int]:
    """The original span of the view's span ``[start, end)``."""
    return offsets[start], offsets[end - 1] + 1
