"""Toneless pinyin readings of Chinese characters, a table committed as data (``zh_pinyin.yaml``, issue 18,
session 17): a Chinese name found as ``石建伟`` is also written ``SHI JIANWEI`` (a HIS export's romanised column, a
passport, a form in English).

The table maps each syllable to the characters that can be read so, every reading of a heteronym kept (``曾`` is
``zeng`` and ``ceng``). It covers the GB 2312 characters and is rebuilt offline with ``python -m
oncostruct.extractors.deid.zh_pinyin`` from pypinyin's dictionary (a build-time tool, not a dependency).
"""
from __future__ import annotations

from functools import lru_cache
from itertools import product
from pathlib import Path

import yaml

_TABLE = Path(__file__).with_name("zh_pinyin.yaml")
_MAX_READINGS = 16   # a name of heteronyms reads at most this many ways (the first readings of each character)


@lru_cache(maxsize=1)
def readings() -> dict[str, tuple[str, ...]]:
    """Character -> its toneless syllables (``ü`` written ``v``, ``u`` and ``yu`` as passports do)."""
    data = yaml.safe_load(_TABLE.read_text(encoding="utf-8")) or {}
    out: dict[str, list[str]] = {}
    for syllable, chars in data.items():
        forms = [syllable] + ([syllable.replace("v", "u"), syllable.replace("v", "yu")] if "v" in syllable else [])
        for c in chars:
            out.setdefault(c, []).extend(f for f in forms if f not in out.get(c, ()))
    return {c: tuple(s) for c, s in out.items()}


def romanised(chars: str) -> list[list[str]]:
    """Every reading of ``chars`` as a list of syllables, at most ``_MAX_READINGS``; none when a character has no
    reading in the table."""
    table = readings()
    if not chars or any(c not in table for c in chars):
        return []
    out: list[list[str]] = []
    for combo in product(*(table[c] for c in chars)):
        out.append(list(combo))
        if len(out) >= _MAX_READINGS:
            break
    return out


def build(path: Path = _TABLE) -> int:
    """Write the table from pypinyin (GB 2312 level 1 and 2 characters); returns the number of characters."""
    from pypinyin import Style, pinyin  # build time only

    by_syllable: dict[str, list[str]] = {}
    n = 0
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                c = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            syllables = [s for s in pinyin(c, style=Style.NORMAL, heteronym=True)[0] if s.isascii() and s.isalpha()]
            n += bool(syllables)
            for s in dict.fromkeys(syllables):
                by_syllable.setdefault(s, []).append(c)
    lines = ["# Toneless pinyin -> the GB 2312 characters read so (every reading of a heteronym), from pypinyin;",
             "# rebuilt by `python -m oncostruct.extractors.deid.zh_pinyin` (extractors/deid/zh_pinyin.py)."]
    lines += [f"{s}: {''.join(cs)}" for s, cs in sorted(by_syllable.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n


if __name__ == "__main__":
    print(build(), "characters")
