"""PHI in structured text: table columns labelled in a header row, JSON/XML keys, and HL7 v2 segments.

Tables and keys (:mod:`extractors.text_tables`) become synthetic ``label：value`` texts on which the recognizers
run, so the column label is mapped to a PHI category by the same cue words as everywhere else. HL7 v2 fields are
mapped by position (``PID.5``: the patient's name), as ``deid.yaml`` ``hl7_fields`` says.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from oncostruct.extractors.deid.config import Hl7Field
from oncostruct.extractors.deid.field_labels import FieldLexicon, field_pairs
from oncostruct.extractors.rules import RuleMatch, RulePack
from oncostruct.extractors.text_tables import closed_label, column_pairs, key_pairs, key_words, labelled, match_pairs

# a segment starts a line; the standard ends segments with a carriage return alone (deidorg9: "MSH|...\rPID|...")
_SEGMENT = re.compile(r"(?:^|(?<=\r))(?P<seg>[A-Z][A-Z0-9]{2})\|", re.M)
_SEGMENT_END = re.compile(r"[\r\n]")
_TS_DATE = re.compile(r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")


def labelled_matches(pack: RulePack, text: str, lang: str | None) -> Iterator[RuleMatch]:
    """Recognizer matches on every table cell and keyed value read with its label."""
    yield from match_pairs(pack.finditer, labelled(column_pairs(text)), lang)
    yield from match_pairs(pack.finditer, labelled(key_pairs(text)), lang)


def not_phi_cells(text: str, labels: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) of every table cell and keyed value under a label of ``labels`` (normalised: a bill's 编码, a
    log's ``task_id``): what such a cell holds identifies an item or a job, not a person."""
    if not labels:
        return []
    out = []
    for pairs in (column_pairs(text), key_pairs(text)):
        for label, value, offset in pairs:
            if normal_label(label) in labels and value.strip():
                out.append((offset, offset + len(value)))
    return out


def label_index(column_labels: dict[str, list[str]]) -> dict[str, str]:
    """``{category: [labels]}`` as ``{normalised label: category}``."""
    return {normal_label(label): category for category, labels in column_labels.items() for label in labels}


def normal_label(label: str) -> str:
    """``last_name`` / ``lastName`` / ``Last Name`` / ``LAST NAME`` → ``last name``."""
    return key_words(label.strip().strip('"').rstrip(":：")).lower()   # s21-table35: a CSV header's "zip" too


def table_pairs(text: str) -> tuple[list[tuple[str, str, int]], ...]:
    """The text's (label, value, offset) pairs of table cells and of keyed values, read once for every reader."""
    return list(column_pairs(text)), list(key_pairs(text))


def labelled_values(text: str, index: dict[str, str], min_age: int = 0, max_chars: int = 80,
                    pairs: tuple[list[tuple[str, str, int]], ...] | None = None) -> Iterator[tuple[int, int, str]]:
    """(start, end, category) of every table cell and keyed value whose column label or key names a PHI
    category outright (``last_name``, ``zip``, ``age``, ``HomeAddr``, ``dept=``): the label decides, whatever
    the value looks like; an age only from ``min_age`` up (younger ages are not identifying). A cell with no letter
    or digit (—, -, /, ***) is a blank's placeholder, not a value."""
    if not index:
        return
    for read in pairs if pairs is not None else table_pairs(text):
        for label, value, offset in read:
            category = index.get(normal_label(label))
            value = value.strip().strip('"')
            if category is None and (category := _date_column(label, value)) is None:   # s20-year31
                continue
            if category == "AGE" and not _old_enough(value, min_age):
                continue
            if category == "NAME":
                value = _ID_BRACKET.sub("", value)
                if _DIAGNOSIS.search(value) or _NOT_NAME_CELL.search(value):
                    continue
            if category and any(ch.isalnum() for ch in value) and len(value) <= max_chars:
                start = text.find(value, offset)
                if start >= 0:
                    yield start, start + len(value), category


