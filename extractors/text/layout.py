"""Layout normalisation of a report before its rules run: tables pasted as text, header blocks, wrapped or
spaced characters and common slips.

:func:`layout_text` returns a :class:`~engine.text_normalize.NormalizedText` whose offset map sends every index
back onto the text it was given, so spans found on the laid-out text still slice the original
(:func:`~engine.text_normalize.restore_extraction`). In order:

1. **Dividers** (``---|---``, rule pack ``report_layout``) are blanked.
2. **Table rows** (cells separated by ``|``, ``｜`` or tabs) are read as key–value pairs: the separator after a
   key becomes a colon, the one between two pairs a semicolon, and the padding and outer pipes are dropped
   (``| 上切缘 | 阴性 |`` → ``上切缘：阴性``).
3. **Metadata** (科室, 床号, 病区, 姓名 … with their values, and the hospital name; ``report_layout``) is blanked,
   so a department such as 胃肠外科 or a hospital such as 口腔医院 is never read as a clinical value.
4. **Slips** (lexicon ``typos_zh``: 淋巴节 → 淋巴结, OCR 末见 → 未见 …) are corrected in place.
5. **Wrapped lines** (Chinese): a line break after a comma becomes a space, one inside a hyphenated word
   (``Ki-⏎67``) is dropped.
6. **Spaced characters** (Chinese): one space between two Chinese characters is dropped (``鳞 状细胞癌``).

Every step but 2 (padding) and 5–6 (dropped characters) keeps the length; the dropped ones go to the offset map.
"""
from __future__ import annotations

import re
from functools import lru_cache

from engine.errors import RulePackError
from engine.text_normalize import NormalizedText, OffsetMap
from extractors.rules.loader import Lexicon, load_lexicon, load_pack

LAYOUT_PACK = "report_layout"
TYPOS_LEXICON = "typos_zh"
_SEPARATOR = re.compile(r"[ \u3000]*[|｜\t][|｜\t \u3000]*")
_LINE = re.compile(r"[^\n]+")
_COLON_INSIDE = re.compile(r"[:：].")
_COMMA_BREAK = re.compile(r"(?<=[，、,])[ \u3000]*(\n)(?=[^\n])")
_HYPHEN_BREAK = re.compile(r"(?<=[A-Za-z0-9]-)\n(?=[A-Za-z0-9])")
_SPACED_CJK = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000](?=[\u4e00-\u9fff])")
_PUNCT = {"zh": ("：", "；"), "en": (":", ";")}


