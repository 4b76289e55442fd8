"""Rows read by the type of each cell, whatever the page's column order or separator.

Each printed line is cut into typed cells (``token_types``). A line of names with no field under which stand lines
of fields with no name (cards) gives one record per name, each with the cells under it (``stacked``). Otherwise a
record is one run of item cells (a name, its code,
the running number before it) and the cells around it; a line holding several item runs is cut into one record per
run (side-by-side results), before each run where the page prints its items first, after it where it prints them
last. In a record, one cell is chosen as the value and at most one as the reference, in ANY order: every
assignment is scored by the cells' type weights plus how well it agrees with the page's column order, learned from
its unambiguous records (one catalogue item, one number, at most one range: the share of them printing each field
before each other field, with a prior of the common order ``item value unit reference flag``). So two numbers in
one record (a value and a single-number reference, or a reference printed before the value) are resolved by the
page, not by one layout's habit. Units and flags keep their type. The chosen cells go to ``lab_rows.parse_row`` as
banded cells, the item first, so names, codes, units, ranges and flags are normalised as table cells are.

A record is kept only with a value and with a catalogue item (a code alone is not enough), a catalogue unit or a
range (a patient line, a date,
a header or a footer has neither), and never when it holds a run of eight or more digits (a barcode, a sample
number), nor on a page read turned (words standing upright: a quarter turn; the column titles under most results:
half a turn, the boxes mirrored). Its confidence is the parser's times how clearly its assignment won (``CLEAR`` /
``UNCLEAR``).
"""
from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from oncostruct.extractors.ocr.cells import clean, header_entry, item_entry, labels
from oncostruct.extractors.ocr.lab_rows import LabRow, parse_row, rising_range
from oncostruct.extractors.ocr.table import Row, median_height, y_clusters
from oncostruct.extractors.ocr.token_types import Cell, typed_cells
from oncostruct.extractors.ocr.tokens import Token, sub_token
from oncostruct.extractors.ocr.unit_reading import known_units

ROLES = ["item", "value", "unit", "reference", "flag", "index"]
FIELDS = ("item", "value", "unit", "reference", "flag")
PRIOR = 0.7  # the prior share of records printing a field before each field after it in ``FIELDS``
PRIOR_WEIGHT = 2.0  # …worth this many records
ORDER_WEIGHT = 0.6  # an assignment agreeing with the page's order on every pair gains about this much per pair
CLEAR, UNCLEAR = 0.85, 0.7  # confidence factors: the best assignment won by ``MARGIN`` or more, or by less
MARGIN = 0.5
STRONG = 0.5  # an item run weaker than this (Latin words the catalogue does not know) opens no record beside others
COUNT_SHARE = 0.6  # of the steps between running numbers, this share counts up by one
COLUMN_WEIGHT = 0.6  # a value or reference cell where the page prints that field (or the other) gains (or loses) this
COLUMN_CELLS = 3
TITLES = 3  # column titles on one line that make it the table's title line
STACK = 3  # lines of results a line of names may stand over
LIMITS = 0.8  # the weight of two bare numbers side by side read as a range's limits
_ID = re.compile(r"\d{8,}")
_INTEGER = re.compile(r"(\d{1,3})[.、)]?")
_BARE = re.compile(r"\d+(?:\.\d+)?")
_RULE_LOOKALIKE = {"1", "I", "l", "|", "¦"}
RULE_LINES = 3  # lone look-alikes of a rule on this many lines: the page prints rules OCR read as letters
RULE_VALUE = 0.4


@dataclass
class Record:
    cells: list[Cell]
    item: tuple[int, int]  # [start, end) of the item run in ``cells``


@dataclass
class Assignment:
    value: int | None
    reference: tuple[int, ...] | None  # one cell, or the low and high limits printed apart
    score: float
    margin: float


def item_runs(cells: list[Cell]) -> list[tuple[int, int]]:
    """Maximal runs of item-like cells, each holding a name or a code (a second catalogue name opens a run of its
    own: names side by side); of several, those holding a name or code of
    weight ``STRONG`` (a Latin word beside a unit, ``mg/L FEU``, opens no record of its own)."""
    out, k = [], 0
    while k < len(cells):
        if not cells[k].itemlike:
            k += 1
            continue
        j = k
        named = cells[k].weight("item") >= 1
        while j + 1 < len(cells) and cells[j + 1].itemlike and not (named and cells[j + 1].weight("item") >= 1):
            j += 1
            named = named or cells[j].weight("item") >= 1
        out.append((k, j + 1))
        k = j + 1
    strong = [(a, b) for a, b in out if max(max(c.weight("item"), c.weight("code")) for c in cells[a:b]) >= STRONG]
    return strong if len(out) > 1 and strong else out