def field_values(text: str, lexicon: FieldLexicon, shapes: dict[str, re.Pattern[str]], not_name: frozenset[str],
                 min_age: int = 0, not_values: frozenset[str] = frozenset(),
                 pairs: tuple[list[tuple[str, str, int]], ...] | None = None) -> Iterator[tuple[int, int, str]]:
    """(start, end, category) of every field value (a table cell, a keyed value, a bracketed, numbered, spaced,
    line-parted or tab-row field: :func:`field_pairs`) whose label's words name a category (:class:`FieldLexicon`,
    whatever the label's shape) and whose value has that category's shape in full (``shapes``; group ``v`` or ``v2``
    the span; ``pairs``: :func:`table_pairs` when the caller read them already). A value of ``not_values`` (None, Self, Husband; lower case) fills no field, a name of words that are no
    names is none, an age counts from ``min_age``."""
    for read in (*(pairs if pairs is not None else table_pairs(text)), field_pairs(text)):
        for label, value, offset in read:
            category = lexicon.category(label)
            shape = shapes.get(category) if category else None
            bare = value.strip().strip('"')
            m = shape.fullmatch(bare) if shape is not None and bare.lower() not in not_values else None
            if m is None or category is None:
                continue
            group = "v" if m.group("v") is not None else "v2" if "v2" in m.re.groupindex and m.group("v2") else None
            if group is None:
                continue
            if category == "AGE" and not _old_enough(m.group(group), min_age):
                continue
            if category == "NAME" and all(w.lower().strip(".,") in not_name for w in m.group(group).split()):
                continue
            start = text.find(bare, offset)
            if start >= 0:
                yield start + m.start(group), start + m.end(group), category


_NUMBER = re.compile(r"\d{1,3}")
# prec15: a name cell's bracket holding a number (Rose Finch (ID 5327), 王某（工号 0312）) is the person's ID, no name; a
# "name" key over Chinese words that end as a diagnosis does (左乳浸润性导管癌, 胰头导管腺癌: a diagnosis object's name)
_ID_BRACKET = re.compile(r"[ \t]*[(（][^()（）\n]{0,20}\d[^()（）\n]{0,20}[)）][ \t]*$")
_DIAGNOSIS = re.compile(r"[\u4e00-\u9fa5A-Za-z]{3,}[癌瘤病症]$")
# prec16: a name cell holds no digit, equals sign or colon (a screen's footer under the name column: 共6人  F2=医嘱)
_NOT_NAME_CELL = re.compile(r"[\d=:：]")


# s20-year31: a column whose header names a time (日期, 出生年月, 接害起始, Year, Period, From / To, Start Date) holds
# dates, partial ones included (PHI_GUIDELINE): a year, a year and month (197503, 1983.10, 4/1968), under a header
# that says "date" also a month and day (4.17). Only cells of these shapes: a count, a dose or a word stays a value.
_DATE_HEAD_ZH = re.compile(r"(?:日期|时间|年月日?|年份|起始|起止|开始|结束|终止)$")
_DATE_HEAD_EN = re.compile(r"(?:^|[ _])(?:date|dates|year|yr|period|from|to|since|until|start|end|began|ended)$")
_DAY_HEAD = re.compile(r"(?:日期|时间|date|dates)$")
_YEAR_CELL = re.compile(r"(?:19|20)\d{2}(?:(?:[./\-](?:1[0-2]|0?[1-9])|(?:1[0-2]|0[1-9]))(?:[./\-](?:3[01]|[12]\d|0?[1-9])|"
                        r"(?<=\d\d\d\d\d\d)(?:3[01]|[12]\d|0[1-9]))?)?|(?:1[0-2]|0?[1-9])/(?:19|20)\d{2}")
_DAY_CELL = re.compile(r"(?:1[0-2]|0?[1-9])[./\-](?:3[01]|[12]\d|0?[1-9])")


def _date_column(label: str, value: str) -> str | None:
    """``DATE`` for a cell of a date's shape under a header that names a time (s20-year31), else None."""
    head = closed_label(label).strip().rstrip(":：").rstrip() if re.search(r"[\u4e00-\u9fff]", label) \
        else normal_label(label)
    if not (_DATE_HEAD_ZH.search(head) or _DATE_HEAD_EN.search(head)):
        return None
    value = value.strip().strip('"')
    if _YEAR_CELL.fullmatch(value) or (_DAY_HEAD.search(head) and _DAY_CELL.fullmatch(value)):
        return "DATE"
    return None


def _old_enough(value: str, min_age: int) -> bool:
    m = _NUMBER.search(value)
    return m is not None and int(m.group()) >= min_age


def hl7_spans(text: str, fields: dict[str, Hl7Field]) -> Iterator[tuple[int, int, str]]:
    """(start, end, category) of the configured HL7 v2 fields (``SEG.n``; ``MSH.n`` counts the field separator
    as field 1, as the standard does). ``part``: ``all`` the field (each repetition), ``first`` its first
    component, ``components`` one category per component, ``date`` the YYYYMMDD of a timestamp."""
    if "|" not in text or not fields:
        return
    for m in _SEGMENT.finditer(text):
        stop = _SEGMENT_END.search(text, m.start())
        line_end = len(text) if stop is None else stop.start()
        seg, pos = m.group("seg"), m.end()
        n = 2 if seg == "MSH" else 1
        while pos <= line_end:
            bar = text.find("|", pos, line_end)
            end = line_end if bar < 0 else bar
            spec = fields.get(f"{seg}.{n}")
            if spec is not None and end > pos:
                yield from _field_spans(text, pos, end, spec)
            if bar < 0:
                break
            pos, n = bar + 1, n + 1


