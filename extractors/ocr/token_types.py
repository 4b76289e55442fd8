"""A printed line cut into cells at any separator, and each cell typed on its own: item, code, value, unit,
reference, flag.

The cells of a line are its OCR boxes' words (runs of spaces and gaps between boxes already part them), cut again at
the separators a text export or a drawn table prints inside one box: ``;`` ``|`` tabs and box-drawing characters
always, ``,`` where the line prints it as a delimiter (three or more on the line: a CSV export) and ``:`` where it
parts a name from what follows (never between digits: ``1:320`` is a titre, ``08:30`` a time). A cell that already
reads as a number, range, unit or flag is never cut (``男:4.3-5.8`` is one sex-specific range).

Each cell gets weights per type (``cell_types``), 0–1, from the catalogue and the ``lab_cells`` rule pack only, so
the typing does not depend on a layout's column order: a catalogue name or code is an item, a Chinese name of two
or more characters or a run of Latin words is a weaker item, a column title or sheet label (``结果``,
``Units``, ``审核者``) a label and never an item, a number a value, a range or inequality a reference
(an inequality, ``0-40`` or a result word can also be a value: both weights), a unit a unit, a flag glyph or
word a flag.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from oncostruct.extractors.ocr.cells import clean, has_cjk, header_entry, is_qualitative, item_entry, labels, split_code
from oncostruct.extractors.ocr.tokens import Token, sub_token

_ALWAYS = ";；|¦│┃｜\t" + "".join(chr(c) for c in range(0x2500, 0x2580))  # field separators and box-drawing
_COMMAS = ",，"
_COLONS = ":："
_MIN_COMMAS = 3  # a line printing this many commas is comma-delimited (a CSV export): each one parts two fields
# a box that is one comma-decimal number or range (4,91; < 5,2; 4,2 - 5,7): its commas are decimal commas, never
# delimiters, and do not count towards a CSV line (an international report prints three on most rows)
_COMMA_DECIMAL = re.compile(r"^(?:<=|>=|[<>≤≥])?\s*\d+(?:,\d{1,3})?(?:\s*-\s*\d+(?:,\d{1,3})?)?$")
_FIELD_TYPES = {"value", "value_flag", "reference", "reference_unit", "unit", "flag", "qualitative"}
_LATIN_WORDS = re.compile(r"[A-Za-z][A-Za-z'\-]{2,}(?:,? [A-Za-z][A-Za-z0-9'\-]*){0,4},?")  # Protein, total
_LABELS = {"column", "patient", "label", "footer"}  # lab_headers categories of words that name a field, not a result
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'\-]*,?")  # a word continuing a Latin name (Hemoglobin A1c)
_BRACKETED_CODE = re.compile(r"^[\[【(（]\s*(?P<code>[A-Za-zαβγ][A-Za-z0-9#%/\-]{0,9})\s*[\]】)）]$")
_LEAD_NUMBER = re.compile(r"^\d{1,3}[.、)]?$")
_NUMBERED = re.compile(r"^\d{1,3}[.、)]?\s*(?=\D)")  # 2钠, 3.氯: a running number glued before the name
_UNIT_LIKE = re.compile(r"[^\s\u3400-\u9fff]{0,6}/[^\s\u3400-\u9fff]{1,10}")  # x10/^9/L: a unit the rules do not know


@dataclass
class Cell:
    token: Token
    types: dict[str, float] = field(default_factory=dict)  # type → weight (item, code, value, unit, reference, flag, index)
    cut: bool = False  # parted from the previous cell by a printed separator (not a space or a gap)

    def weight(self, kind: str) -> float:
        return self.types.get(kind, 0.0)

    @property
    def itemlike(self) -> bool:
        """An item name or code, with nothing of a result field about it."""
        return max(self.weight("item"), self.weight("code")) > 0 and not any(
            self.weight(k) for k in ("value", "unit", "reference", "flag"))


def _cuts(text: str, commas: bool) -> list[int]:
    """Positions of the separators inside one box's text: field separators (and commas on a comma-delimited line),
    then colons inside each part: after a label (``参考：9-50``), or, in a part that does not read as a field of its
    own (``男:4.3-5.8``), anywhere not between digits."""
    out, start = [], 0
    for k, c in enumerate(text + _ALWAYS[0]):
        if c in _ALWAYS or commas and c in _COMMAS:
            part = text[start:k]
            field_like = bool(labels(part) & _FIELD_TYPES)
            for j, ch in enumerate(part):
                if ch in _COLONS and (_is_label(part[:j]) or not field_like and not (
                        0 < j < len(part) - 1 and part[j - 1].isdigit() and part[j + 1].isdigit())):
                    out.append(start + j)
            out.append(k)
            start = k + 1
    return out[:-1]


def _is_label(text: str) -> bool:
    head = header_entry(text) if text.strip() else None
    return head is not None and head.category in _LABELS


def cut_cells(line: list[Token]) -> list[Cell]:
    """The line's cells: each token cut at its separators (see the module note), left to right."""
    decimal = {id(t) for t in line if _COMMA_DECIMAL.fullmatch(t.text.strip())}
    commas = sum(t.text.count(c) for t in line if id(t) not in decimal for c in _COMMAS) >= _MIN_COMMAS
    out: list[Cell] = []
    for t in sorted(line, key=lambda t: t.x0):
        cuts = _cuts(t.text, commas and id(t) not in decimal)
        start, cut = 0, False
        for k in [*cuts, len(t.text)]:
            part = t.text[start:k]
            if part.strip():
                lead = len(part) - len(part.lstrip())
                tok = t if (start, k) == (0, len(t.text)) else sub_token(t, start + lead, start + len(part.rstrip()))
                out.append(Cell(tok, cut=cut))
            cut = k < len(t.text)
            start = k + 1
    return out


