"""Chinese names in prose without a cue word (``昨晚陈晓梅再次发热``, ``和刘建华通了电话``, a name alone in a roster cell).

A candidate is a known surname (the recognizers' ``{{surname}}``) followed by one or two characters that given
names use (``zh_names.yaml``: the list leaves out characters that start or end medical words after a surname
character). It is a name when what stands on its left may precede a name (a non-Chinese character, or a cue
word such as 昨晚 / 和 / 通知) and what follows may follow one (a non-Chinese character, the recognizers'
``{{name_end}}``, or a cue word such as 建议 / 看了 / 通了). Surnames that are also function words or word starts
(于, 和, 高, 金 ...) need a cue word on one side at least (or stand alone between non-Chinese characters with a two-character
given name, as in a table cell); 子, 一 and 小 are given-name characters only in first
place (子涵, 一鸣). The longest candidate that passes wins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterator

import yaml

_CJK = re.compile(r"[\u4e00-\u9fa5]")


@dataclass(frozen=True)
class ZhNameLists:
    given: frozenset[str]
    first_only: frozenset[str]
    ambiguous: frozenset[str]
    left: tuple[str, ...]
    right: tuple[str, ...]


@lru_cache(maxsize=1)
def load_lists() -> ZhNameLists:
    data = yaml.safe_load(resources.files("oncostruct.extractors.deid").joinpath("zh_names.yaml").read_text("utf-8"))
    first = frozenset(data.get("given_first_only", ""))
    return ZhNameLists(frozenset(data["given_chars"].replace(" ", "")) | first, first,
                       frozenset(data["ambiguous_surnames"]),
                       tuple(sorted(data["left_cues"], key=len, reverse=True)),
                       tuple(sorted(data["right_cues"], key=len, reverse=True)))


def _side(text: str, i: int, words: tuple[str, ...], left: bool) -> str:
    """'edge' (a non-Chinese character or the text's end), 'cue' (a cue word) or '' on one side of position i."""
    if left:
        if i == 0 or not _CJK.match(text[i - 1]):
            return "edge"
        return "cue" if any(text.endswith(w, max(0, i - len(w)), i) for w in words) else ""
    if i >= len(text) or not _CJK.match(text[i]):
        return "edge"
    return "cue" if any(text.startswith(w, i) for w in words) else ""


def _cell(text: str, start: int, end: int) -> bool:
    """The span stands alone between whitespace, pipes or the text's ends (a table or roster cell)."""
    return (start == 0 or text[start - 1] in " \t\n|") and (end >= len(text) or text[end] in " \t\n|")


def zh_names(text: str, surname: re.Pattern[str], name_end: re.Pattern[str] | None,
             lists: ZhNameLists | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of cue-free Chinese names in ``text``."""
    lists = lists or load_lists()
    pos = 0
    while (m := surname.search(text, pos)) is not None:
        start, s_end = m.start(), m.end()
        pos = start + 1
        left = _side(text, start, lists.left, True)
        if not left:
            continue
        ambiguous = text[start:s_end] in lists.ambiguous
        for n in (2, 1):
            end = s_end + n
            if end > len(text) or not all(c in lists.given for c in text[s_end:end]) or text[end - 1] in lists.first_only:
                continue
            right = _side(text, end, lists.right, False)
            if not right and name_end is not None and name_end.match(text, end):
                right = "end"
            if not right or (ambiguous and "cue" not in (left, right) and not (n == 2 and _cell(text, start, end))):
                continue
            yield start, end
            pos = end
            break
