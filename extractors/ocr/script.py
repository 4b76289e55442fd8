"""Traditional Chinese → simplified, for matching printed words against the catalogues.

Sheets from Hong Kong and Taiwan print 檢驗項目 / 單位 / 白血球 / 血紅素; the vocabularies (``lab_items``,
``lab_headers``, ``units``) are kept in simplified characters. Lookups fold the printed word to simplified
first (OpenCC's ``t2s`` tables, pure Python: ``opencc-purepy``); the output keeps the text as printed.
Regional names that differ in more than the script (白血球 = 白细胞) are catalogue synonyms, not folding.
"""
from __future__ import annotations

from functools import lru_cache

from opencc_purepy import OpenCC

_CJK_LO, _CJK_HI = 0x3400, 0x9FFF


@lru_cache(maxsize=1)
def _converter() -> OpenCC:
    return OpenCC("t2s")


@lru_cache(maxsize=8192)
def to_simplified(text: str) -> str:
    """``text`` with traditional Chinese characters replaced by simplified ones; other characters unchanged."""
    if not any(_CJK_LO <= ord(c) <= _CJK_HI for c in text):
        return text
    return _converter().convert(text)