class _Edits:
    """Same-length replacements plus dropped characters over one text; the result maps back onto it."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.chars = list(text)
        self.keep = [True] * len(text)

    @property
    def current(self) -> str:
        """The text with every replacement so far (dropped characters still in place)."""
        return "".join(self.chars)

    def put(self, i: int, ch: str) -> None:
        self.chars[i] = ch

    def drop(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.keep[i] = False

    def blank(self, start: int, end: int) -> None:
        """Overwrite [start, end) with spaces (line breaks stay)."""
        for i in range(start, end):
            if self.chars[i] != "\n":
                self.chars[i] = " "

    def result(self) -> NormalizedText:
        text = "".join(c for c, k in zip(self.chars, self.keep) if k)
        offsets = OffsetMap.from_edits(self.original, self.keep) if not all(self.keep) else OffsetMap.identity(len(text))
        return NormalizedText(text, self.original, offsets)


def layout_text(text: str, lang: str) -> NormalizedText:
    """The text laid out for the rules (see the module docstring), with its map back onto ``text``."""
    ed = _Edits(text)
    _blank_rule(ed, lang, "table_divider")
    _table_rows(ed, *_PUNCT.get(lang, _PUNCT["en"]))
    _blank_rule(ed, lang, "metadata_pair", "institution")
    if lang == "zh":
        _fix_typos(ed)
        _join_wrapped_lines(ed)
        _close_spaced_characters(ed)
    return ed.result()


def _blank_rule(ed: _Edits, lang: str, *labels: str) -> None:
    """Blank every match of the layout rules with ``labels`` (the ``name`` group when the rule has one)."""
    for m in load_pack(LAYOUT_PACK).find(ed.current, lang=lang, labels=labels):
        ed.blank(*m.group_spans.get("name", (m.start, m.end)))


# --- table rows ---------------------------------------------------------------------------------------------

def _table_rows(ed: _Edits, colon: str, semicolon: str) -> None:
    """Every line with cell separators becomes key：value pairs separated by semicolons."""
    text = ed.current
    for line in _LINE.finditer(text):
        seps = list(_SEPARATOR.finditer(line.group()))
        if seps:
            _row(ed, line.start(), line.group(), seps, colon, semicolon)


def _cells(line: str, seps: list[re.Match[str]]) -> list[str]:
    """The cell texts around the separators (one more than the separators; outer ones may be empty)."""
    bounds = [0, *(x for s in seps for x in s.span()), len(line)]
    return [line[bounds[i]:bounds[i + 1]].strip() for i in range(0, len(bounds), 2)]


def cell_roles(cells: list[str]) -> list[str]:
    """``key``, ``value``, ``lead`` (a key ending in its own colon), ``own`` (a whole key：value cell) or
    ``empty`` for each cell; keys and values alternate between the cells that carry no colon of their own."""
    roles: list[str] = []
    for cell in cells:
        prev = roles[-1] if roles else None
        if not cell:
            roles.append("empty")
        elif cell[-1] in ":：":
            roles.append("lead")
        elif _COLON_INSIDE.search(cell):
            roles.append("own")
        elif prev in ("key", "lead"):
            roles.append("value")
        else:
            roles.append("key")
    return roles


def _row(ed: _Edits, offset: int, line: str, seps: list[re.Match[str]], colon: str, semicolon: str) -> None:
    """Rewrite one row's separators: key → colon → value, pair → semicolon → pair, outer pipes dropped."""
    cells = _cells(line, seps)
    roles = cell_roles(cells)
    for k, sep in enumerate(seps):
        start, end = offset + sep.start(), offset + sep.end()
        left, right = roles[k], roles[k + 1]
        if left == "empty" or right == "empty":
            ed.drop(start, end)
            continue
        mark = offset + sep.start() + len(sep.group()) - len(sep.group().lstrip(" \u3000"))
        ed.drop(start, end)
        if left == "lead":
            continue
        ed.keep[mark] = True
        ed.put(mark, colon if left == "key" and right == "value" else semicolon)


# --- slips, wrapped lines, spaced characters --------------------------------------------------------------------

@lru_cache(maxsize=1)
def typos() -> Lexicon:
    """The slip lexicon, checked: a correction must keep the length of what it corrects."""
    lex = load_lexicon(TYPOS_LEXICON)
    for entry in lex.entries:
        bad = [t for t in entry.terms if len(t) != len(entry.canonical)]
        if bad:
            raise RulePackError(f"lexicon {TYPOS_LEXICON!r}: {bad} and {entry.canonical!r} differ in length")
    return lex


def _fix_typos(ed: _Edits) -> None:
    for m in typos().find(ed.current, lang="zh"):
        for i, ch in enumerate(m.entry.canonical):
            ed.put(m.start + i, ch)


def _join_wrapped_lines(ed: _Edits) -> None:
    """A line break after a comma is a wrap (→ space); one inside a hyphenated word is dropped."""
    text = ed.current
    for m in _COMMA_BREAK.finditer(text):
        ed.put(m.start(1), " ")
    for m in _HYPHEN_BREAK.finditer(text):
        ed.drop(m.start(), m.end())


def _close_spaced_characters(ed: _Edits) -> None:
    """Drop one space between two Chinese characters (病 理 诊 断, 鳞 状细胞癌); kept ones are looked through."""
    text = "".join(c if k else "" for c, k in zip(ed.chars, ed.keep))
    kept = [i for i, k in enumerate(ed.keep) if k]
    for m in _SPACED_CJK.finditer(text):
        ed.keep[kept[m.start()]] = False