def records(cells: list[Cell], item_first: bool) -> list[Record]:
    """The line's records: one per item run holding a name (runs of codes alone where there is none); a line of
    several runs is cut before each run (after it where the page prints items last); a running number before a run
    goes with it."""
    runs = item_runs(cells)
    named = [r for r in runs if any(c.weight("item") for c in cells[r[0]:r[1]])]
    if named:
        runs = named  # a code printed apart from its name (code first, name last) opens no record of its own
    if len(runs) <= 1:
        return [Record(cells, runs[0])] if runs else []
    cuts = [0]
    for a, b in zip(runs, runs[1:]):
        cut = b[0] if item_first else a[1]
        while item_first and cut > cuts[-1] and cells[cut - 1].weight("index"):
            cut -= 1
        cuts.append(cut)
    cuts.append(len(cells))
    out = []
    for (lo, hi), run in zip(zip(cuts, cuts[1:]), runs):
        out.append(Record(cells[lo:hi], (run[0] - lo, run[1] - lo)))
    return out


def _fields(cells: list[Cell]) -> bool:
    return any(c.weight(k) for c in cells for k in ("value", "reference", "unit", "flag"))


def _strong_runs(cells: list[Cell]) -> list[tuple[int, int]]:
    return [(a, b) for a, b in item_runs(cells)
            if max(max(c.weight("item"), c.weight("code")) for c in cells[a:b]) >= STRONG]


def _each_name(cells: list[Cell], run: tuple[int, int]) -> list[tuple[int, int]]:
    """A run of a line of names cut before each name (a cell of item weight ``STRONG`` not opening with a bracket:
    a bracket is the previous name's code or qualifier)."""
    a, b = run
    starts = [a] + [k for k in range(a + 1, b) if cells[k].weight("item") >= STRONG
                    and cells[k].token.text.strip()[:1] not in "([（【"]
    return list(zip(starts, [*starts[1:], b]))


def stacked(lines: list[list[Cell]], k: int) -> tuple[list[Record], int]:
    """Records of names printed over their fields (cards: a line of names, then up to ``STACK`` lines of results,
    units, flags and ranges under them, no name among them): each name takes the cells under it, from its left
    edge to the next name's. Returns the records and the number of lines they take (0: no such block at ``k``)."""
    names = lines[k]
    runs = [part for run in _strong_runs(names) for part in _each_name(names, run)]
    if not runs or _fields(names):
        return [], 0
    j = k + 1
    while j < len(lines) and j - k <= STACK and _fields(lines[j]) and not _strong_runs(lines[j]):
        j += 1
    if j == k + 1:
        return [], 0
    edges = [names[a].token.x0 for a, _ in runs[1:]]
    out = []
    for n, (a, b) in enumerate(runs):
        lo = edges[n - 1] if n > 0 else float("-inf")
        hi = edges[n] if n < len(edges) else float("inf")
        under = [c for cells in lines[k + 1:j] for c in cells if lo <= c.token.xc < hi and not c.weight("label")]
        out.append(Record([*names[a:b], *under], (0, b - a)))
    return out, j - k


def running_numbers(recs: list[Record]) -> None:
    """The integers opening records before their names, where they count up by one from record to record of their
    column on ``COUNT_SHARE`` of the steps (three records or more): running numbers, typed as such (weight 1)."""
    heads = [rec.cells[0] for rec in recs if rec.item[0] > 0 and _INTEGER.fullmatch(rec.cells[0].token.text.strip())]
    steps = counted = 0
    for k, c in enumerate(heads):  # each against the one before it in its own column (blocks side by side)
        prev = next((p for p in reversed(heads[:k]) if abs(p.token.x0 - c.token.x0) < 3 * c.token.h), None)
        if prev is not None:
            counted += 1
            steps += _count(c) == _count(prev) + 1
    if len(heads) >= 3 and counted and steps >= COUNT_SHARE * counted:
        for c in heads:
            c.types = {"index": 1.0}


