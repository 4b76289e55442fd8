"""Traditional Chinese → simplified, for matching text against vocabularies kept in simplified characters.

Letters and sheets from Hong Kong, Macau and Taiwan print 醫院 / 身份證 / 電話 / 檢驗項目 / 白血球; the rules
and catalogues (``lab_items``, ``lab_headers``, ``units``, the de-identification recognizers) are written in
simplified characters. OpenCC's ``t2s`` tables (pure Python: ``opencc-purepy``) serve both ways here:
``to_simplified`` converts words for catalogue lookups (phrase-aware), ``simplified_chars`` folds character by
character and keeps the length, so offsets found in the folded text hold in the original. Output always keeps
the text as printed. Regional names that differ in more than the script (白血球 = 白细胞) are catalogue
synonyms, not folding.
"""
from __future__ import annotations

from functools import lru_cache

from opencc_purepy import OpenCC

_CJK_LO, _CJK_HI = 0x4E00, 0x9FA5


@lru_cache(maxsize=1)
def _converter() -> OpenCC:
    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _char_table() -> dict[int, int]:
    """Each traditional character of the basic CJK block whose simplified form is one character (~0.15 s once)."""
    convert = _converter().convert
    table = {}
    for cp in range(_CJK_LO, _CJK_HI + 1):
        out = convert(chr(cp))
        if len(out) == 1 and out != chr(cp):
            table[cp] = ord(out)
    return table


@lru_cache(maxsize=8192)
def to_simplified(text: str) -> str:
    """``text`` with traditional Chinese words replaced by simplified ones; other characters unchanged."""
    if not any("\u3400" <= c <= "\u9fff" for c in text):
        return text
    return _converter().convert(text)


def simplified_chars(text: str) -> str:
    """``text`` with traditional characters replaced one for one by simplified ones (the same length)."""
    return text.translate(_char_table())
