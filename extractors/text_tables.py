"""Labels over values: tables whose column labels stand in a header row, and keyed records (JSON, XML, HL7-free).

Shared by the patient-header keys (:mod:`extractors.text.patient_keys`) and PHI detection
(:mod:`extractors.deid.structured`). Each reader yields ``(label, value, offset)``: the label text, the value
text and the value's offset in the given text. :func:`match_pairs` runs a rule pack on ``"label：value"`` so that
a rule cued by the label (``姓名：``, ``MRN:``) finds the value, and maps the match back onto the text.

Separators read: tabs, pipes (markdown ``| a | b |``, a ``|---|`` rule row skipped), commas (CSV with a header
line) and runs of two or more spaces (fixed-width columns).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Iterable, Iterator, Protocol

from oncostruct.extractors.rules.loader import RuleMatch

Pair = tuple[str, str, int]

_RULE_ROW = re.compile(r"^[\s|｜:\-—=+]*$"
                       r"|^[ \t]*\\(?:hline|toprule|midrule|bottomrule|cline\{[^}\n]*\}|cmidrule(?:\([lr]{1,2}\))?\{[^}\n]*\})[ \t]*$")
SPLITTERS: dict[str, re.Pattern[str]] = {
    "tab": re.compile(r"[ ]*\t[ ]*"),
    "pipe": re.compile(r"[ \t]*[|｜][ \t]*"),
    "comma": re.compile(r"[ \t]*,[ \t]*"),
    "spaces": re.compile(r"[ ]{2,}"),
    # phi11rev: a LaTeX tabular row (Name & Age \\), its row end a separator too
    "latex": re.compile(r"[ \t]*(?<!\\)&[ \t]*|[ \t]*\\\\[ \t]*(?:\\(?:hline|midrule))?[ \t]*$"),
    # prec15: a fixed-width table whose rows mix tabs and runs of spaces under a header parted by spaces
    # (``床位费     330100015\t   725.00`` under ``项目名称  项目编码   金额(元)``)
    "gaps": re.compile(r"[ ]*\t[ ]*|[ ]{2,}"),
}
_KEEP_EMPTY = {"tab", "pipe", "comma"}   # an empty cell keeps its column; runs of spaces cannot hold one
# session 17: a form's numbered column label too (24. DATE(S) OF SERVICE over a claim's service lines)
_HEADER_CELL = re.compile(r"^[^\d:：]{1,24}$|^[A-Za-z][A-Za-z ./#'’()&-]{0,23}$|^[A-Za-z]{2}[A-Za-z_]{0,14}\d{1,2}$"
                          r"|^\d{1,3}[A-Za-z]?\.[ ][A-Za-z][A-Za-z ./#'’()&-]{0,30}$")
# prec16: a treatment calendar's visit codes among the labels (C1D1, C2D8, D15, W4): a column label, not a value
_VISIT_CELL = re.compile(r"^[A-Z]\d{1,2}(?:[A-Z]\d{1,2})?$")
# prec16: a key may be written in Chinese ("操作员": "…", a HIS export's JSON)
_JSON_PAIR = re.compile(r'"(?P<k>[A-Za-z_\u4e00-\u9fa5][A-Za-z0-9_\-\u4e00-\u9fa5]{0,40})"[ \t]{0,3}:[ \t]{0,3}"(?P<v>[^"\n]{1,200})"'
                        r'|"(?P<k2>[A-Za-z_][A-Za-z0-9_\-]{0,40})"[ \t]{0,3}:[ \t]{0,3}(?P<v2>\d[\d\-]{0,40})')
_JSON_LIST = re.compile(r'"(?P<k>[A-Za-z_][A-Za-z0-9_\-]{0,40})"[ \t]{0,3}:[ \t]{0,3}\[(?P<items>"[^"\n]{1,100}"'
                        r'(?:[ \t]{0,2},[ \t]{0,2}"[^"\n]{1,100}"){0,5})\]')   # "given": ["Rosa", "M"] (FHIR)
_JSON_ITEM = re.compile(r'"(?P<v>[^"\n]{1,100})"')
# session 14: an XML element may be named in Chinese (<年龄>91</年龄>, a HIS export)
_XML_PAIR = re.compile(r"<(?P<k>[A-Za-z_\u4e00-\u9fa5][A-Za-z0-9_\-\u4e00-\u9fa5]{0,40})(?:[ \t][^<>\n]{0,200})?>(?P<v>[^<>\n]{1,200})</(?P=k)>")
# Log lines and query strings (``dept=血液科 bed=31``) and YAML / config dumps (``  name: 张三``, lower-case keys
# only, so prose labels such as ``Patient:`` are not read as keys).
_KV_PAIR = re.compile(r"""(?<![A-Za-z0-9_=])(?P<k>[A-Za-z][A-Za-z0-9_]{1,30})=(?P<v>[^\s"'&;,=]{1,60})""")
# deidorg10: INI / TOML lines with spaces around the sign (``unit = Oncology Step-Down Unit``, ``age = 100``)
_INI_PAIR = re.compile(r"^[ \t]*(?P<k>[A-Za-z][A-Za-z0-9_.]{1,30})[ \t]+=[ \t]+(?P<v>[^\s\"'\[{#][^\n#;]{0,80}?)[ \t]*$", re.M)
_YAML_PAIR = re.compile(r"^[ \t]*(?:- )?(?P<k>[a-z][a-z0-9_]{1,30}):[ \t]+(?P<v>[^\s\"'{\[#|>&*][^\n#]{0,80}?)[ \t]*$", re.M)
# Form print-outs and registry abstracts: "City ......... ALBANY", "[70] Addr at DX--No & Street .. 6489 ELM AVE" (the
# key is the part after a NAACCR-style "--"), "姓名......张三".
# deidname10: YAML / TOML / INI values in quotes (``  name: "张三"``, ``name = "Harrow, Beatrice"``); unquoted
# ``key = value`` lines are _INI_PAIR's
_QUOTED_PAIR = re.compile(r'^[ \t]*(?:- )?(?P<k>[A-Za-z][A-Za-z0-9_]{1,30})(?:[ \t]*:[ \t]*|[ \t]*=[ \t]*)"(?P<v>[^"\n]{1,120})"[ \t]*,?[ \t]*$',
                          re.M)
_LEADER_PAIR = re.compile(r"^[ \t]*(?:\[\d{1,5}\][ \t]+)?(?:[A-Za-z][A-Za-z ]{0,30}--)?(?P<k>[A-Za-z\u4e00-\u9fa5][A-Za-z\u4e00-\u9fa5 &/'-]{0,40}?)[ \t]*\.{2,}"
                          r"[ \t]*(?P<v>[^\s.][^\n]{0,80}?)[ \t]*$", re.M)
_XML_ATTR = re.compile(r'(?<=[ \t])(?P<k>[A-Za-z_][A-Za-z0-9_\-]{0,40})="(?P<v>[^"<>\n]{1,200})"')
_QUOTED = re.compile(r'"[^"\n]{0,500}"')
_SPACED = re.compile(r"\S[ ]{2,}\S")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|[_\-]+")


def cells(line: str, offset: int, splitter: re.Pattern[str] = SPLITTERS["pipe"],
          keep_empty: bool = False, split_on: str | None = None) -> list[tuple[str, int]]:
    """The cells of a line split by ``splitter``, with their offsets (empty edge cells of ``| a | b |`` dropped;
    inner empty cells kept as ``""`` when ``keep_empty``). ``split_on``: the line as the splitter sees it (the
    same length; a CSV line with its quoted fields blanked, so a comma inside quotes splits nothing)."""
    out, pos = [], 0
    for m in list(splitter.finditer(split_on if split_on is not None else line)) + [None]:
        end = m.start() if m else len(line)
        raw = line[pos:end]
        if raw.strip() or keep_empty:
            lead = len(raw) - len(raw.lstrip())
            out.append((raw.strip(), offset + pos + lead))
        pos = m.end() if m else len(line)
    return out


def _blank(m: re.Match[str]) -> str:
    return "_" * len(m.group())


def _lines(text: str) -> list[tuple[str, int]]:
    """The lines of ``text`` that are not rule rows, with their offsets."""
    out, pos = [], 0
    for line in text.split("\n"):
        if not _RULE_ROW.match(line):
            out.append((line, pos))
        pos += len(line) + 1
    return out


_TAB_OR_PIPE = re.compile(r"\t+|[ \t]*[|｜][ \t]*")


def table_pairs(head: str) -> Iterator[tuple[str, int, int]]:
    """Header tables written as a row of labels over a row of values (tabs or pipes, a ``|---|`` rule between):
    ``(label：value, offset of the value in head, length of the label part)`` per column."""
    lines = _lines(head)
    for (labels_line, lo), (values_line, vo) in zip(lines, lines[1:]):
        labels, values = cells(labels_line, lo, _TAB_OR_PIPE), cells(values_line, vo, _TAB_OR_PIPE)
        if len(labels) >= 2 and len(labels) == len(values) and not any(c in ":：" for c, _ in labels for c in c):
            for (label, _), (value, offset) in zip(labels, values):
                yield f"{label}：{value}", offset, len(label) + 1


def _is_header(row: list[tuple[str, int]]) -> bool:
    """Two or more short label cells, not all the same word (``FAX  FAX  FAX``, ``CONFIDENTIAL  CONFIDENTIAL``: a
    banner, no column labels; deiden13). s21-table35: a label in quotes (a CSV header's ``"icd10"``) is read without
    them, a label may end in a qualifier in brackets (``SSN (last 4)``, ``Age (yrs)``), and an empty cell among labels is
    the stub of a row-index column (SPSS's and a printed data frame's corner), when the labels outnumber the empties."""
    cells_ = [c[1:-1] if len(c) > 1 and c[0] == c[-1] == '"' else c for c, _ in row]
    empty = sum(1 for c in cells_ if not c)
    labels = [_LABEL_QUALIFIER.sub("", c) for c in cells_ if c and not _VISIT_CELL.match(c)]
    return (len(labels) >= 2 and empty < len(labels) and all(_HEADER_CELL.match(c) for c in labels)
            and len({c.strip().lower() for c in labels}) > 1)


_LABEL_QUALIFIER = re.compile(r"(?<=[A-Za-z\u4e00-\u9fa5])[ ]?[(（][^()（）\n]{1,12}[)）]$")   # s21-table35


def _pipe_trim(row: list[tuple[str, int]], line: str) -> list[tuple[str, int]]:
    """A markdown row ``| a | b |``: the empty cells outside its edge pipes are not columns."""
    s = line.strip()
    if s.startswith(("|", "｜")) and row and not row[0][0]:
        row = row[1:]
    if s.endswith(("|", "｜")) and row and not row[-1][0]:
        row = row[:-1]
    return row


def _header_rows(text: str) -> Iterator[tuple[list[tuple[str, int]], list[tuple[str, int]]]]:
    """``(header cells, row cells)`` for every row under a header row (two or more short cells without digits or
    colons) with as many cells or fewer, under any one separator (tab, pipe, comma, two or more spaces); the table
    ends at the first row of another width or a shorter row of labels."""
    lines = _lines(text)
    for name, splitter in SPLITTERS.items():
        header: list[tuple[str, int]] | None = None
        head_line = ("", 0)
        for line, lo in lines:
            narrow = _narrow_row(line, lo, head_line, len(header)) if name == "spaces" and header is not None else None
            if narrow:   # deidzh13: a Chinese table's header parted by wide gaps, its rows by single spaces
                header, row = narrow
            elif name == "spaces" and ("\t" in line or "|" in line or not _SPACED.search(line)):
                header = None
                continue
            elif name == "gaps" and ("|" in line or not _SPACED.search(line)):
                header = None
                continue
            else:
                row = cells(line, lo, splitter, keep_empty=name in _KEEP_EMPTY,
                            split_on=_QUOTED.sub(_blank, line) if name == "comma" and '"' in line else None)
                if name == "comma" and header is not None and len(row) > len(header) and ", " not in head_line[0]:
                    row = cells(line, lo, splitter, keep_empty=True, split_on=_comma_spaced(line))
            if name == "pipe":
                row = _pipe_trim(row, line)
            if name == "spaces" and header is not None and len(row) > len(header):
                header = _single_spaced(head_line, len(row)) or header
            if header is not None and 2 <= len(row) <= len(header) and row != header and not (
                    len(row) < len(header) and _is_header(row)):   # a shorter row of labels: a new table
                if name != "gaps" or "\t" in line:   # rows without a tab are the spaces' and the tabs' own
                    yield (_aligned(header, head_line[1], row, lo) if name == "spaces" and len(row) < len(header)
                           else header), row
                continue
            header = row if _is_header(row) else None
            head_line = (line, lo)


def _aligned(header: list[tuple[str, int]], head_lo: int, row: list[tuple[str, int]], lo: int) -> list[tuple[str, int]]:
    """s19-prec19: the header cells over a fixed-width row that has fewer cells than its header (two cells run
    together, ``OR1016:15`` under ``Rm  Start``): each row cell under the header cell whose column it starts in (the
    last one starting at or before it, one character of slack; the next one when a cell before overran into it), when
    that leaves every row cell a label in order; the header as it is otherwise."""
    cols = [offset - head_lo for _, offset in header]
    out, last = [], -1
    for n, (_, offset) in enumerate(row):
        col = offset - lo
        i = max(max((k for k, c in enumerate(cols) if c <= col + 1), default=0), last + 1)   # a cell that overruns
        if i > len(header) - (len(row) - n):   # its column moves on by one; no room left for the rest: as it is
            return header
        out.append(header[i])
        last = i
    return out


def _single_spaced(head: tuple[str, int], width: int) -> list[tuple[str, int]] | None:
    """A fixed-width header's cells split at every space, when that makes as many label cells as its rows have
    (prec16: ``性别 年龄`` parted by one space over ``男   93``); None otherwise."""
    labels = cells(*head, _SINGLE)
    return labels if len(labels) == width and _is_header(labels) else None


def _comma_spaced(line: str) -> str:
    """A CSV row under a header written without spaces after its commas, with the commas that a space follows blanked
    (prec16): an unquoted ``QU, HAOLIN`` or ``Research, IRB`` is one cell, as its writer meant."""
    return _QUOTED.sub(_blank, line).replace(", ", "_ ")


_CJK = re.compile(r"[\u4e00-\u9fa5]")
_SINGLE = re.compile(r"[ ]+")


def _narrow_row(line: str, offset: int, head: tuple[str, int],
                wide: int) -> tuple[list[tuple[str, int]], list[tuple[str, int]]] | None:
    """(header cells, row cells) of a Chinese row parted by single spaces under a header line (``head``: its text and
    offset; ``wide``: its cells between wide gaps), when both split on every space make as many cells and the row's
    wide gaps make fewer cells than the header's (``乙肝疫苗 第1剂 2024.03.19 B7712`` under ``疫苗  剂次  接种日期  批号``;
    not lines of ``label value  label value`` pairs, whose wide gaps agree); None otherwise."""
    if "\t" in line or "|" in line or not _CJK.search(line):
        return None
    row, labels = cells(line, offset, _SINGLE), cells(*head, _SINGLE)
    if len(row) == len(labels) >= 2 and _is_header(labels) and len(cells(line, offset, SPLITTERS["spaces"])) < wide:
        return labels, row
    return None


def column_pairs(text: str) -> Iterator[Pair]:
    """Every value of every table whose header row holds the column labels, with its column label; and every cell of
    a printed data frame (:func:`frame_pairs`)."""
    frames = list(_frames(text))
    for header, row in _header_rows(text):
        if frames and row and any(a <= row[0][1] < b for a, b, _ in frames):
            continue   # s21-table35: a printed data frame's rows are read by position, not by their gaps
        for (label, _), (value, offset) in zip(header, row):
            if value:
                yield label, value, offset
    for _, _, pairs in frames:
        yield from pairs


# s21-table35: a data frame as R, pandas, a tibble, SAS PROC PRINT or SPSS print it: a header line of variable names
# (``mrn  name  dob  zip age_dx``, single spaces allowed), perhaps a line of types (``<chr> <date>``), then rows that
# open with a row index (``0``, ``1``, ``[1,]``, ``12.``); its columns are parted by position, not by the width of a gap
_FRAME_HEAD = re.compile(r"^[ \t]{0,40}(?:[A-Za-z_\u4e00-\u9fa5][A-Za-z0-9_.\u4e00-\u9fa5]{0,30}[ ]{1,40}){1,20}"
                         r"[A-Za-z_\u4e00-\u9fa5][A-Za-z0-9_.\u4e00-\u9fa5]{0,30}[ \t]{0,40}$")
_FRAME_TYPES = re.compile(r"^[ \t]{0,40}(?:<[a-z]{2,8}>[ ]{0,40}){2,30}$")
_FRAME_ROW = re.compile(r"^[ ]{0,10}(?:\d{1,6}\.?|\[\d{1,6},\])[ ]{1,20}\S")
_WORDS = re.compile(r"\S+")


def _width(ch: str) -> int:
    return 2 if "\u1100" <= ch and unicodedata.east_asian_width(ch) in "WF" else 1


def _columns(line: str, wide: bool) -> list[tuple[int, int, int, int]]:
    """(start, end) in the line and (start, end) in print columns of each word of ``line`` (``wide``: a CJK character
    takes two columns, as R prints it)."""
    out, col, done = [], 0, 0
    for m in _WORDS.finditer(line):
        if wide:
            col += sum(_width(c) for c in line[done:m.start()])
            a = col
            col += sum(_width(c) for c in m.group())
            done = m.end()
            out.append((m.start(), m.end(), a, col))
        else:
            out.append((m.start(), m.end(), m.start(), m.end()))
    return out


def _frame_row(head: list[tuple[int, int, int, int]], row: list[tuple[int, int, int, int]]) -> dict[int, list[int]] | None:
    """``{header index: [word indexes]}`` of a row under a header by print position: a word under one label is that
    label's; a word under none joins the nearer word beside it when one space parts them (a cell of two words,
    ``ROE, ANN``); the row index (its first word, under no label) is no cell. None when a word stands under two labels (the columns do not line up)."""
    owner: list[int | None] = []
    for _, _, a, b in row:
        over = [i for i, (_, _, ha, hb) in enumerate(head) if a < hb and ha < b]
        if len(over) > 1:
            return None
        owner.append(over[0] if over else None)
    for k in range(1, len(row)):
        if owner[k] is not None:
            continue
        left = row[k][2] - row[k - 1][3]
        right = row[k + 1][2] - row[k][3] if k + 1 < len(row) else 1 << 20
        pick = k - 1 if left < right else k + 1 if right < left else None
        if pick is None and k + 1 < len(row) and owner[k + 1] is not None and row[k + 1][3] == head[owner[k + 1]][3]:
            pick = k + 1   # a tie: the word joins a right-aligned cell beside it (pandas' ``ROE, ANN``)
        elif pick is None and owner[k - 1] is not None and row[k - 1][2] == head[owner[k - 1]][2]:
            pick = k - 1   # or a left-aligned one (a tibble's)
        gap = left if pick == k - 1 else right
        if pick is not None and pick > 0 and owner[pick] is not None and gap <= 1:
            owner[k] = owner[pick]   # lead, s21: one space inside a cell; a wider gap parts an unheaded column
    cells_: dict[int, list[int]] = {}
    for k, o in enumerate(owner):
        if o is not None and (k > 0 or row[0][2] >= head[0][2]):   # lead, s21: a first word under a label is a cell
            cells_.setdefault(o, []).append(k)
    return cells_


def frame_pairs(text: str) -> Iterator[Pair]:
    """(label, value, offset) of each cell of each printed data frame in ``text`` (s21-table35)."""
    for _, _, pairs in _frames(text):
        yield from pairs


def _frames(text: str) -> Iterator[tuple[int, int, list[Pair]]]:
    """(start, end, cells) of each printed data frame in ``text`` whose rows seat a cell: its rows' words are given to
    the variable name over them by print position, character by character first, then with CJK characters two
    columns wide (R's print); the reading that seats more words wins."""
    if "\n" not in text:
        return
    lines = text.split("\n")
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    n = 0
    while n < len(lines) - 1:
        line = lines[n]
        if not _FRAME_HEAD.match(line) or "\t" in line:
            n += 1
            continue
        first = n + 1 + (1 if _FRAME_TYPES.match(lines[n + 1]) else 0)
        last = first
        while last < len(lines) and _FRAME_ROW.match(lines[last]) and "|" not in lines[last] and "\t" not in lines[last]:
            last += 1
        if last == first:
            n += 1
            continue
        best: list[tuple[str, str, int]] = []
        for wide in (False, True):
            head = _columns(line, wide)
            labels = [line[a:b] for a, b, _, _ in head]
            found: list[tuple[str, str, int]] = []
            for r in range(first, last):
                row = _columns(lines[r], wide)
                seated = _frame_row(head, row)
                if not seated or len(seated) < max(2, (len(head) + 1) // 2):
                    continue   # a row fills most of its frame's columns; a list item under a title line does not
                for i, ks in seated.items():
                    a, b = row[ks[0]][0], row[ks[-1]][1]
                    found.append((labels[i], lines[r][a:b], offsets[r] + a))
            if len(found) > len(best):
                best = found
            if not any(_width(c) == 2 for c in text[offsets[first]:offsets[last - 1] + len(lines[last - 1])]):
                break
        if best:
            yield offsets[first], offsets[last - 1] + len(lines[last - 1]), best
        n = last


def header_cells(text: str) -> set[tuple[int, int]]:
    """``(start, end)`` of the cells of every header row that heads at least one row of values."""
    return {(offset, offset + len(label)) for header, _ in _header_rows(text) for label, offset in header}


def key_pairs(text: str) -> Iterator[Pair]:
    """JSON ``"key": "value"`` (and each string of ``"key": ["a", "b"]``), XML ``<key>value</key>``, XML attribute ``key="value"``, log ``key=value``, INI / TOML ``key = value``, YAML
    ``key: value`` (its value perhaps quoted) and dot-leader ``Key ...... value`` pairs, the key split into
    words (``patientName`` → ``Patient Name``)."""
    for m in _JSON_PAIR.finditer(text):
        k, v = ("k", "v") if m.group("k") else ("k2", "v2")
        yield key_words(m.group(k)), m.group(v), m.start(v)
    for m in _JSON_LIST.finditer(text):  # each string of a JSON list is a value of the key
        for item in _JSON_ITEM.finditer(text, m.start("items"), m.end("items")):
            yield key_words(m.group("k")), item.group("v"), item.start("v")
    for m in _XML_PAIR.finditer(text):
        yield key_words(m.group("k")), m.group("v"), m.start("v")
    for rx in (_KV_PAIR, _INI_PAIR, _YAML_PAIR, _LEADER_PAIR, _QUOTED_PAIR):
        for m in rx.finditer(text):
            yield key_words(m.group("k")), m.group("v"), m.start("v")
    if "<" in text:
        for m in _XML_ATTR.finditer(text):
            yield key_words(m.group("k")), m.group("v"), m.start("v")


def key_words(key: str) -> str:
    """``patientName`` / ``patient_name`` → ``Patient Name`` (words capitalised, as labels are written)."""
    return " ".join(w[:1].upper() + w[1:] for w in _CAMEL.split(key) if w)


class _Find(Protocol):
    def __call__(self, text: str, lang: str | None = None) -> list[RuleMatch]: ...


def match_pairs(find: _Find, pairs: Iterable[tuple[str, int, int]], lang: str | None) -> Iterator[RuleMatch]:
    """Matches of a rule pack's ``find`` (or ``finditer``) on each synthetic ``label：value`` (given as ``(text,
    value offset, label length)``) whose value group lies in the value part, mapped back onto the original text."""
    for text, offset, shift in pairs:
        for m in find(text, lang):
            group = next((g for g in ("v", "v2") if g in m.group_spans), None)
            a, b = m.group_spans[group] if group else (m.start, m.end)
            if a < shift:
                continue
            spans = {k: (x - shift + offset, y - shift + offset) for k, (x, y) in m.group_spans.items() if x >= shift}
            yield replace(m, start=a - shift + offset, end=b - shift + offset, text=text[a:b], group_spans=spans)


def labelled(pairs: Iterable[Pair], joiner: str = ": ") -> Iterator[tuple[str, int, int]]:
    """``(label, value, offset)`` pairs as the synthetic texts :func:`match_pairs` reads."""
    for label, value, offset in pairs:
        label = closed_label(label)   # s20-org31: a handwritten register's spaced header (住 址, 日 期) reads as 住址
        yield f"{label}{joiner}{value}", offset, len(label) + len(joiner)


_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]{1,3}(?=[\u4e00-\u9fff])")


def closed_label(label: str) -> str:
    """A label with the gaps between its Chinese characters closed (a spaced header: 住 址 → 住址, 日 期 → 日期)."""
    return _CJK_GAP.sub("", label)