def _count(cell: Cell) -> int:
    return int(_INTEGER.fullmatch(cell.token.text.strip()).group(1))


def page_records(lines: list[list[Cell]], item_first: bool) -> list[Record]:
    """Every record of the page: names over their fields (``stacked``), else each line's (``records``)."""
    out: list[Record] = []
    k = 0
    while k < len(lines):
        recs, used = stacked(lines, k)
        if used:
            out += recs
            k += used
        else:
            out += records(lines[k], item_first)
            k += 1
    running_numbers(out)
    return out


def _positions(rec: Record, value: int | None, reference: tuple[int, ...] | None) -> dict[str, int]:
    pos = {"item": rec.item[0]}
    if value is not None:
        pos["value"] = value
    if reference:
        pos["reference"] = reference[0]
    for kind in ("unit", "flag"):
        k = next((k for k, c in enumerate(rec.cells) if _sole(c, kind)), None)
        if k is not None:
            pos[kind] = k
    return pos


def _sole(cell: Cell, kind: str) -> bool:
    """The cell's strongest type is ``kind`` (a unit that is no number, a flag)."""
    return bool(cell.types) and max(cell.types, key=cell.types.get) == kind and cell.weight(kind) >= 0.5


def _candidates(rec: Record, kind: str) -> list[int]:
    lo, hi = rec.item
    out = [k for k, c in enumerate(rec.cells) if not lo <= k < hi and c.weight(kind) > 0 and not _sole(c, "unit")
           and not _sole(c, "flag")]
    if out and out[0] == 0 < lo and rec.cells[0].weight("index") >= 1:
        out = out[1:]  # the running number opening the record (``running_numbers``)
    return out


def _bare(cell: Cell) -> bool:
    return bool(_BARE.fullmatch(cell.token.text.strip()))


def _number(cell: Cell) -> bool:
    return cell.weight("value") >= 1 and not cell.weight("reference")


def _references(rec: Record) -> list[tuple[tuple[int, ...], float]]:
    """Reference candidates with their weights: single cells, and two bare numbers side by side and rising (a
    range's low and high limits printed in cells of their own, weighed ``LIMITS``)."""
    out = [((k,), rec.cells[k].weight("reference")) for k in _candidates(rec, "reference")]
    values = _candidates(rec, "value")
    for k in values:
        if k + 1 in values and _bare(rec.cells[k]) and _bare(rec.cells[k + 1]) \
                and rising_range(rec.cells[k].token.text.strip(), rec.cells[k + 1].token.text.strip()) is not None:
            out.append(((k, k + 1), LIMITS))
    return out


def unambiguous(rec: Record) -> tuple[int, tuple[int, ...] | None] | None:
    """(value, reference) of a record any reading agrees on: a catalogue item, one number, at most one range."""
    if not any(c.weight("item") >= 1 or c.weight("code") >= 1 for c in rec.cells[rec.item[0]:rec.item[1]]):
        return None
    values, refs = _candidates(rec, "value"), _candidates(rec, "reference")
    sure = [k for k in values if _number(rec.cells[k])]
    if len(sure) != 1 or len(values) > 1 + len(refs) or len([k for k in refs if k != sure[0]]) > 1:
        return None
    ref = next((k for k in refs if k != sure[0]), None)
    return sure[0], (ref,) if ref is not None else None


def page_order(recs: list[Record]) -> dict[tuple[str, str], float]:
    """For each pair of fields (a, b), the share of the page's unambiguous records printing a before b (smoothed
    with ``PRIOR``)."""
    before: Counter = Counter()
    seen: Counter = Counter()
    for rec in recs:
        sure = unambiguous(rec)
        if sure is None:
            continue
        pos = _positions(rec, *sure)
        for a, b in itertools.combinations(FIELDS, 2):
            if a in pos and b in pos:
                seen[a, b] += 1
                before[a, b] += pos[a] < pos[b]
    return {(a, b): (before[a, b] + PRIOR * PRIOR_WEIGHT) / (seen[a, b] + PRIOR_WEIGHT)
            for a, b in itertools.combinations(FIELDS, 2)}


def page_columns(recs: list[Record]) -> list[tuple[float, str]]:
    """(x-centre, role) of the value and reference cells of the page's unambiguous records."""
    out = []
    for rec in recs:
        sure = unambiguous(rec)
        if sure is not None:
            out.append((rec.cells[sure[0]].token.xc, "value"))
            if sure[1]:
                out.append((rec.cells[sure[1][0]].token.xc, "reference"))
    return out


