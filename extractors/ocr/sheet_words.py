"""Words of a sheet's title line and of the notes around its table (``lab_sheet_words`` lexicon)."""
from __future__ import annotations

from functools import lru_cache

from oncostruct.extractors.ocr.cells import clean
from oncostruct.extractors.rules.loader import Lexicon, load_lexicon
from oncostruct.extractors.script import to_simplified


@lru_cache(maxsize=1)
def _words() -> Lexicon:
    return load_lexicon("lab_sheet_words")


def holds(text: str, category: str) -> bool:
    """``text`` (spaces removed, traditional characters as simplified) holds a word of ``category`` (title, note)."""
    t = to_simplified(clean(text).replace(" ", ""))
    return any(m.entry.category == category for m in _words().find(t))