def cell_types(text: str) -> dict[str, float]:
    """The weight of each type this one cell can be (see the module note); empty: noise."""
    t = clean(text).rstrip(",，")
    labs = labels(t)
    out: dict[str, float] = {}
    entry = item_entry(t.replace(" ", ""))
    coded = _BRACKETED_CODE.match(t)
    if "flag" in labs and entry is None:
        out["flag"] = 1.0
    if labs & {"unit", "reference_unit"} and entry is None:
        out["unit"] = 1.0
    if labs & {"value", "value_flag"} and "flag" not in out:
        out["value"] = 0.5 if "reference" in labs else 1.0
    if "qualitative" in labs or is_qualitative(t):
        out["value"] = 1.0
        out["reference"] = 0.5  # 阴性 is a result, and the range of a result printed as a word
    if "reference" in labs:
        out["reference"] = 1.0
    if _LEAD_NUMBER.fullmatch(t):
        out["index"] = 0.5  # 12 / 3. / 4、: a running number, or a value
    if out:
        return out
    if entry is None and _is_label(t):
        return {"label": 1.0}  # 结果, 参考, Units, 姓名, 审核者: a column title or a sheet label, never an item
    core = _NUMBERED.sub("", t).replace(" ", "")
    coded_name = split_code(core, ("tail", "head"))  # 钾(K), 肌酐(CREA), [K]钾, 【ALT】丙氨酸氨基转移酶
    if entry is None and (item_entry(core) is not None or coded_name is not None and (
            item_entry(coded_name.name) is not None or item_entry(coded_name.code) is not None)):
        out["item"] = 1.0  # a catalogue name with its running number or its code in brackets glued on (钾(K), [K]钾)
    elif entry is not None:
        out["code" if not has_cjk(t) and " " not in t else "item"] = 1.0  # WBC, CYFRA21-1: a code
    elif coded is not None:
        out["code"] = 1.0 if item_entry(coded.group("code")) is not None else 0.5
    elif sum(1 for c in t if has_cjk(c)) >= 2 and not re.search(r"\d{3,}", t):
        out["item"] = 0.5  # a Chinese name the catalogue does not know, or one with a code or number glued on
    elif _LATIN_WORDS.fullmatch(t):
        out["item"] = 0.3
    elif _UNIT_LIKE.fullmatch(t) and not re.search(r"\d{4}", t):
        out["unit"] = 0.5
    return out


def typed_cells(line: list[Token]) -> list[Cell]:
    """The line's cells with their types; Latin words printed with word spaces (``Uric Acid``) are one cell."""
    out: list[Cell] = []
    for c in cut_cells(line):
        c.types = cell_types(c.token.text)
        prev = out[-1] if out else None
        if prev is not None and not c.cut and _LATIN_WORDS.fullmatch(prev.token.text) \
                and _WORD.fullmatch(c.token.text) and not (prev.types.keys() - {"item", "code"}) \
                and not (c.types.keys() - {"item", "code"}) and not prev.weight("code") and not c.weight("code") \
                and c.token.x0 - prev.token.x1 < 0.8 * max(prev.token.h, c.token.h):
            a, b = prev.token, c.token
            tok = Token(f"{a.text} {b.text}", a.x0, min(a.y0, b.y0), b.x1, max(a.y1, b.y1), min(a.score, b.score),
                        a.line, a.page)
            out[-1] = Cell(tok, cell_types(tok.text), prev.cut)
        else:
            out.append(c)
    return out