def _column_vote(cell: Cell, role: str, columns: list[tuple[float, str]]) -> float:
    """+1 where the page's unambiguous records print ``role`` at this cell's place (``COLUMN_CELLS`` of them or more
    within a text height, most of them in that role), −1 where they print the other field there, else 0."""
    near = [r for x, r in columns if abs(x - cell.token.xc) < cell.token.h]
    if len(near) < COLUMN_CELLS:
        return 0.0
    share = sum(r == role for r in near) / len(near)
    return 1.0 if share > 0.5 else -1.0 if share < 0.5 else 0.0


def assign(rec: Record, order: dict[tuple[str, str], float],
           columns: list[tuple[float, str]] = ()) -> Assignment | None:
    """The best (value, reference) of the record: type weights, agreement with the page's order and with the
    places its unambiguous records print values and references at (a value read from the reference column is
    none: the value cell OCR left empty). None when no cell can be the value."""
    values, refs = _candidates(rec, "value"), _references(rec)
    scored = []
    for v in [*values, None]:
        for r, w in [(None, 0.0), *((r, w) for r, w in refs if v not in r)]:
            score = (rec.cells[v].weight("value") + COLUMN_WEIGHT * _column_vote(rec.cells[v], "value", columns)
                     if v is not None else 0.0) + w
            if r is not None:
                score += COLUMN_WEIGHT * _column_vote(rec.cells[r[0]], "reference", columns)
            pos = _positions(rec, v, r)
            for a, b in itertools.combinations(FIELDS, 2):
                if a in pos and b in pos:
                    p = order[a, b]
                    score += ORDER_WEIGHT * ((p if pos[a] < pos[b] else 1.0 - p) - 0.5)
            scored.append((score, v, r))
    scored.sort(key=lambda s: -s[0])
    best = scored[0]
    if best[1] is None:
        return None
    rival = next((s[0] for s in scored[1:] if s[1] != best[1]), None)  # another cell as the value
    margin = best[0] - rival if rival is not None else float("inf")
    return Assignment(best[1], best[2], best[0], margin)


def _item_cell(cell: Cell, named: bool) -> tuple[Token, int | None]:
    """An item cell and its band: a catalogue code in brackets (``[ALT]``, ``(WBC)``) beside a name, without its
    brackets, goes to no band (the parser reads it as the code); any other item cell stays in the item band."""
    t = cell.token
    text = t.text.strip()
    if named and cell.weight("code") >= 1 and text[:1] in "[【(（" and text[-1:] in "]】)）":
        return sub_token(t, 1, len(t.text) - 1), None
    return t, 0


def _joined(cells: list[Cell]) -> Token:
    """Codes with no name beside them (``ALT (SGPT)``: a code and its alias) as one item, as printed."""
    a, b = cells[0].token, cells[-1].token
    return Token(" ".join(c.token.text for c in cells), a.x0, min(c.token.y0 for c in cells), b.x1,
                 max(c.token.y1 for c in cells), min(c.token.score for c in cells), a.line, a.page)


def record_row(rec: Record, choice: Assignment) -> Row:
    """The record as a banded row, item cells first (read as the row's first line), then the rest left to right."""
    lo, hi = rec.item
    named = any(c.weight("item") for c in rec.cells[lo:hi])
    head = [_item_cell(c, named) for c in rec.cells[lo:hi]] if named else [(_joined(rec.cells[lo:hi]), 0)]
    rest = []
    refs = choice.reference or ()
    if len(refs) == 2:  # a range's low and high limits in cells of their own: one reference
        a, b = rec.cells[refs[0]].token, rec.cells[refs[1]].token
        rest.append((Token(rising_range(a.text.strip(), b.text.strip()) or f"{a.text}-{b.text}", a.x0,
                           min(a.y0, b.y0), b.x1, max(a.y1, b.y1), min(a.score, b.score), a.line, a.page),
                     ROLES.index("reference")))
    for k, c in enumerate(rec.cells):
        if lo <= k < hi or len(refs) == 2 and k in refs:
            continue
        role = "value" if k == choice.value else "reference" if k in refs else \
            "unit" if _sole(c, "unit") else "flag" if _sole(c, "flag") else "index" if k == 0 < lo \
            and c.weight("index") else None
        if role is not None:
            rest.append((c.token, ROLES.index(role)))
        elif c.itemlike and c.weight("code") and not any(rec.cells[j].weight("code") for j in range(lo, hi)):
            rest.append(_item_cell(c, True))  # the item's code printed apart from its name: the parser's code
    tokens = [*head, *rest]
    return Row(0, 0, tokens, statistics.median(t.yc for t, _ in tokens), len(head))


