"""Layout normalisation of a report before its rules run: tables pasted as text, header blocks, wrapped or
spaced characters and common slips.

:func:`layout_text` returns a :class:`~engine.text_normalize.NormalizedText` whose offset map sends every index
back onto the text it was given, so spans found on the laid-out text still slice the original
(:func:`~engine.text_normalize.restore_extraction`). In order:

0. **Full-width forms** are half-width, as :func:`engine.text_normalize.normalize_text` makes them in the
   pipeline (a no-op there; it serves callers of the extractor that skip the pipeline).
1. **Dividers** (``---|---``, rule pack ``report_layout``) are blanked.
2. **Table rows** (cells separated by ``|``, ``｜`` or tabs) are read as key–value pairs: the separator after a
   key becomes a colon, the one between two pairs a semicolon, and the padding and outer pipes are dropped
   (``| 上切缘 | 阴性 |`` → ``上切缘：阴性``).
3. **Metadata** (科室, 床号, 病区, 姓名 … with their values, and the hospital name; ``report_layout``) is blanked,
   so a department such as 胃肠外科 or a hospital such as 口腔医院 is never read as a clinical value.
4. **Slips** (lexicon ``typos_zh``: 淋巴节 → 淋巴结, OCR 末见 → 未见 …) and OCR letters inside numbers
   (``O/12``, ``3/l4``, ``2.O cm``) are corrected in place (Chinese).
5. **Wrapped lines** (Chinese): a line break after a comma becomes a space, one inside a hyphenated word
   (``Ki-⏎67``) is dropped.
6. **Spaced characters** (Chinese): one space between two Chinese characters is dropped (``鳞 状细胞癌``).

Every step but 2 (padding) and 5–6 (dropped characters) keeps the length; the dropped ones go to the offset map.
"""
from __future__ import annotations

import re
from functools import lru_cache

from oncostruct.engine.errors import RulePackError
from oncostruct.engine.text_normalize import FULLWIDTH_TABLE, NormalizedText, OffsetMap
from oncostruct.extractors.rules.loader import Lexicon, load_lexicon, load_pack

LAYOUT_PACK = "report_layout"
TYPOS_LEXICON = "typos_zh"
# No start inside a run of spaces (#20): the run's first space already found or missed the same separator.
_SEPARATOR = re.compile(r"(?<![ \u3000])[ \u3000]*+[|｜│┃\t][|｜│┃\t \u3000]*")
_SPACE_SEPARATOR = re.compile(r" {2,}|\u3000+")
_LABEL = re.compile(r"(?=.*[\u4e00-\u9fff])[\u4e00-\u9fffA-Za-z（）()/ -]{1,12}")
_INTEGER = re.compile(r"\d{1,3}")
_COLON_INSIDE = re.compile(r"[:：].")
_COMMA_BREAK = re.compile(r"(?<=[，、,])[ \u3000]*(\n)(?=[^\n])")
_HYPHEN_BREAK = re.compile(r"(?<=[A-Za-z0-9]-)\n(?=[A-Za-z0-9])")
_SPACED_CJK = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000](?=[\u4e00-\u9fff])")
_PUNCT = {"zh": ("：", "；"), "en": (":", ";")}
# No start right after a run character that could itself start (#20): that start covered this one, so a long run
# of dots is scanned once, not once per dot.
_NUMBER_RUN = re.compile(r"(?<![A-Za-z])(?<!(?<![A-Za-z])[\dOl./])[\dOl./]*[\dOl](?!(?!cm|mm|CM|MM)[A-Za-z])")
_NUMBER_SHAPE = re.compile(r"[\dOl]+[./][\dOl]+")
_OCR_DIGITS = {"O": "0", "l": "1"}


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
    ed.chars = list(text.translate(FULLWIDTH_TABLE))  # as the pipeline does, for callers that skip it
    _blank_rule(ed, lang, "table_divider")
    _table_rows(ed, lang)
    _blank_rule(ed, lang, "metadata_pair", "institution")
    if lang == "zh":
        _fix_typos(ed)
        _fix_ocr_digits(ed)
        _join_wrapped_lines(ed)
        _close_spaced_characters(ed)
    return ed.result()