def _field_spans(text: str, start: int, end: int, spec: Hl7Field) -> Iterator[tuple[int, int, str]]:
    for rep_start, rep_end in _split(text, start, end, "~"):
        comps = list(_split(text, rep_start, rep_end, "^"))
        if spec.part == "all":
            filled = [(a, b) for a, b in comps if b > a]
            if filled:
                yield filled[0][0], filled[-1][1], spec.category
        elif spec.part == "first":
            a, b = comps[0]
            if b > a:
                yield a, b, spec.category
        elif spec.part == "name":
            found = _name_parts(text, comps, spec.id_first)
            if found is not None:
                yield found[0], found[1], spec.category
            a, b = comps[0]
            if spec.id_first and spec.id_not_phi and b > a and re.fullmatch(spec.id_not_phi, text[a:b]):
                yield a, b, ""   # prec18: a clinician's NPI in an XCN's ID slot
        elif spec.part == "date":
            d = _TS_DATE.match(text, comps[0][0], comps[0][1])
            if d:
                yield d.start(), d.end(), spec.category
        else:
            scheme = len(comps) > 4 and text[comps[4][0]:comps[4][1]] in spec.scheme_types
            for (a, b), category in zip(comps, spec.components):
                if b > a and category:
                    yield a, b, "" if scheme and category == "ORGANIZATION" else category


_NAME_PARTS = 5   # XPN: family, given, middle, suffix, prefix; then degree and name type (MD, L) follow
_DEGREES = frozenset({"MD", "DO", "RN", "NP", "PA", "PhD", "MBBS", "MBChB", "DDS", "CRNA", "PharmD", "DNP"})


def _name_parts(text: str, comps: list[tuple[int, int]], id_first: bool) -> tuple[int, int] | None:
    """(start, end) of an HL7 person name (XPN, or XCN with ``id_first``) from its first to its last filled name
    component (prec15): an XCN's ID number before it (``198674^``) and the degree and name type after it (``^^^^MD``,
    ``^^^^^^L``) are no part of the name. A name written in an XCN's ID slot (no digit in it) is the name."""
    skip = 1 if id_first and comps and (comps[0][1] == comps[0][0]
                                        or any(c.isdigit() for c in text[comps[0][0]:comps[0][1]])) else 0
    filled = [(a, b) for a, b in comps[skip:skip + _NAME_PARTS] if b > a]
    while len(filled) > 1 and text[filled[-1][0]:filled[-1][1]] in _DEGREES:  # prec16: 4551^XU^^^^MD, the degree a slot early
        filled.pop()
    return (filled[0][0], filled[-1][1]) if filled else None


def _split(text: str, start: int, end: int, sep: str) -> Iterator[tuple[int, int]]:
    pos = start
    while True:
        i = text.find(sep, pos, end)
        if i < 0:
            yield pos, end
            return
        yield pos, i
        pos = i + 1


_DICOM = re.compile(r"^[ \t]*\((?P<g>[0-9A-Fa-f]{4}),[ ]?(?P<e>[0-9A-Fa-f]{4})\)[ \t]+(?:[A-Za-z'’ ]{1,50}?[ \t]+)?"
                    r"(?P<vr>[A-Z]{2}):?[ \t]+(?:\[(?P<v>[^\]\n]{1,200})\]|'(?P<v2>[^'\n]{1,200})'|\"(?P<v3>[^\"\n]{1,200})\")", re.M)


def dicom_spans(text: str, tags: dict[str, str], not_phi_vr: Iterable[str] = ()) -> Iterator[tuple[int, int, str]]:
    """(start, end, category) of the values of the configured DICOM tags in a header dump, as dcmdump writes it
    (``(0010,0010) PN [DOE^JOHN]``) or pydicom (``(0010, 0010) Patient's Name  PN: 'DOE^JOHN'``); the tag
    decides, whatever the value looks like (``tags``: ``{"0010,0010": "NAME"}``, upper-case hex). Values of the
    other tags whose value representation is in ``not_phi_vr`` (a time, a code string) come with category ``""``:
    no PHI, whatever a recognizer thought."""
    if not (tags or not_phi_vr) or "(" not in text:
        return
    for m in _DICOM.finditer(text):
        category = tags.get(f"{m.group('g')},{m.group('e')}".upper(), "" if m.group("vr") in not_phi_vr else None)
        group = next((g for g in ("v", "v2", "v3") if m.group(g) is not None), None)
        if category is not None and group and m.group(group).strip():
            yield m.start(group), m.end(group), category
