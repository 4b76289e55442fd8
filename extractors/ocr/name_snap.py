"""Item names OCR misread or glued to other text, put right to the catalogue term printed (``name snap``).

A row whose name is no catalogue item is tried, in this order (a row whose code is a catalogue item only by steps 1
and 2, to a term of that item):

1. *clean*: the name with text that is no part of it taken off: a table rule or a stray glyph before it
   (``| 尿素``, ``I乙肝e抗原``), a running number before it (``24 γ-谷氨酰转移酶``: kept as ``index``), a unit
   glued before it, or a code glued after it (``糖类抗原125CA125``, ``氯a``: a code kept as ``abbr``); the first
   such reading that is a catalogue term is taken as it is, without review;
2. *glyphs*: a catalogue term the name differs from only in glyphs OCR confuses (lexicon ``name_glyphs``: 皿/血,
   粗/粒, 0/O, l/1, Y·/γ-); a name of one or two characters only when its row's unit, value or reference fit the
   item; taken at a lower confidence (× ``GLYPH_FACTOR``);
3. *edits*: for names of four or more characters, the catalogue term within ``EDIT_LIMIT`` (one character edit;
   a glyph edit counts ``GLYPH_COST``), never a first character added, dropped or changed (前白蛋白 / 白蛋白 name
   two items), never a last one added or dropped (a name printed short), never on a name in traditional script (its variant characters are print), and never against the
   row's unit or reference; taken at × ``EDIT_FACTOR`` and sent to review
   (``lab.item_snapped``) with the printed text in the reason.

Two terms of different items at the same distance are told apart by how well the row's unit, value and reference
fit each (``fit``); when they still tie, or the row contradicts the nearest item, the row keeps its printed name
(``item_checks`` may still send it to review). The printed name is
kept on the row (``item_printed``) and in the item field's attributes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from oncostruct.extractors.ocr.cells import canonical_unit, clean, code_splits, has_cjk, item_entry
from oncostruct.extractors.ocr.lab_rows import LabRow, reference_bounds
from oncostruct.extractors.ocr.unit_reading import valid_units
from oncostruct.extractors.rules.loader import load_lexicon
from oncostruct.extractors.script import to_simplified

GLYPH_COST = 0.25  # a glyph OCR confuses, or a hyphen / dot / space added or lost
EDIT_LIMIT = 1.25  # the most a name may be off its term: one character edit and a glyph (two edits make
# another item's name too often: 人类免疫缺陷病毒抗体 is printed, 人类免疫缺陷病毒抗原抗体 another item)
CODE_EDIT_LIMIT = EDIT_LIMIT  # a name whose printed code names an item: one character off its term (any one; two
# make another item: 中间细胞百分比 MID% is no misread 单核细胞百分比)
GLYPH_FACTOR = 0.95
EDIT_FACTOR = 0.8
_PUNCT = set("-·. _")
_SYMBOLS = re.compile(r"[#%]")
_MARKS = re.compile(r"[\s\-·._()（）\[\]【】/]")  # what a name may print around its words (红细胞分布宽度(CV))
_HEAD_JUNK = re.compile(r"^(?:[|｜│丨!]+|[Il](?=[\u3400-\u9fff]))\s*")  # a table rule or a bar read as I / l
_HEAD_NUMBER = re.compile(r"^(?P<num>\d{1,3})[.、)]?\s+(?=\S)")
_HEAD_UNIT = re.compile(r"^[A-Za-z0-9μ/.^%*×]+(?=[\u3400-\u9fff])")  # mL/min/1.73m2小而密…: the row above's unit


@dataclass
class Snap:
    term: str  # the catalogue term taken as the printed name
    kind: str  # clean | glyphs | edits
    cost: float
    review: str | None = None  # why the row goes to review, or None
    abbr: str | None = None
    index: int | None = None


@lru_cache(maxsize=1)
def _glyphs() -> dict[str, frozenset[str]]:
    return {e.canonical: frozenset(e.attributes.get("chars", ())) for e in load_lexicon("name_glyphs").entries}


@lru_cache(maxsize=1)
def _terms() -> tuple[tuple[str, str], ...]:
    """(term as written, its entry's canonical) for every catalogue term."""
    return tuple((t, e.canonical) for e in load_lexicon("lab_items").entries for t in e.terms)


def _key(text: str) -> str:
    return to_simplified(re.sub(r"\s+", "", clean(text or "")))


def _sub_cost(a: str, b: str) -> float:
    if a == b or a.lower() == b.lower() and not has_cjk(a):
        return 0.0
    return GLYPH_COST if b in _glyphs().get(a, ()) else 1.0


def distance(read: str, term: str) -> tuple[float, bool]:
    """(weighted edit distance from ``read`` to ``term``, whether the first character is kept). Glyph
    substitutions and a hyphen, dot or space added or dropped cost ``GLYPH_COST``; any other edit 1."""
    n, m = len(read), len(term)
    prev = [0.0] * (m + 1)
    for j in range(1, m + 1):
        prev[j] = prev[j - 1] + (GLYPH_COST if term[j - 1] in _PUNCT else 1.0)
    for i in range(1, n + 1):
        cur = [prev[0] + (GLYPH_COST if read[i - 1] in _PUNCT else 1.0)] + [0.0] * m
        for j in range(1, m + 1):
            cur[j] = min(prev[j] + (GLYPH_COST if read[i - 1] in _PUNCT else 1.0),
                         cur[j - 1] + (GLYPH_COST if term[j - 1] in _PUNCT else 1.0),
                         prev[j - 1] + _sub_cost(read[i - 1], term[j - 1]))
        prev = cur
    first_kept = bool(read) and bool(term) and (read[0] == term[0] or term[0] in _glyphs().get(read[0], ()))
    return prev[m], first_kept


def fit(canonical: str, row: LabRow) -> int:
    """How well the row's unit, value and reference fit an item: +1 each that fits, −2 each that contradicts."""
    entry = item_entry(canonical)
    if entry is None:
        return 0
    attrs, score = entry.attributes, 0
    units = {canonical_unit(u) or u for u in valid_units(attrs)}
    if row.unit and units:
        score += 1 if row.unit in units else -2
    plausible = attrs.get("plausible")
    if plausible and row.value_num is not None:
        score += 1 if plausible[0] <= row.value_num <= plausible[1] else -2
    typical = attrs.get("reference")
    low, high = reference_bounds(row.reference)
    if typical and low is not None and high is not None and high > low:
        mid, t_mid = (low + high) / 2, (typical[0] + typical[1]) / 2
        score += 1 if t_mid / 4 <= mid <= t_mid * 4 + 1e-9 else -2
    return score


def _cleaned(name: str) -> Snap | None:
    """A catalogue term left once text that is no part of the name is taken off (see the module's step 1)."""
    index = None
    rest = _HEAD_JUNK.sub("", name)
    if (m := _HEAD_NUMBER.match(rest)) is not None:
        index, rest = int(m.group("num")), rest[m.end():]
    rest = _HEAD_UNIT.sub("", rest) if has_cjk(rest) else rest
    # a code after a space or glued on; a bracketed one is the row split's (``lab_rows``), which tells a code from a
    # qualifier of the name (红细胞分布宽度(CV)); an English name is no name and code
    splits = [(s.name, s.code) for s in code_splits(rest) if s.form in ("spaced", "glued") and has_cjk(s.name)]
    for text, abbr in ((rest, None), *splits):
        if text != name and item_entry(_key(text)) is not None:
            return Snap(_key(text), "clean", 0.0, abbr=abbr if abbr and len(abbr) >= 2 else None, index=index)
    return None


def _near(printed: str, row: LabRow) -> Snap | None:
    """The catalogue term the name is a glyph misreading or a few edits of (steps 2 and 3)."""
    name = _key(printed)
    limit = EDIT_LIMIT if len(name) >= 4 and has_cjk(name) else 3 * GLYPH_COST
    scored: list[tuple[float, int, str, str]] = []
    for term, canonical in _terms():
        if abs(len(term) - len(name)) > limit / GLYPH_COST or has_cjk(term) != has_cjk(name):
            continue
        if _SYMBOLS.findall(name) != _SYMBOLS.findall(term):
            continue  # 淋巴细胞# is the count, 淋巴细胞% the share: printed symbols are no misreading
        if _MARKS.sub("", name).lower() == _MARKS.sub("", term).lower():
            return None  # the same item printed with its own brackets or dashes: the printed name stands
        if len(name) != len(term) and (term.startswith(name) or name.startswith(term)):
            continue  # 淋巴细胞 printed short for 淋巴细胞数: a name cut at its end is print, not a misreading
        cost, first_kept = distance(name, term)
        if cost <= limit and (first_kept or cost < 1.0):
            scored.append((cost, fit(canonical, row), term, canonical))
    if not scored:
        return None
    scored.sort(key=lambda s: (s[0] - 0.3 * s[1], s[0]))
    cost, fits, term, canonical = scored[0]
    rivals = [s for s in scored[1:] if s[3] != canonical and s[0] - 0.3 * s[1] <= cost - 0.3 * fits]
    if fits < 0 or rivals:
        return None
    if len(name) <= 2 and fits < 2:
        return None  # 氧 for 氯 only beside a chloride's unit and range
    if cost < 1.0:
        return Snap(term, "glyphs", cost)
    if to_simplified(printed) != printed:
        return None  # a traditional-script name: its variant characters (醯 for 酰) are print, not misreadings
    return Snap(term, "edits", cost, review=f"item printed {name!r} is no catalogue item; read as {term} "
                                             f"({cost:g} edits off)")


def snap(row: LabRow, report_type: str | None = None) -> Snap | None:
    """How the row's printed name reads as a catalogue term, or None (a known name, or none close enough)."""
    if not row.item or item_entry(row.item, report_type) is not None:
        return None
    name = clean(row.item).strip()
    s = _cleaned(name) or _near(name, row)
    code = item_entry(row.abbr) if row.abbr else None
    if code is not None and (s is None or s.kind == "edits" or item_entry(s.term).canonical != code.canonical):
        return _by_code(name, code.canonical, row)  # a row its code already names: only a reading of that item
    return s


def _by_code(printed: str, canonical: str, row: LabRow) -> Snap | None:
    """The term of the item the row's printed code names that the name is within ``CODE_EDIT_LIMIT`` of by
    characters misread, the first included (哺酸性粒细胞百分比 EO%: the code says which item the misread name is);
    never a name with a character more or less (天门冬氨酸氨基转酶 AST, 单核细胞 MONO#: print) or with its own
    marks, nor against the row's unit, value or reference."""
    name = _key(printed)
    if len(name) < 4 or not has_cjk(name) or fit(canonical, row) < 0 or to_simplified(printed) != printed:
        return None
    near = []
    for term, c in _terms():
        if c != canonical or not has_cjk(term) or _SYMBOLS.findall(name) != _SYMBOLS.findall(term):
            continue
        if len(name) != len(term) and (term.startswith(name) or name.startswith(term)) \
                or _MARKS.sub("", name).lower() == _MARKS.sub("", term).lower():
            return None  # a name printed short, or with its own dashes (红细胞分布宽度-CV): the printed name stands
        if len(_MARKS.sub("", name)) == len(_MARKS.sub("", term)):  # a character added or dropped is print
            near.append((distance(name, term)[0], term))
    cost, term = min(near, default=(CODE_EDIT_LIMIT + 1, ""))
    if cost > CODE_EDIT_LIMIT:
        return None
    return Snap(term, "glyphs" if cost < 1.0 else "edits", cost, review=None if cost < 1.0 else
                f"item printed {name!r} is no catalogue item; read as {term} by its code ({cost:g} edits off)")


def snap_names(rows: list[LabRow], report_type: str | None = None) -> int:
    """Put each row's misread name right (``snap``), keeping the printed name; returns how many were put right."""
    n = 0
    for row in rows:
        s = snap(row, report_type)
        if s is None:
            continue
        row.item_printed, row.item = row.item, s.term
        row.abbr = row.abbr or s.abbr
        row.index = row.index if row.index is not None else s.index
        row.item_snap = s.review
        row.confidence *= {"glyphs": GLYPH_FACTOR, "edits": EDIT_FACTOR}.get(s.kind, 1.0)
        n += 1
    return n
