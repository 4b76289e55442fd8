"""Numbers said digit by digit in Chinese (``幺三八…``, ``二一零…叉``) read back as digits, one character for one.

Voice-assistant and call transcripts (ASR) write a phone or an ID number as the digits one says: 幺 or 一 for 1,
两 for 2, 零 / 〇 / 洞 for 0, and 叉 for an ID's final X. :func:`spoken_view` gives the text with such runs read
as ASCII digits (offsets hold, as :func:`extractors.deid.ocr_digits.digit_view` does for OCR's confusions) and the
positions it changed; the recognizers run on that view too. A run needs seven digits or more (a phone, an ID), or
four beside a tail cue (尾号 / 结尾: the last digits of a phone), so counts and ordinals (一二三, 十一五) stay words, and a run before a unit (天, 次, 岁) is no number.
"""
from __future__ import annotations

import re

_SPOKEN = dict(zip("零〇洞一幺二两三四五六七八九", "00011223456789"))  # digit words (洞 0, 幺 1, 两 2 as said aloud)
_DIGIT_FOR = str.maketrans({**_SPOKEN, "叉": "X"})  # 叉: an ID's check letter X, said aloud
_D = "".join(_SPOKEN)
_RUN = re.compile(rf"(?<![{_D}十百千万])[{_D}]{{7,}}(?:叉(?![\u4e00-\u9fa5]))?(?![{_D}十百千万天次个年月日号岁人例周])"
                  rf"|(?<=尾号)[{_D}]{{4}}(?![{_D}十百千万])|(?<![{_D}十百千万])[{_D}]{{4}}(?=[ \t]?结尾)")


def spoken_view(text: str) -> tuple[str, list[int]] | None:
    """``(view, changed positions)``, or None when no run of spoken digits is found."""
    chars: list[str] | None = None
    changed: list[int] = []
    for m in _RUN.finditer(text):
        if chars is None:
            chars = list(text)
        for i in range(m.start(), m.end()):
            chars[i] = text[i].translate(_DIGIT_FOR)
            changed.append(i)
    if chars is None:
        return None
    return "".join(chars), changed
