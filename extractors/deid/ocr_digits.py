"""OCR's letter-for-digit confusions read back as digits (``13l5282O277``, ``2O25-05-24``, ``(S4l) 23B-7367``).

Scanned and photographed forms come back from OCR with ``l``/``I`` for 1, ``O``/``o`` for 0, ``S`` for 5 and ``B``
for 8 inside numbers. :func:`digit_view` gives the text with such letters read as digits, one character for one
(so offsets hold), and the positions it changed; the recognizers run on that view too, and only what covers a
changed position is new (a number that OCR broke).
"""
from __future__ import annotations

import re

_DIGIT_FOR = str.maketrans("lIOoSB", "110058")
# a whole token of digits and confusable letters that holds two digits or more and a letter, not inside a word (the
# O2 of SpO2, the marker D1S548, the liver segment S2 stay); the letters next to a digit are read as digits
_RUN = re.compile(r"(?<![A-Za-z0-9])[0-9lIOoSB]{2,}(?![A-Za-z0-9])")
_CONFUSED = re.compile(r"(?<=\d)[lIOoSB]|[lIOoSB](?=\d)")


def digit_view(text: str) -> tuple[str, list[int]] | None:
    """``(view, changed positions)``, or None when no number holds a confusable letter."""
    chars: list[str] | None = None
    changed: list[int] = []
    for m in _RUN.finditer(text):
        run = m.group()
        if sum(c.isdigit() for c in run) < 2 or run.isdigit():
            continue  # one digit: a liver segment (肝S2), a vitamin (B2), SpO2's O2
        if sum(c.isdigit() for c in run) < sum(not c.isdigit() for c in run):
            continue  # mostly letters (SOS1): a word, not a number
        for k in _CONFUSED.finditer(run):
            if chars is None:
                chars = list(text)
            i = m.start() + k.start()
            chars[i] = text[i].translate(_DIGIT_FOR)
            changed.append(i)
    if chars is None:
        return None
    return "".join(chars), changed