def _blank_rule(ed: _Edits, lang: str, *labels: str) -> None:
    """Blank every match of the layout rules with ``labels`` (the ``name`` group when the rule has one); a Chinese
    report takes the rules of both languages (Dept: 胃肠外科)."""
    for m in load_pack(LAYOUT_PACK).find(ed.current, lang=None if lang == "zh" else lang, labels=labels):
        ed.blank(*m.group_spans.get("name", (m.start, m.end)))


# --- table rows ---------------------------------------------------------------------------------------------

def _table_rows(ed: _Edits, lang: str) -> None:
    """Every line with cell separators becomes key：value pairs separated by semicolons. Pipes and tabs always
    separate cells; in Chinese text two or more spaces do too, more cautiously (:func:`_separator_action`).
    Rows of one block (no blank line between) share the block's first row as their header."""
    text = ed.current
    offset, header = 0, None
    for raw in text.split("\n"):
        seps = list(_SEPARATOR.finditer(raw))
        spaced = not seps and lang == "zh"
        if spaced:
            seps = list(_SPACE_SEPARATOR.finditer(raw))
        if seps and raw.strip():
            cells = _cells(raw, seps)
            header = header or cells
            _row(ed, offset, seps, _actions(cells, header, spaced), _PUNCT.get(lang, _PUNCT["en"]))
        else:
            header = None
        offset += len(raw) + 1


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


def _actions(cells: list[str], header: list[str], spaced: bool) -> list[str]:
    """What each separator becomes (see :func:`_separator_action`)."""
    roles = cell_roles(cells)
    return [_separator_action(cells, roles, k, header, spaced) for k in range(len(cells) - 1)]


def _separator_action(cells: list[str], roles: list[str], k: int, header: list[str], spaced: bool) -> str:
    """``drop`` (outer pipe, or after a key with its own colon), ``slash`` (between a positive-count and an
    examined-count column: 第1组 | 1 | 4 → 第1组：1/4), ``colon`` (key → value), ``semicolon`` (pair → pair)
    or ``keep``. Space-separated cells are only joined as label → value (the label has a Chinese character
    and no digit) or around a cell with its own colon; anything else keeps its spaces."""
    left, right = roles[k], roles[k + 1]
    if left == "empty" or right == "empty":
        return "keep" if spaced else "drop"
    if _count_columns(cells, k, header):
        return "slash"
    if left == "lead":
        return "keep" if spaced else "drop"
    if left == "key" and right == "value" and (not spaced or _LABEL.fullmatch(cells[k])):
        return "colon"
    if spaced and "own" not in (left, right):
        return "keep"
    return "semicolon"


def _count_columns(cells: list[str], k: int, header: list[str]) -> bool:
    """Cells k and k+1 are two counts under a positive-count and an examined-count column header."""
    if len(header) != len(cells) or header is cells or not (_INTEGER.fullmatch(cells[k]) and _INTEGER.fullmatch(cells[k + 1])):
        return False
    pack = load_pack(LAYOUT_PACK)
    return bool(pack.find(header[k], labels=["count_header_positive"])
                and pack.find(header[k + 1], labels=["count_header_examined"]))


def _row(ed: _Edits, offset: int, seps: list[re.Match[str]], actions: list[str], punct: tuple[str, str]) -> None:
    """Apply the separator actions: the separator's first non-space character becomes the colon, semicolon or
    slash, and the rest of the separator is dropped."""
    marks = {"colon": punct[0], "semicolon": punct[1], "slash": "/"}
    for sep, action in zip(seps, actions):
        if action == "keep":
            continue
        start, end = offset + sep.start(), offset + sep.end()
        ed.drop(start, end)
        if action in marks:
            mark = start + len(sep.group()) - len(sep.group().lstrip(" \u3000"))
            mark = mark if mark < end else start
            ed.keep[mark] = True
            ed.put(mark, marks[action])


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


def _fix_ocr_digits(ed: _Edits) -> None:
    """OCR letters for digits inside a number (O for 0, l for 1: ``O/12`` → ``0/12``, ``2.O×1.Ocm`` → ``2.0×1.0cm``):
    only in a run of digits, O, l, ``.`` and ``/`` that holds a digit or has a number's shape (``l.O``), so words
    and TNM letters (pNO) stay."""
    for m in _NUMBER_RUN.finditer(ed.current):
        if any(c.isdigit() for c in m.group()) or _NUMBER_SHAPE.fullmatch(m.group()):
            for i, ch in enumerate(m.group(), m.start()):
                if ch in _OCR_DIGITS:
                    ed.put(i, _OCR_DIGITS[ch])


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
