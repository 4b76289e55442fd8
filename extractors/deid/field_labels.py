"""One grammar for field labels of any written shape (issue 18, session 17).

A label's shape is not its words: ``[PAT_NAME_PY]``, ``PAT_ADDR=``, ``patientName``, ``<birthDate>``, ``7e. APT. NO.:``,
``Addr at DX--Postal Code``, ``Age at Birthday (Years):``, ``【科室】`` all carry words that name a PHI category.
:func:`label_words` splits a label into those words (numbering, brackets, quotes, qualifiers in parentheses,
snake_case, camelCase, dotted abbreviations and possessives undone); :class:`FieldLexicon` maps the words to a
category with keys given as data (``field_keys`` and ``column_labels`` in ``deid.yaml``): the longest keys found in
the label must agree on one category, and no ``not`` word may stand in it (``Drug Name``, ``Dept Code``).

:func:`field_pairs` reads the fields that the table and key readers (:mod:`extractors.text_tables`) do not: bracketed
labels glued to their value (``[PAT_NAME]X [SEX]2``, ``【科室】X【病区】Y``), numbered form items (``7e. APT. NO.: X
7f. ZIP CODE: Y``, ``17. NAME OF REFERRING PROVIDER  X  17b. NPI  Y``), rows of tab-parted label / value cells
(``Employer<TAB>X<TAB>Work Phone<TAB>Y``), label / value lines parted by a run of spaces (``Addr at DX--City:   X``)
or by a padded key and a pipe (``MRN        | X``, session 18),
a label alone on its line over its value (``Location:`` / ``X``) and the fields of a line's cells (``DEPT: X  DATE
Y``, ``入院科别 X   病房 Y``, ``a: x | b: y``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from oncostruct.extractors.deid.config import FieldLabels

Pair = tuple[str, str, int]

# a form item's number before its label: 7e. / 17b. / 12) / (3) / [70] / a.
_NUMBERING = re.compile(r"^[ \t]*(?:\[\d{1,5}\]|\(\d{1,3}[a-z]?\)|\d{1,3}[a-zA-Z]?[.)]|[a-z][.)](?=[ \t]))[ \t]*")
_QUALIFIER = re.compile(r"[(（][^()（）\n]{0,40}[)）]")
_DOTTED = re.compile(r"(?<![A-Za-z])(?:[A-Za-z]\.){2,}")   # I.D., D.O.B.: one word
_POSSESSIVE = re.compile(r"['’]s(?![A-Za-z])", re.I)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORD = re.compile(r"[A-Za-z]+|\d+|[\u4e00-\u9fa5]+")
_EDGES = "[]【】<>{}\"'“”‘’:：=#*_ \t/"


def label_words(label: str) -> tuple[str, ...]:
    """The words of a label whatever its shape, in lower case: ``[PAT_NAME_PY]`` → (pat, name, py), ``7e. APT. NO.:``
    → (apt, no), ``Age at Birthday (Years)`` → (age, at, birthday), ``patientName`` → (patient, name),
    ``INSURED'S I.D. NUMBER`` → (insured, id, number), ``Addr at DX--Postal Code`` → (addr, at, dx, postal, code);
    a Chinese label is one word (``科室``)."""
    s = _NUMBERING.sub("", label.strip().strip(_EDGES))
    s = _QUALIFIER.sub(" ", s)
    s = _DOTTED.sub(lambda m: m.group().replace(".", ""), s)
    s = _POSSESSIVE.sub("", s)
    s = _CAMEL.sub(" ", s)
    return tuple(w.lower() for w in _WORD.findall(s))


@dataclass
class FieldLexicon:
    """Keys (word sequences) per PHI category, and words that make a label no PHI field (``code``, ``type``,
    ``drug``): :meth:`category` of a label."""

    keys: dict[str, Iterable[str]]
    not_words: Iterable[str] = ()
    _keys: dict[tuple[str, ...], str] = field(init=False, default_factory=dict)
    _not: frozenset[str] = field(init=False, default=frozenset())
    _longest: int = field(init=False, default=1)

    def __post_init__(self) -> None:
        for category, words in self.keys.items():
            for key in words:
                parts = label_words(key)
                if parts:
                    self._keys.setdefault(parts, category)
        self._not = frozenset(w for n in self.not_words for w in label_words(n))
        self._longest = max(map(len, self._keys), default=1)

    def category(self, label: str) -> str | None:
        """The category of the label's head key, or None; a registry's ``Group--Item`` label has its head in the item
        (``Addr at DX--City``: a city), when the item holds a key."""
        _, dashes, item = label.rpartition("--")
        if dashes and self._tiled(label_words(item)):
            return self._category(item)
        return self._category(label)

    def is_not_label(self, label: str) -> bool:
        """Whether a label holds a ``not`` word (``诊断``, ``Drug Name``): a label, of no PHI field (s18-zh18)."""
        return any(w in self._not for w in label_words(label))

    def _category(self, label: str) -> str | None:
        """The category of the label's head key, or None (no key, or a ``not`` word in the label). The keys tile the
        words longest first (``apt no`` is one key, not ``no``); the head is the last key before ``of`` / ``at`` /
        ``for`` / ``prior`` (``Name of Referring Provider``, ``Age at Diagnosis``), else the last key."""
        words = label_words(label)
        if not words or len(words) > 10:
            return None
        inside = {i for end, (size, _) in self._tiled(words).items() for i in range(end - size, end)}
        if any(w in self._not for i, w in enumerate(words) if i not in inside):   # postal code: code is the key's
            return None
        cut = next((i for i, w in enumerate(words) if w in _OF and i > 0), len(words))
        for part in (words[:cut], words):
            found = self._tiled(part)
            if found:
                return found[max(found)][1] or None
        return None

    def _tiled(self, words: tuple[str, ...]) -> dict[int, tuple[int, str]]:
        """``{end of a key: (its length, its category)}`` of the keys that tile ``words``, longest first."""
        found: dict[int, tuple[int, str]] = {}
        taken = [False] * len(words)
        for size in range(min(self._longest, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                cat = self._keys.get(words[i:i + size])
                if cat is not None and not any(taken[i:i + size]):
                    found[i + size] = (size, cat)
                    taken[i:i + size] = [True] * size
        return found


_OF = frozenset({"of", "at", "for", "prior"})


def field_lexicon(settings: FieldLabels, column_labels: dict[str, list[str]]) -> FieldLexicon:
    """The lexicon of ``field_labels`` with the ``column_labels`` as keys too (a field key first, so ``病区`` is a bed's
    record number); its ``not_keys`` first, as keys of no category (``City``: no PHI alone)."""
    keys = {"": settings.not_keys, **settings.keys, **{c: [*settings.keys.get(c, ()), *ks] for c, ks in column_labels.items()}}
    return FieldLexicon(keys, settings.not_words)


# --- the readers of labelled fields -------------------------------------------------------------------------------

# [PAT_NAME]X, 【科室】X: a bracketed label of letters, digits and underscores (or Chinese), its value up to the next
# bracketed label or the line's end
_BRACKET_FIELD = re.compile(r"(?:\[(?P<k>[A-Za-z][A-Za-z0-9_]{1,30})\]|【(?P<k2>[\u4e00-\u9fa5A-Za-z_ ]{1,12})】)[ \t]{0,2}"
                            r"(?P<v>[^\[【\n]{1,120}?)(?=[ \t]*(?:\[[A-Za-z][A-Za-z0-9_]{1,30}\]|【|\n|$))")
# 7e. APT. NO.: X   7f. ZIP CODE: Y / 17. NAME OF REFERRING PROVIDER  X  17b. NPI  Y: a numbered item's label (a
# colon, a tab or two spaces after it), its value up to the next numbered item, a tab or the line's end
_ITEM_NO = r"\d{1,3}[a-z]?\.[ \t]"
_NUMBERED_FIELD = re.compile(
    r"(?:^|(?<=[ \t]))(?P<k>" + _ITEM_NO + r"[ \t]?[A-Za-z][A-Za-z0-9'’.,&/#()\- ]{1,60}?)(?::[ \t]{1,4}|\t[ \t]*|[ ]{2,}(?! ))"
    r"(?P<v>[^\t\n]{1,100}?)(?=[ \t]*(?:\t|[ ]{2,}" + _ITEM_NO + r"|\n|$))", re.M)
# Label:     value (a run of spaces after the colon: a registry abstract, a demographics sheet)
_SPACED_FIELD = re.compile(r"^[ \t]{0,8}(?P<k>[A-Za-z][A-Za-z0-9 &/'’.()\-]{1,50}?):[ ]{3,60}(?P<v>\S[^\n]{0,100}?)[ \t]{0,40}$", re.M)
# Label:\nvalue (a label alone on its line, its value on the next)
_LINE_FIELD = re.compile(r"^[ \t]{0,8}(?P<k>[A-Za-z][A-Za-z0-9 &/'’.\-]{1,40}|[\u4e00-\u9fa5]{2,8})[ \t]{0,4}[:：][ \t]{0,4}\n"
                         r"[ \t]{0,8}(?P<v>[^\s:：][^\n:：]{0,80}?)[ \t]{0,40}$", re.M)
# s18-numloc18: Label<run of spaces>| value (a key column padded to one width, then a pipe: an encounter log's block);
# one pipe on the line, so a markdown table's row is left to the table reader
_PIPED_FIELD = re.compile(r"^[ \t]{0,8}(?P<k>[A-Za-z][A-Za-z0-9 &/'’.()\-]{1,40}?)[ \t]{2,40}[|｜][ \t]{1,4}"
                          r"(?P<v>[^|｜\s][^|｜\n]{0,100}?)[ \t]{0,40}$", re.M)
_TAB = re.compile(r"\t")   # one tab: an empty cell keeps its place
_TAB_LABEL = re.compile(r"[A-Za-z][A-Za-z ./#'’&()\-]{0,30}|[\u4e00-\u9fa5]{2,8}")
# a line's cells: parted by tabs, two spaces or more, or a pipe
_CELL_GAP = re.compile(r"\t+|[ ]{2,}|[ ]{0,2}[|｜][ ]{0,2}")
# a cell holding a field: Label: value, 标签：值, or a Chinese label and its value parted by one space (病房 2病区)
_COLON_CELL = re.compile(r"(?P<k>(?:\d{1,3}[a-z]?\.[ ])?[A-Za-z][A-Za-z0-9 &/'’.#()\-]{0,40}?|[\u4e00-\u9fa5][\u4e00-\u9fa5()（）]{0,10}?)"
                         r"[ ]?[:：][ ]?(?P<v>[^ :：].{0,100})")
_ZH_CELL = re.compile(r"(?P<k>[\u4e00-\u9fa5]{2,6})[ ](?P<v>[^ ].{0,60})")


def field_pairs(text: str) -> Iterator[Pair]:
    """``(label, value, offset)`` of every bracketed, numbered, spaced, line-parted, tab-row or cell field of
    ``text``."""
    if "[" in text or "【" in text:
        for m in _BRACKET_FIELD.finditer(text):
            yield m.group("k") or m.group("k2"), m.group("v"), m.start("v")
    for rx in (_NUMBERED_FIELD, _SPACED_FIELD, _LINE_FIELD, _PIPED_FIELD):   # s18-numloc18: + the piped one
        for m in rx.finditer(text):
            yield m.group("k"), m.group("v"), m.start("v")
    for line, pos in _lines(text):
        if "\t" in line:
            yield from _tab_row(_cells(line, pos, _TAB))
        yield from _cell_fields(_cells(line, pos, _CELL_GAP))


def _lines(text: str) -> Iterator[tuple[str, int]]:
    pos = 0
    for line in text.split("\n"):
        yield line, pos
        pos += len(line) + 1


def _cells(line: str, pos: int, gap: re.Pattern[str]) -> list[tuple[str, int]]:
    """The cells of a line between ``gap`` matches, with their offsets (empty ones too)."""
    out, start = [], 0
    for m in list(gap.finditer(line)) + [None]:
        end = m.start() if m else len(line)
        out.append((line[start:end], pos + start))
        start = m.end() if m else len(line)
    return out


def _tab_row(cells: list[tuple[str, int]]) -> Iterator[Pair]:
    """A row of label and value cells parted by tabs (``Employer<TAB>X<TAB>Work Phone<TAB>Y``): every label cell,
    the cell after it."""
    if len(cells) >= 2 and len(cells) % 2 == 0 and all(_TAB_LABEL.fullmatch(c.strip()) for c, _ in cells[::2]):
        for (label, _), (value, offset) in zip(cells[::2], cells[1::2]):
            if value.strip():
                yield label.strip(), value.strip(), offset + len(value) - len(value.lstrip())


def _cell_fields(cells: list[tuple[str, int]]) -> Iterator[Pair]:
    """The fields of a line's cells (``DEPT: X  DATE Y``, ``入院科别 X   病房 Y``, ``a: x | b: y``)."""
    if len(cells) < 2:
        return
    for cell, offset in cells:
        m = _COLON_CELL.fullmatch(cell) or _ZH_CELL.fullmatch(cell)
        if m is not None:
            yield m.group("k"), m.group("v"), offset + m.start("v")