def _kept(res: LabRow | None, named: bool) -> bool:
    """A result, not a patient, header or footer line nor a column of codes: a value, and a catalogue item named
    (not a code alone: ``WBC 1`` is a code and a row number), a catalogue unit or a range."""
    if res is None or res.empty or not res.value:
        return False
    known = item_entry(res.item) is not None or (res.abbr is not None and item_entry(res.abbr) is not None)
    ranged = bool(res.reference and labels(clean(res.reference)) & {"reference", "qualitative"})
    return known and named or res.unit in known_units() or ranged


def weaken_rules(lines: list[list[Cell]]) -> list[list[Cell]]:
    """Lone look-alikes of a table rule (``|`` read as ``1``, ``I``, ``l``) on a page that prints them on
    ``RULE_LINES`` lines or more, one at least not a digit (so rules, not results): dropped where they are no
    number, and a ``1`` weighs ``RULE_VALUE`` as a value (the value where the line holds no other number)."""
    ruled = [cells for cells in lines if any(_lookalike(c) for c in cells)]
    if len(ruled) < RULE_LINES or not any(_lookalike(c) and not c.token.text.strip().isdigit()
                                          for cells in ruled for c in cells):
        return lines
    for cells in ruled:
        for c in cells:
            if _lookalike(c) and c.weight("value"):
                c.types = {"value": RULE_VALUE}
    return [[c for c in cells if not (_lookalike(c) and not c.weight("value"))] for cells in lines]


def _lookalike(cell: Cell) -> bool:
    return cell.token.text.strip() in _RULE_LOOKALIKE


def _titles_below(lines: list[list[Cell]]) -> bool:
    """The page's first line of column titles (``TITLES`` of them or more: 项目 结果 单位) stands below most of the
    lines holding a number and a name."""
    titled = [k for k, cells in enumerate(lines)
              if sum(1 for c in cells if c.weight("label") and _column_title(c.token.text)) >= TITLES]
    results = [k for k, cells in enumerate(lines) if item_runs(cells) and _candidates_any(cells)]
    return bool(titled and results) and sum(k < titled[0] for k in results) > 0.5 * len(results)


def _column_title(text: str) -> bool:
    head = header_entry(text)
    return head is not None and head.category == "column"


def _candidates_any(cells: list[Cell]) -> bool:
    return any(_number(c) for c in cells)


def _upright(tokens) -> bool:
    """Most words of two characters or more lie along the line (a page read a quarter turn off has them upright)."""
    words = [t for t in tokens if len(t.text.strip()) >= 2]
    return not words or sum(t.x1 - t.x0 >= t.h for t in words) >= 0.5 * len(words)


def typed_rows(tokens) -> list[LabRow]:
    """The results of every line of the page read by cell types, top to bottom, left to right."""
    if not tokens or not _upright(tokens):
        return []
    h = median_height(tokens)
    lines = weaken_rules([typed_cells(line) for line in y_clusters(tokens, 0.5 * h)])
    lines = [cells for cells in lines if not any(_ID.search(c.token.text) for c in cells)]
    if _titles_below(lines):
        return []  # the column titles under the results: a page read half a turn off (its boxes mirrored)
    first = page_records(lines, True)
    order = page_order(first)
    columns = page_columns(first)
    out: list[LabRow] = []
    for rec in page_records(lines, order["item", "value"] >= 0.5):
        choice = assign(rec, order, columns)
        if choice is None:
            continue
        res = parse_row(record_row(rec, choice), ROLES)
        if not _kept(res, any(c.weight("item") for c in rec.cells[rec.item[0]:rec.item[1]])):
            continue
        res.confidence = round(res.confidence * (CLEAR if choice.margin >= MARGIN else UNCLEAR), 3)
        res.row = len(out)
        res.cols = {k: ROLES.index(k) for k in res.cells if k in ROLES}
        out.append(res)
    return out
