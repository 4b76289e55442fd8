"""Watermark pieces: fragments of one text printed again and again across the page (a hospital or lab name laid over
the table), which OCR reads in pieces among the cells (``附属检``, ``南昌``, ``检验科`` beside a result).

A text of four or more Chinese characters is a watermark when at least ``MIN_PIECES`` other tokens are pieces of it
(Chinese only, two or more of them longer than one character); those pieces are dropped before the table is parsed.
A piece that is a catalogue item, a header word, a result word or a flag word is never dropped: the cell it stands in
may hold it.
"""
from __future__ import annotations

from oncostruct.extractors.ocr.cells import clean, has_cjk, header_entry, item_entry, labels
from oncostruct.extractors.ocr.tokens import Token

MIN_PIECES = 3
_MIN_SOURCE = 4  # Chinese characters in the repeated text


def _cjk_only(text: str) -> bool:
    return bool(text) and all(has_cjk(c) for c in text)


def _protected(text: str) -> bool:
    return item_entry(text) is not None or header_entry(text) is not None or bool(
        labels(text) & {"qualitative", "flag", "value_flag"})


def watermark_tokens(tokens: list[Token]) -> set[int]:
    """Ids of the tokens that are pieces of a text repeated over the page."""
    texts = [clean(t.text).replace(" ", "") for t in tokens]
    sources = {x for x in texts if _cjk_only(x) and len(x) >= _MIN_SOURCE and not _protected(x)}
    out: set[int] = set()
    for src in sources:
        pieces = [k for k, x in enumerate(texts) if _cjk_only(x) and x != src and x in src and not _protected(x)]
        if len(pieces) >= MIN_PIECES and sum(1 for k in pieces if len(texts[k]) > 1) >= 2:
            out.update(id(tokens[k]) for k in pieces)
            out.update(id(t) for t, x in zip(tokens, texts) if x == src)
    return out
