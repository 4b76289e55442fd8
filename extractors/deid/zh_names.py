"""Chinese names in prose without a cue word (``昨晚陈晓梅再次发热``, ``和刘建华通了电话``, a name alone in a roster cell).

A candidate is a known surname (the recognizers' ``{{surname}}``) followed by one or two characters that given
names use (``zh_names.yaml``: the list leaves out characters that start or end medical words after a surname
character). It is a name when what stands on its left may precede a name (a non-Chinese character, or a cue
word such as 昨晚 / 和 / 通知) and what follows may follow one (a non-Chinese character, the recognizers'
``{{name_end}}``, or a cue word such as 建议 / 看了 / 通了). Surnames that are also function words or word starts
(于, 和, 高, 金 ...) need a cue word on one side at least (or stand alone between non-Chinese characters with a two-character
given name, as in a table cell); 子, 一 and 小 are given-name characters only in first
place (子涵, 一鸣). The longest candidate that passes wins.

Strong cues (round 7) decide one side alone: a role or kinship noun right before the name (``老伴林霞充分沟通``)
takes it when the next character cannot continue a given name; a kinship noun, a count of people or an act after
it (``系患者何浩然爱人``, ``由戴浩然代取药``, ``白云当班``) takes it when the character before cannot end one.
Tibetan names (two syllables of a list, no surname) stand beside an edge or a cue; and the other members of a
``、`` list that holds a found name are names too (:func:`enumerated`).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterator

import yaml

from oncostruct.extractors.deid.intervals import Intervals

_CJK = re.compile(r"[\u4e00-\u9fa5]")
_FIELD_OPEN = "：:|/ \t\u3000\n"           # what ends a field's label before its value (deidzh13)
_FIELD_CLOSE = "，,。；;、（()）|/ \t\u3000\n"   # what ends a field's value


@dataclass(frozen=True)
class ZhNameLists:
    given: frozenset[str]
    first_only: frozenset[str]
    ambiguous: frozenset[str]
    left: tuple[str, ...]
    right: tuple[str, ...]
    strong_left: tuple[str, ...] = ()
    strong_right: tuple[str, ...] = ()
    tibetan: frozenset[str] = frozenset()
    enumeration: bool = False
    word_surnames: frozenset[str] = frozenset()
    completion_not: frozenset[str] = frozenset()
    row_not_end: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def load_lists() -> ZhNameLists:
    data = yaml.safe_load(resources.files("oncostruct.extractors.deid").joinpath("zh_names.yaml").read_text("utf-8"))
    first = frozenset(data.get("given_first_only", ""))
    by_len = lambda words: tuple(sorted(words, key=len, reverse=True))  # noqa: E731
    kin = data.get("strong_right_kin", [])
    return ZhNameLists(frozenset(data["given_chars"].replace(" ", "")) | first, first,
                       frozenset(data["ambiguous_surnames"]), by_len(data["left_cues"]), by_len(data["right_cues"]),
                       by_len(data.get("strong_left", [])),
                       by_len(kin + ["的" + k for k in kin] + data.get("strong_right", [])),
                       frozenset(data.get("tibetan_syllables", [])), bool(data.get("enumeration", False)),
                       frozenset(data.get("word_surnames", [])), frozenset(data.get("completion_not_chars", "")),
                       frozenset(data.get("row_not_end_chars", "")))


def _side(text: str, i: int, words: tuple[str, ...], left: bool, strong: tuple[str, ...] = ()) -> str:
    """'edge' (a non-Chinese character or the text's end), 'strong' (a strong cue), 'cue' (a cue word) or '' on one
    side of position i."""
    if left:
        if i == 0 or not _CJK.match(text[i - 1]):
            j = i  # 主治医师 高峰, 核对：查思远: a strong cue before the spaces or the colon still counts
            while j > 0 and text[j - 1] in " \t：:" and i - j < 4:
                j -= 1
            if j < i and any(text.endswith(w, max(0, j - len(w)), j) for w in strong):
                return "strong"
            return "edge"
        if any(text.endswith(w, max(0, i - len(w)), i) for w in strong):
            return "strong"
        return "cue" if any(text.endswith(w, max(0, i - len(w)), i) for w in words) else ""
    if i >= len(text) or not _CJK.match(text[i]):
        return "edge"
    if any(text.startswith(w, i) for w in strong):
        return "strong"
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
        left = _side(text, start, lists.left, True, lists.strong_left)
        after_given = start > 0 and text[start - 1] in lists.given  # the name might start earlier
        ambiguous = text[start:s_end] in lists.ambiguous
        for n in (2, 1):
            end = s_end + n
            if end > len(text) or not all(c in lists.given for c in text[s_end:end]) or text[end - 1] in lists.first_only:
                continue
            right = _side(text, end, lists.right, False, lists.strong_right)
            if not right and name_end is not None and name_end.match(text, end):
                right = "end"
            if not right and left == "strong" and (end >= len(text) or text[end] not in lists.given):
                right = "open"  # 老伴林霞充分: nothing after the name continues it
            if not left and right == "strong" and not after_given:
                left = "open"
            if not left or not right:
                continue
            if ambiguous and not {"cue", "strong"} & {left, right} and not (n == 2 and _cell(text, start, end)):
                continue
            yield start, end
            pos = end
            break


def tibetan_names(text: str, name_end: re.Pattern[str] | None, lists: ZhNameLists | None = None
                  ) -> Iterator[tuple[int, int]]:
    """(start, end) of Tibetan names (two listed syllables) beside an edge or a cue word on one side at least."""
    lists = lists or load_lists()
    if not lists.tibetan:
        return
    syllables = "|".join(sorted(map(re.escape, lists.tibetan), key=len, reverse=True))
    for m in re.finditer(f"(?:{syllables})(?:{syllables})", text):
        a, b = m.span()
        left = _side(text, a, lists.left, True, lists.strong_left)
        right = _side(text, b, lists.right, False, lists.strong_right)
        if left or right or (name_end is not None and name_end.match(text, b)):
            yield a, b


_MEMBER = re.compile(r"[\u4e00-\u9fa5·•・]{2,8}")
# deidword14: a list of people whose members carry a bracket (a relation, a role) may be separated by ；or ，too
_BRACKET_SEPARATORS = "、；;，,"
_BRACKET_AFTER = re.compile(r"[（(][^（()）\n]{1,8}[)）]")
_BRACKET_BEFORE = re.compile(r"[（(][^（()）\n]{1,8}[)）]$")


def enumerated(text: str, names: list[tuple[int, int]], surname: re.Pattern[str], lists: ZhNameLists | None = None,
               ) -> Iterator[tuple[int, int]]:
    """Other members of the ``、`` lists that hold a found name (``龙雨萱、陆桂兰两位护士``): a run of 2-4 Chinese
    characters (up to 8 with a middle dot) between the separator and a non-Chinese character or a cue word,
    which starts with a surname, is Tibetan-shaped or dotted, or whose list ends with a strong right cue."""
    lists = lists or load_lists()
    if not lists.enumeration:
        return
    seen = set(names)
    todo = list(names)
    found = Intervals(names)
    while todo:
        a, b = todo.pop()
        for member in (_member_before(text, a, lists), _member_after(text, b, lists)):
            if member is None or member in seen or found.overlaps(*member):
                continue   # phi11rev: a member a found name already covers (经 + 王明华) stays that name
            x, y = member
            word = text[x:y]
            list_end = y
            while nxt := _member_after(text, list_end, lists):
                list_end = nxt[1]
            if (surname.match(word) or any(c in word for c in "·•・")
                    or any(word.startswith(s) and word[len(s):] in lists.tibetan for s in lists.tibetan)
                    or _side(text, list_end, lists.right, False, lists.strong_right) == "strong"):
                seen.add(member)
                todo.append(member)
                yield member


def _member_before(text: str, i: int, lists: ZhNameLists) -> tuple[int, int] | None:
    if i < 3:
        return None
    if text[i - 1] == "、":
        end = i - 1
    elif text[i - 1] in _BRACKET_SEPARATORS and (b := _BRACKET_BEFORE.search(text, max(0, i - 12), i - 1)):
        end = b.start()   # deidword14: 欧阳珍和（侄子）；白浩建（子）
    else:
        return None
    start = end
    while start > 0 and (_CJK.match(text[start - 1]) or text[start - 1] in "·•・") and end - start < 8:
        start -= 1
    word = text[start:end]
    cut = max((k + len(cue) for cue in lists.left + lists.strong_left  # 由张三、李四: the cue is no part of the member
               if (k := word.rfind(cue)) >= 0 and len(word) - k - len(cue) >= 2), default=0)
    if not cut and start > 0 and _CJK.match(text[start - 1]):
        return None
    return _shaped(text, start + cut, end)


def _member_after(text: str, i: int, lists: ZhNameLists) -> tuple[int, int] | None:
    if (b := _BRACKET_AFTER.match(text, i)) and b.end() < len(text) and text[b.end()] in _BRACKET_SEPARATORS:
        i = b.end()   # deidword14: a member's bracket (its relation, its role) and then ；or ，
    elif i >= len(text) - 2 or text[i] != "、":
        return None
    start = i + 1
    m = _MEMBER.match(text, start)
    if m is None:
        return None
    end = m.end()
    word = text[start:end]
    for cue in lists.strong_right + lists.right:  # 陆桂兰两位护士: the cue ends the member
        k = word.find(cue, 2)
        if k > 0:
            end = start + k
            break
    return _shaped(text, start, end)


def _shaped(text: str, start: int, end: int) -> tuple[int, int] | None:
    word = text[start:end]
    dotted = any(c in word for c in "·•・")
    return (start, end) if 2 <= len(word) <= (8 if dotted else 4) else None


def word_surname_misfit(text: str, start: int, end: int, surname: re.Pattern[str] | None = None) -> bool:
    """Whether a Chinese NAME span opens with a surname that is also a common word (``word_surnames``: 平, 满, 经 ...)
    and is a word, not a name, whatever cue stands before it (branch deidzh13): its next character is none that given
    names use (家属满意, 随访护士：经电话随访, 宣教护士), or it stands alone after a Chinese character (授权医师, 实习医师).
    A compound surname that ``surname`` matches (东方, 慕容) is a name's start, and so is a field's whole value."""
    lists = load_lists()
    if start >= end or text[start] not in lists.word_surnames:
        return False
    found = surname.match(text, start) if surname is not None else None
    if found is not None and found.end() - start == 2:
        return False
    rest = text[start + 1:end].lstrip(" ")
    if not rest:
        return start > 0 and bool(_CJK.match(text, start - 1))
    if (start == 0 or text[start - 1] in _FIELD_OPEN) and (end == len(text) or text[end] in _FIELD_CLOSE):
        return False   # a field's whole value (姓名：木言尔　性别, a line's 元福蓉，女，): a name, whatever its characters
    return rest[0] not in lists.given


_COMPLETE_END = frozenset(_FIELD_CLOSE + "：:│")   # what ends a field's value (a name completed must end at one)


def completed(text: str, start: int, end: int, surname: re.Pattern[str], lists: ZhNameLists | None = None) -> int:
    """The end of a Chinese name span that a tagger or a rule cut short of its given name (branch deidword14): a bare
    surname or a surname and one character (``石淑`` of ``石淑和 女``, ``诸葛`` of ``诸葛和建：``) takes the Chinese
    characters after it, up to a given name of two, when a field's end follows right after them and none of them is
    one that ends no name (``completion_not_chars``: 的, 了, 在 ...). ``end`` when nothing is to add."""
    lists = lists or load_lists()
    found = surname.match(text, start)
    if found is None or not lists.completion_not:
        return end
    room = 2 - (end - found.end())
    for k in range(1, room + 1):
        add = text[end:end + k]
        if len(add) < k or not all(_CJK.match(c) and c not in lists.completion_not for c in add):
            return end
        if end + k == len(text) or text[end + k] in _COMPLETE_END:
            return end + k
    return end


_ROW_SLOT = re.compile(r"(?<![\u4e00-\u9fa5])[\u4e00-\u9fa5]{2,5}[ \t](?P<v>[\u4e00-\u9fa5]{2,4})(?=[ \t]{2,}|[ \t]*(?:[│|\n]|$))")


def row_members(text: str, names: list[tuple[int, int]], surname: re.Pattern[str], lists: ZhNameLists | None = None,
                ) -> Iterator[tuple[int, int]]:
    """The other values of a row of ``label value`` pairs (one space between, two or more between pairs) where one value
    is a found name (branch deidword14: a pharmacy box's ``审方 X  调配 Y  核对 Z``, a signature row's ``责任护士 X
    编码员 Y``): a value of two to four Chinese characters that starts with a surname and gives it one or two
    characters, and does not end as a place or a people ends (``row_not_end_chars``: 籍贯 江苏省, 民族 苗族)."""
    lists = lists or load_lists()
    breaks = [m.start() for m in re.finditer("\n", text)] if names else []
    rows: dict[tuple[int, int], set[tuple[int, int]]] = {}   # session 16: a line's names, its slots read once per line
    for a, b in names:
        k, j = bisect_left(breaks, a), bisect_left(breaks, b)
        rows.setdefault((breaks[k - 1] + 1 if k else 0, breaks[j] if j < len(breaks) else len(text)), set()).add((a, b))
    for line, found in rows.items():
        slots = [m.span("v") for m in _ROW_SLOT.finditer(text, *line)]
        named = found.intersection(slots)   # the names that are values of the row
        for x, y in slots:
            first = surname.match(text, x, y)
            if ((len(named) > 1 or named and (x, y) not in named) and first and 1 <= y - first.end() <= 2
                    and text[y - 1] not in lists.row_not_end):
                yield x, y


_ROLE_TITLES = ("医生", "医师", "大夫", "护士", "药师", "技师")
_ROLE_OPEN = "和跟与同给让叫被由请问找陪是及经向为把对将"   # a function word before a surname: 由王医生, 请李医生


def role_compound(text: str, start: int, end: int, surname: re.Pattern[str] | None = None,
                  lists: ZhNameLists | None = None) -> bool:
    """Whether the bare surname ``text[start:end]``, a clinician's title after it, is the last character of a
    compound role word instead (s18-zh18: 公卫医生孔令川, 责任医生：秋实, 随车医生：钱立群): a Chinese character that is no
    function word stands right before it, and the title is a label, with a colon or a person's name (a surname and
    a given-name character) right after it. ``由王医生主刀``, ``，陈医生也说`` keep their surname."""
    lists = lists or load_lists()
    if start == 0 or not 1 <= end - start <= 2 or not _CJK.match(text[start - 1]) or text[start - 1] in _ROLE_OPEN:
        return False
    title = next((t for t in _ROLE_TITLES if text.startswith(t, end)), None)
    if title is None:
        return False
    after = end + len(title)
    if text[after:after + 1] in ("：", ":"):
        return True
    name = surname.match(text, after) if surname is not None else (
        re.compile(r"[\u4e00-\u9fa5]").match(text, after))
    return name is not None and text[name.end():name.end() + 1] in lists.given
