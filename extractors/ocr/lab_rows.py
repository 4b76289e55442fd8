"""One table row → one lab result: item, abbreviation, value, unit, reference range, flag.

A row arrives as tokens with the header column (band) each falls in. Tokens OCR merged are
split first ("162.82↑" → value + flag, "0-25 /UL" → reference + unit, "白细胞(WBC)" → item +
abbreviation). Roles then come from the header band where there is one and from content
where there is none or where content contradicts it (a unit under 参考值, an arrow in an
unlabelled column, the per-row name printed inside a wide 结果 cell).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from oncostruct.extractors.ocr.cells import (CodeSplit, _headers, canonical_unit, clean, flag_direction, has_cjk,
                                              is_qualitative, item_entry, item_ratio, kinds, labels, split_code)
from oncostruct.extractors.ocr.arrow_reads import flag_cell_arrow
from oncostruct.extractors.script import to_simplified
from oncostruct.extractors.ocr.references import leading_mark, lost_separator, misread_point
from oncostruct.extractors.ocr.sheet_words import holds
from oncostruct.extractors.ocr.stray_words import group_word, reference_head, reference_tail, stray_in_reference, stray_in_unit
from oncostruct.extractors.ocr.table import Row, median_height, y_clusters
from oncostruct.extractors.ocr.tokens import Token, sub_token
from oncostruct.extractors.ocr.unit_reading import known_units, read_unit
from oncostruct.extractors.ocr.value_signs import glue_signs
from oncostruct.extractors.ocr.wrapped_names import is_code

# An abbreviation: letters and digits, then optionally a separator (- / # %) and any of those and separators. Written
# as one optional tail, not a repeated group whose # and % could also sit inside the parts: that nesting tried
# exponentially many splits of a run of # or % (#20); the strings matched are the same.
# A code may open with one lower-case letter (tPSA, fPSA, sTfR: total / free / soluble).
_RANGE_GAP = re.compile(r"(?<=\d)\s*-\s+(?=\d)|(?<=\d)\s+-\s*(?=\d)")  # 137- 147: a range's ends in two cells
# 钠Na, 镁Mg, 抗甲状腺球蛋白抗体TgAb: a mixed-case code glued on, split off only when the dictionary gives both as one item
_CODE_SUFFIX = re.compile(r"^(?P<name>.*[\u3400-\u9fff])\s*(?P<abbr>[A-Z][A-Za-z0-9]{0,6})$")
_ABBR_SUFFIX = re.compile(r"^(?P<name>.*[\u3400-\u9fff].{0,1}?)\s*(?P<abbr>[a-z]?[A-Z][A-Z0-9]*(?:[-#%/][-#%/A-Za-z0-9]*)?)$")
_LEAD_ARROW = re.compile(r"^(?P<arrow>[↑↓])\s*(?=\d{1,3}\s|[\u3400-\u9fffA-Za-z])")
# the running number before the name; a lone letter before it, apart, is a pen tick or mark read as a letter (L 19 钾)
_ROW_NUMBER = re.compile(r"^(?:[A-Za-z]\s+(?=\d{1,3}\s*[\u3400-\u9fff]))?\d{1,3}[^\u3400-\u9fff\s%]?\s*(?=[\u3400-\u9fff])"
                         r"|^\d{1,3}\s+(?=[A-Za-z])")
_INDEX_CELL = re.compile(r"\d{1,3}[.、]?|[A-Za-z]?\d{1,3}")
_NAME_NUMBER = re.compile(r"^(?P<name>.*[\u3400-\u9fff)])(?P<num>\d+\.\d+)$")
_CODE_NUMBER = re.compile(r"^(?P<abbr>[A-Za-z][A-Za-z-]*[#%])(?P<num>\d+(?:\.\d+)?)$")  # LYMPH#1.79: a code glued to its value
_NAME_INTEGER = re.compile(r"^(?P<name>.*[\u3400-\u9fff])(?P<num>\d{1,4})$")
_PAREN_TAIL_ABBR = re.compile(r"^(?P<name>.*[\u3400-\u9fff].*\))(?P<abbr>[A-Z][A-Za-z0-9]*(?:[-/#%][-/#%A-Za-z0-9]*)?)$")
_UNIT_TAIL = re.compile(r"^(?P<unit>.*/[Ll])(?P<tail>[A-Z]{2,})$")
_UNIT_NUMBER = re.compile(r"^(?P<unit>.*/(?:[Ll]|dL|mL|μL|uL))(?P<num>\d{1,3})$")  # 10^9/L14: the next block's item number
_ARROWS = "↑↓▲▼△▽↗↘⬆⬇"  # printed arrow glyphs (their direction: lab_headers flag_mark entries)
_ARROW_TAIL = re.compile(rf"^(?P<rest>.+?)\s*(?P<flag>[{_ARROWS}])$")
_POWER_LOST = re.compile(r"[x×*]?10/[Ll]")  # 10⁹/L with its superscript lost (↓10/L: a flag glued before it)
_ARROW_HEAD = re.compile(rf"^(?P<flag>[{_ARROWS}])(?P<rest>.+)$")
_ARROW_INSIDE = re.compile(rf"^(?P<value>(?:<=|>=|[<>≤≥])?[-+]?\d+(?:\.\d+)?)\s*(?P<flag>[{_ARROWS}])\s*(?P<unit>\S.*)$")
_ENGLISH_GLOSS = re.compile(r"[A-Z][a-z0-9]{3,}(?: [A-Za-z0-9]+){0,3}")
# the name may close with a bracketed qualifier of its own (血红蛋白(定量)(FOB-Q), 钙(校正)(Ca-c))
# and the code may hold one bracket of its own or open with a Greek letter (脂蛋白(a)(Lp(a)), β2-微球蛋白(β2-MG))
_PAREN_ABBR = re.compile(r"^(?P<name>.*[\u3400-\u9fff](?:[^()]*|\([^()]*\)))"
                         r"\((?P<abbr>[A-Za-zαβγ][A-Za-z0-9#%/'\- ]*(?:\([A-Za-z0-9]{1,3}\))?)\)$")
_ABBR_PREFIX = re.compile(r"^(?P<abbr>\*?[A-Za-z][A-Za-z0-9]*(?:[-/#%][-/#%A-Za-z0-9]*)?)(?P<name>[\u3400-\u9fff].*)$")
# what the recogniser returns for an asterisk printed alone in an abnormal column (its six arms read as 米 or 大,
# a bold one as ¥): the mark, but only inside a column headed as a flag column
_MARK_FIX = {"大": "*", "米": "*", "¥": "*", "※": "*"}
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")  # 2,086.4
_VALUE_INTERVAL = re.compile(  # value, flag and a bracketed reference printed in one cell: 32.5(27.0-34.0)
    rf"^(?P<value>(?:<=|>=|<|>|≤|≥)?[-+]?\d+(?:[.,]\d+)?)\s*(?P<flag>[{_ARROWS}]|[HL](?=\s*[\[(（]))?\s*"
    r"(?P<ref>[\[(（].*[\])）])$")
_BRACKETED = re.compile(r"^[\[【](?P<ref>[^\[\]【】]+)[\]】]$|^[(（](?P<range>[-+]?\d+(?:\.\d+)?\s*-\s*\d+(?:\.\d+)?"
                        r"|(?:<=|>=|[<>≤≥])\s*\d+(?:\.\d+)?)[)）]$")  # (9-50), (<5.20): a range or one limit
_INTERVAL = re.compile(r"^\(([-+]?\d+(?:\.\d+)?)[,-](\d+(?:\.\d+)?)\)$")
_NUM = re.compile(r"^(?:<=|>=|<|>|≤|≥)?([-+]?\d+(?:\.\d+)?)\.?$")
_NUM_WORD = re.compile(r"^\s*((?:<=|>=|<|>|≤|≥)?[-+]?\d+(?:\.\d+)?)\s*([^\d\s].*?)\s*$")  # 0.03 阴性
_VALUE_LIKE = {"value", "value_flag", "qualitative"}
_REFERENCE_BANDS = {"reference", "reference_low", "reference_high"}  # a range, or its low and high ends printed in two columns
_BEFORE_VALUE = {"unit", "reference", "reference_low", "reference_high", "flag"}  # header bands whose cells may stand left of the value
_IGNORED_BANDS = {"index", "method", "previous", "chart", "grade", "age", "control"}  # columns that never hold a field of the current result


@dataclass
class Piece:
    text: str
    token: Token
    band: str | None  # role of the header band, None without header

    @property
    def labels(self) -> set[str]:
        return labels(self.text)


@dataclass
class LabRow:
    item: str
    abbr: str | None = None
    value: str | None = None
    value_num: float | None = None
    unit_raw: str | None = None
    unit: str | None = None
    reference: str | None = None
    reference_low: float | None = None
    reference_high: float | None = None
    flag: str | None = None
    flag_computed: bool = False
    unit_repaired: bool = False
    reference_repaired: bool = False  # a range whose dash OCR lost, put back (``references.lost_separator``)
    reference_raw: str | None = None  # the reference as read, when repaired
    reference_doubt: str | None = None  # why the reference as read cannot be right and no one repair fits (``reference_repair``)
    unit_inferred: bool = False  # an empty unit cell given the item's one valid unit (``item_units.fill_units``)
    empty: bool = False
    confidence: float = 0.0
    cells: dict[str, list[Token]] = field(default_factory=dict)  # field → tokens it came from
    table: int = 0
    row: int = 0
    block: int = 0
    cols: dict[str, int] = field(default_factory=dict)
    index: int | None = None  # the running item number printed before the name (2 中性粒细胞计数)
    flag_printed: str | None = None  # a printed arrow read opposite to value vs range, replaced by the computed flag
    value_word: str | None = None  # a qualitative word printed with the number (0.03 阴性), kept in ``value`` too
    mark: str | None = None  # a footnote mark printed on the name (白蛋白*, 乳酸脱氢酶★: not accredited, outsourced…)
    second_look: dict | None = None  # the value cell read again (``second_look``): what was read and what it did
    value_raw: str | None = None  # the value as read, when ``value_repair`` put it right
    value_repaired: bool = False  # a repair that changed the number (an arrow read as a trailing 1): to review
    flag_look: dict | None = None  # the flag cell's pixels looked at (``flag_look``): what was seen and what it did
    item_printed: str | None = None  # the name as read, when ``name_snap`` put it right to a catalogue term
    item_snap: str | None = None  # why that snap goes to review (an edit, not a glyph), or None


def _split(tok: Token, band: str | None) -> list[Piece]:
    """Split a token OCR merged from two cells, by content."""
    text = tok.text
    t = clean(text)
    same_len = len(t) == len(text)
    found = kinds(text)
    whole_value = any(k.rule == "value_number" for k in found)  # <1.0×10^3, 6.68E+03: a value with its power of ten
    if same_len and (m := _VALUE_INTERVAL.match(text)) and "reference" in labels(m.group("ref")):
        pieces = [Piece(m.group("value"), sub_token(tok, 0, m.end("value")), band)]  # 0.225↓[(0.270,4.200)]
        if m.group("flag"):
            pieces.append(Piece(m.group("flag"), sub_token(tok, m.start("flag"), m.end("flag")), band))
        pieces.append(Piece(m.group("ref"), sub_token(tok, m.start("ref"), len(text)), "reference"))
        return pieces
    for k in found:
        if k.label == "value_flag" and same_len:
            n = len(k.groups["value"])
            flag_at = text.index(k.groups["flag"], n)
            end = flag_at + len(k.groups["flag"])  # 172[H]: the brackets around the mark are no part of it
            return [Piece(text[:n], sub_token(tok, 0, n), band), Piece(text[flag_at:end], sub_token(tok, flag_at, end), band)]
        if k.label == "value_unit" and same_len and text.endswith(k.groups["unit"]) and "unit" not in labels(text) \
                and not whole_value and not _POWER_LOST.fullmatch(t):  # 10/L: 10⁹/L with its power lost, one unit
            cut = len(text) - len(k.groups["unit"])  # 6.52×10^9/L: a unit printed glued to its value
            return [Piece(text[:cut].strip(), sub_token(tok, 0, cut), band),
                    Piece(text[cut:], sub_token(tok, cut, len(text)), "unit" if band == "value" else band)]
        if k.label == "unit_reference":  # %11.5-14.5, 10°/L125-350: a unit glued before its reference
            unit, ref = k.groups["unit"], k.groups["ref"]
            if same_len and text.startswith(unit):
                return [Piece(unit, sub_token(tok, 0, len(unit)), band),
                        Piece(text[len(unit):].strip(), sub_token(tok, len(unit), len(text)), band)]
            return [Piece(unit, tok, band), Piece(ref, tok, band)]
        if k.label == "reference_unit" and not whole_value:
            ref, unit = power_apart(k.groups["ref"], k.groups["unit"])
            moved = "unit" if unit != k.groups["unit"] else band  # the power of ten taken back makes it a unit cell
            cut = len(text) - len(unit) if same_len and text.endswith(unit) else None
            if cut:
                return [Piece(text[:cut].strip(), sub_token(tok, 0, cut), band), Piece(unit, sub_token(tok, cut, len(text)), moved)]
            return [Piece(ref, tok, band), Piece(unit, tok, moved)]
    if same_len and (head := reference_head(t)) is not None:  # 验 0.00-4.00: a seal's character before the range
        cut = t.index(head[1], 1)
        return [Piece(text[:cut].strip(), sub_token(tok, 0, cut), "method"), Piece(text[cut:], sub_token(tok, cut, len(text)), band)]
    if same_len and (tail := reference_tail(text)) is not None:  # 3.5-9.5↑, 130-175比色法: the next column run in
        cut = t.rindex(tail[1])
        return [Piece(text[:cut].strip(), sub_token(tok, 0, cut), band),
                Piece(text[cut:], sub_token(tok, cut, len(text)), band if tail[2] == "flag" else "method")]
    if band in (None, "value") and same_len and (m := _NUM_WORD.match(t)) and is_qualitative(m.group(2)) \
            and _NUM.match(m.group(1)):
        cut = m.start(2)  # 0.62阴性: the number and its printed interpretation, glued
        return [Piece(text[:cut].strip(), sub_token(tok, 0, cut), band), Piece(text[cut:], sub_token(tok, cut, len(text)), band)]
    if same_len and (m := _UNIT_NUMBER.match(t)) and "unit" in labels(m.group("unit")):
        cut = len(m.group("unit"))
        return [Piece(text[:cut], sub_token(tok, 0, cut), band), Piece(text[cut:], sub_token(tok, cut, len(text)), "index")]
    if same_len and (m := _UNIT_TAIL.match(t)) and "unit" in labels(m.group("unit")) and "unit" not in labels(t):
        cut = len(m.group("unit"))
        return [Piece(text[:cut], sub_token(tok, 0, cut), band), Piece(text[cut:], sub_token(tok, cut, len(text)), "abbr")]
    if same_len and (m := _ARROW_TAIL.match(t)) and labels(m.group("rest")) & {"qualitative", "value", "value_unit"}:
        cut = m.start("flag")
        return [*_split(sub_token(tok, 0, cut), band), Piece(text[cut:].strip(), sub_token(tok, cut, len(text)), band)]
    if same_len and (m := _ARROW_INSIDE.match(t)) and "unit" in labels(m.group("unit")):
        v, f = m.end("value"), m.end("flag")  # 178↓μmol/L: a value, its arrow and its unit run together
        return [Piece(text[:v].strip(), sub_token(tok, 0, v), band), Piece(m.group("flag"), sub_token(tok, m.start("flag"), f), band),
                Piece(text[m.start("unit"):], sub_token(tok, m.start("unit"), len(text)), "unit" if band == "value" else band)]
    if same_len and (m := _ARROW_HEAD.match(t)) and (labels(m.group("rest")) & {"reference", "reference_unit", "value", "unit"}
                                                     or _POWER_LOST.fullmatch(m.group("rest"))):
        return [Piece(text[:1], sub_token(tok, 0, 1), band), *_split(sub_token(tok, 1, len(text)), band)]
    if band in (None, "item") and (m := re.fullmatch(r"\((?P<abbr>[A-Za-z][A-Za-z0-9#%/'\- ]*)\)", t)):
        return [Piece(m.group("abbr"), tok, "abbr")]
    if band in (None, "item", "abbr", "value") and same_len and (m := _CODE_NUMBER.match(t)):
        cut = m.start("num")  # a fax or narrow print runs the code into the result (LYMPH#1.79)
        return [Piece(text[:cut], sub_token(tok, 0, cut), "abbr"), Piece(text[cut:], sub_token(tok, cut, len(text)), "value")]
    if band in (None, "item", "value") and same_len and (m := _NAME_NUMBER.match(t)) and (band != "value" or _name_ok(m.group("name"))):
        cut = m.start("num")  # a name OCR glued to its value; in the value band when the name spills over into it
        return [Piece(text[:cut], sub_token(tok, 0, cut), band if band != "value" else "item"),
                Piece(text[cut:], sub_token(tok, cut, len(text)), "value")]
    if band in (None, "item") and same_len and (m := _NAME_INTEGER.match(t)) and _known_name(m.group("name")) \
            and not _known_name(t):
        cut = m.start("num")  # 平均血红蛋白浓度351: an integer value glued to a known item name (not 糖类抗原125)
        return [Piece(text[:cut], sub_token(tok, 0, cut), band), Piece(text[cut:], sub_token(tok, cut, len(text)), "value")]
    if band in (None, "item", "value"):
        m = _PAREN_ABBR.match(t) or _ABBR_SUFFIX.match(t) or _PAREN_TAIL_ABBR.match(t)
        if m is None and (code := _CODE_SUFFIX.match(t)) and _same_item(code.group("name"), code.group("abbr")):
            m = code
        if m and same_len and (_abbr_ok(m.group("abbr"), "(" in t) and (_name_ok(m.group("name")) or _bracketed_code(t))
                               or _same_item(m.group("name"), m.group("abbr"))):
            cut = m.start("abbr") - (1 if t[m.start("abbr") - 1 : m.start("abbr")] == "(" else 0)
            name_end = len(m.group("name").rstrip())
            return [Piece(text[:name_end], sub_token(tok, 0, name_end), band),
                    Piece(m.group("abbr"), sub_token(tok, cut, len(text)), "abbr")]
    if band in (None, "item", "value") and same_len and (s := _square_tail(t)) is not None:
        return [Piece(text[:s.cut].rstrip(), sub_token(tok, 0, len(text[:s.cut].rstrip())), band),
                Piece(s.code, sub_token(tok, s.cut, len(text)), "abbr")]
    if band in (None, "abbr", "item", "index") and same_len and (s := _bracketed_prefix(t)) is not None:
        cut = s.cut  # [ALT]丙氨酸氨基转移酶, 【K】钾, [β2-MG]β2-微球蛋白: the brackets belong to neither
        return [Piece(s.code, sub_token(tok, 0, cut), "abbr"),
                Piece(text[cut:], sub_token(tok, cut, len(text)), band if band != "abbr" else "item")]
    if band in (None, "abbr", "item", "index"):
        m = _ABBR_PREFIX.match(t)
        if m and same_len and not m.group("abbr").endswith("-") and (len(m.group("abbr")) >= 2 or _same_item(m.group("name"), m.group("abbr"))):  # D-二聚体 is a name
            cut = m.start("name")
            return [Piece(text[:cut], sub_token(tok, 0, cut), "abbr"), Piece(text[cut:], sub_token(tok, cut, len(text)), band if band != "abbr" else "item")]
    return [Piece(text, tok, band)]


_POWER_VALUE = re.compile(r"^(\S*\d)\s*[x×*]\s*10\^?(-?\d{1,2})$")
_POWER_TAIL = re.compile(r"^(?P<ref>.*\d)(?P<power>1012|109|10)$")


def power_apart(ref: str, unit: str) -> tuple[str, str]:
    """(reference, unit) of a range glued to a count unit whose superscript OCR lost (``125-35010/L``: 125-350 and
    10⁹/L read as 10/L): a bare ``/L`` takes the power of ten back from the end of the range when what is left is
    still a rising range; any other split stays as found."""
    if unit.strip() not in ("/L", "/l") or (m := _POWER_TAIL.match(ref.strip())) is None:
        return ref, unit
    rest = m.group("ref")
    r = re.fullmatch(r"([-+]?\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)", rest)
    if r is None or float(r.group(1)) >= float(r.group(2)):
        return ref, unit
    return rest, m.group("power") + unit.strip()


def _bracketed_prefix(text: str) -> CodeSplit | None:
    """A code in brackets before a Chinese name (which may open with a letter: [CRP]C反应蛋白), or None."""
    s = split_code(text, ("head",))
    return s if s is not None and has_cjk(s.name) and " " not in s.code else None


def _square_tail(text: str) -> CodeSplit | None:
    """A code in square brackets closing a Chinese name (尿素[UREA], 钾【K】), told from a qualifier as a bracketed
    code after a name is (``_abbr_ok``), or None; round brackets are ``_PAREN_ABBR``'s."""
    s = split_code(text, ("tail",))
    if s is None or text[s.cut:].lstrip()[:1] not in "[【" or not has_cjk(s.name):
        return None
    return s if _abbr_ok(s.code, True) or _same_item(s.name, s.code) else None


def _known_name(text: str) -> bool:
    """An item of the dictionary, once a running number printed before it is stripped."""
    number = _ROW_NUMBER.match(text)
    return item_entry(text[number.end():] if number else text) is not None


def _same_item(name: str, abbr: str) -> bool:
    """A short code glued to a name that the dictionary gives as the same item (``K钾``, ``钾(K)``, ``P磷``)."""
    entry = item_entry(abbr.lstrip("*"))
    return entry is not None and entry is item_entry(name.strip())


def _abbr_ok(abbr: str, in_parens: bool) -> bool:
    """A Latin code split off a name: a known item abbreviation, or a code-like string (RDW-CV, NEUT%)."""
    if "unit" in labels(abbr):
        return False  # 红细胞(HPF): a counting field, part of the name
    if item_entry(abbr) is not None and (in_parens or len(abbr) >= 3):
        return True
    if in_parens and _ENGLISH_GLOSS.fullmatch(abbr):
        return True  # 肌酸酐(Creatinine), 尿酸(Uric acid): the English name printed beside the Chinese one
    if in_parens and _BRACKET_CODE.fullmatch(abbr) and not abbr.startswith("Ig") and abbr not in _QUALIFIERS:
        return True  # 氯(Cl), 前白蛋白(PA), 胱抑素C(CysC), 镁(Mg): a short code in brackets after the Chinese name
    return len(abbr) >= 3 and (bool(re.search(r"[-#%]", abbr)) or (in_parens and abbr.isupper()))


# a code in brackets: a capital, then one to seven letters or digits, not a capitalised word (Max); IgG / IgM name
# the item's class and CV / SD the kind of a width (红细胞分布宽度(CV)): all stay part of the name
_BRACKET_CODE = re.compile(r"(?![A-Z][a-z]{2,}$)[A-Z][A-Za-z0-9]{1,7}")
_QUALIFIERS = {"CV", "SD"}


def _swapped(item_parts: list[Piece], abbr_parts: list[Piece]) -> bool:
    """The item read as a code (``RBC``) and the abbreviation as a Chinese name (``红细胞计数``): a code holds no CJK."""
    return bool(item_parts and abbr_parts) and all(is_code(p.text) for p in item_parts) \
        and any(has_cjk(c) for p in abbr_parts for c in p.text)


def _bracketed_code(text: str) -> bool:
    """``钾(K)``-style: a Chinese name (one character will do: 氯(Cl), 镁(Mg)) and a code in brackets closing the cell."""
    m = _PAREN_ABBR.match(text)
    return m is not None and bool(_BRACKET_CODE.fullmatch(m.group("abbr")))


def _name_ok(name: str) -> bool:
    """A Chinese name long enough that a trailing Latin code is an abbreviation, not part of it (抗Sm, 载脂蛋白A1)."""
    cjk = [c for c in name if has_cjk(c)]
    return len(cjk) >= 2


def pieces_of(row: Row, roles: list[str]) -> list[Piece]:
    out: list[tuple[int, Piece]] = []
    for k, (tok, col) in enumerate(row.tokens):
        band = roles[col] if col is not None and col < len(roles) else None
        if band == "index" and not _INDEX_CELL.fullmatch(clean(tok.text)) and col is not None and col + 1 < len(roles):
            band = roles[col + 1]  # a name printed close to its row number belongs to the next column
        line = 1 if row.second is not None and k >= row.second else 0  # a record's second line reads after its first
        out.extend((line, p) for p in _split(tok, band))
    return [p for _, p in sorted(out, key=lambda lp: (lp[0], lp[1].token.x0))]


def add_record(out: list[LabRow], row: Row, roles: list[str]) -> bool:
    """Parse ``row`` and append it to ``out`` numbered in reading order (layouts read record by record: cards,
    transposed bands); False when it holds no result."""
    res = parse_row(row, roles)
    if res is None:
        return False
    res.row = len(out)
    out.append(res)
    return True


def parse_row(row: Row, roles: list[str]) -> LabRow | None:
    """The lab result of one row, or None when the row holds no result (a sub-heading, a stray line)."""
    every = pieces_of(row, roles)
    index_cells = [clean(t.text) for t, c in row.tokens if c is not None and c < len(roles) and roles[c] == "index"
                   and _INDEX_CELL.fullmatch(clean(t.text))]
    pieces = glue_signs([p for p in every if p.band not in _IGNORED_BANDS])  # < 0.50: the sign printed apart
    if any(_is_label(p.text) for p in pieces):
        return None  # a sheet-header or footer line (姓名: / 审核者: ...), never a result
    banded = bool(roles)
    used: set[int] = set()
    value_idx = _find_value(pieces, banded)
    item_parts, abbr_parts = _item_and_abbr(pieces, value_idx, banded, used)
    if _swapped(item_parts, abbr_parts):  # a code column read as the names, the names as codes (a band drifted)
        item_parts, abbr_parts = abbr_parts, item_parts
    if len(item_parts) > 1:  # a title line bent onto the first row (…医院检验报告 beside 嗜酸性粒细胞百分比)
        item_parts = [p for p in item_parts if not _title(p.text)] or item_parts
    if not item_parts:
        return None
    joined = _join(_reading_order(item_parts))
    lead = _LEAD_ARROW.match(joined)  # ↑ 4 血小板计数: the flag printed before the row's number and name
    joined = joined[lead.end():] if lead and joined[lead.end():] else joined
    number = _ROW_NUMBER.match(joined)
    item, mark = footnote_mark(misread_letters(joined[number.end():] if number else joined))
    if not item or re.fullmatch(r"[\d.|│┃｜ ]+", item) or "age_band" in labels(item):
        return None  # a number, a table rule read as a bar, or an age group (a line of an age-specific reference table)
    if _sentence(item):
        return None  # a note or a numbered section heading (二、炎症指标), not a result
    item, gloss = english_gloss(item)
    item = _OPEN_TAIL.sub("", item)  # 总前列腺特异性抗原( : a bracket opened before a code OCR lost
    item = latin_qualifier(item, item_parts, abbr_parts)
    res = LabRow(item=item, abbr=_join(abbr_parts) or gloss or None, mark=mark)
    first = pieces[0] if pieces else None
    if not number and not index_cells and first is not None and first is not item_parts[0] \
            and first.token.x1 <= item_parts[0].token.x0 and re.fullmatch(r"\d{1,3}[.、]?", clean(first.text)):
        index_cells = [clean(first.text)]  # a running number printed apart, left of the name, without an index column
    res.index = _running_number(number.group(0) if number else index_cells[0] if index_cells else None)
    res.cells["item"] = [p.token for p in item_parts]
    if abbr_parts:
        res.cells["abbr"] = [p.token for p in abbr_parts]
    if value_idx is not None:
        value_parts = [pieces[value_idx]]
        used.add(value_idx)
        j = value_idx + 1
        while j < len(pieces) and pieces[j].band == "value" and banded and "value" in pieces[j].labels \
                and "flag" not in pieces[j].labels:
            value_parts.append(pieces[j])
            used.add(j)
            j += 1
        if _word_after_number(pieces, j, value_parts, banded):  # 0.03 阴性: the printed interpretation stays
            value_parts.append(pieces[j])
            used.add(j)
        res.value = _POWER_VALUE.sub(r"\1×10^\2", _join(value_parts))  # <1.0×103: the superscript OCR lost
        res.cells["value"] = [p.token for p in value_parts]
    _rest(pieces, used, value_idx, res, banded)
    if lead and not res.flag:
        res.flag = lead.group("arrow")
    if "reference_high" in roles:
        one_end(res, [p for p in pieces if p.token in res.cells.get("reference", [])])
    if res.value is None and res.reference is None and res.unit is None:
        if not (banded and sum(1 for c in res.item if has_cjk(c)) >= 2):
            return None
        res.empty = True  # an item with empty cells: kept only if a cell turns out to hold a mark
    _numbers(res)
    scores = [t.score for toks in res.cells.values() for t in toks]
    res.confidence = round(min(scores) * (1.0 if banded else 0.85), 3) if scores else 0.0
    return res


# Latin look-alikes OCR reads for the Greek letter or the capital I of an item name (no item prints them so):
# a- / Q- opening a Chinese name is α- (α-L-岩藻糖苷酶, α-羟丁酸脱氢酶), r- is γ- (γ-谷氨酰转移酶; y- is folded by
# ``clean``), B2- / ß2- is β2- (β2-微球蛋白), lgG / lgM is IgG / IgM
_LOOKALIKES = [
    (re.compile(r"^[aQ]-(?=[\u3400-\u9fff]|L-)"), "α-"),
    (re.compile(r"^[rv]-(?=[\u3400-\u9fff])"), "γ-"),
    (re.compile(r"^[Bß](?=\d-?[\u3400-\u9fff])"), "β"),
    (re.compile(r"(?<![A-Za-z])lg([GMAED])(?![a-z])"), r"Ig\1"),
]


def misread_letters(name: str) -> str:
    """An item name with the Latin look-alikes OCR reads for α, β, γ and the I of IgG put back."""
    for rx, repl in _LOOKALIKES:
        name = rx.sub(repl, name)
    return name


_OPEN_TAIL = re.compile(r"(?<=[\u3400-\u9fff])\s*[(（]$")
_MARK_TAIL = re.compile(r"^(?P<name>.*[\u3400-\u9fff)）])\s*(?P<mark>[*★☆※†‡§#]+)$")
_MARK_HEAD = re.compile(r"^(?P<mark>[*★☆※†‡§]+)\s*(?P<name>[\u3400-\u9fff].*)$")


_GLOSS_TAIL = re.compile(r"^(?P<name>.*[\u3400-\u9fff])\s*\((?P<gloss>[A-Z][a-z0-9]{3,}(?: [A-Za-z0-9]+){0,3})\)?$")


def english_gloss(name: str) -> tuple[str, str | None]:
    """(name, English name) of a Chinese name printed with its English one in parentheses that OCR cut at a space
    or left unclosed (尿酸(Uric acid), 飯前血糖(Glucose AC); the whole token is split in ``_split``)."""
    m = _GLOSS_TAIL.match(name)
    return (m.group("name"), m.group("gloss")) if m else (name, None)


def latin_qualifier(item: str, item_parts: list[Piece], abbr_parts: list[Piece]) -> str:
    """A Latin name with a bracketed word printed after it on the same OCR line (``Glucose (fasting)``,
    ``ALT (GPT)``): the bracket is part of the printed name, not a code column of its own (a Chinese name's
    bracketed code, 谷丙转氨酶 (ALT), stays the code). The code is kept as the row's ``abbr`` too."""
    if not item_parts or has_cjk(item) or len(abbr_parts) != 1:
        return item
    tok, last = abbr_parts[0].token, item_parts[-1].token
    if tok.line != last.line or tok.x0 < last.x1 or not re.fullmatch(r"\([^()]+\)", clean(tok.text)):
        return item
    return f"{item} {clean(tok.text)}"


def footnote_mark(name: str) -> tuple[str, str | None]:
    """(name, mark): a footnote mark printed before or after a Chinese item name (``白蛋白*``, ``★乳酸脱氢酶``,
    ``总胆红素#``) taken off it. ``#`` after a cell name is the absolute count (``淋巴细胞#``) and stays."""
    m = _MARK_TAIL.match(name)
    if m and not (m.group("mark") == "#" and m.group("name").endswith("细胞")):
        return m.group("name"), m.group("mark")
    m = _MARK_HEAD.match(name)
    if m:
        return m.group("name"), m.group("mark")
    return name, None


def _reading_order(parts: list[Piece]) -> list[Piece]:
    """Name pieces line by line, left to right (a name wrapped in its cell: 中性粒细胞百 over 分比)."""
    if len(parts) < 2:
        return parts
    h = median_height([p.token for p in parts])
    return [by_piece[id(t)] for by_piece in [{id(p.token): p for p in parts}]
            for line in y_clusters([p.token for p in parts], 0.5 * h) for t in line]


def _running_number(text: str | None) -> int | None:
    """The item number of a row (``2 ``, ``14.``, ``A3``) as an int, or None."""
    m = re.search(r"\d{1,3}", text or "")
    return int(m.group(0)) if m else None


def _title(text: str) -> bool:
    """Text holding a word of a sheet title (hospital, laboratory, report: ``lab_sheet_words`` category ``title``)."""
    return holds(text, "title")


_SENTENCE_MARK = re.compile(r"[\u3400-\u9fff][:;。,、][\u3400-\u9fff]")


def _sentence(item: str) -> bool:
    """A name that reads as a sentence: a note word (``lab_sheet_words`` category ``note``), a colon, semicolon, full
    stop, comma or enumeration mark between Chinese characters (no item name prints one), or more than 16 Chinese
    characters (the longest names hold 12)."""
    t = re.sub(r"\s+", "", item)
    if holds(t, "note"):
        return True  # a legend, disclaimer or contact line (★表示…, 危急值…, 联系电话…)
    return bool(_SENTENCE_MARK.search(t)) or sum(1 for c in t if has_cjk(c)) > 16


def _is_label(text: str) -> bool:
    """A sheet label (姓名: / 送检医生王… / 审核者) or footer sentence (此报告仅对…), never a result cell."""
    t = to_simplified(clean(text).replace(" ", ""))
    for m in _headers().find(t):
        cat = m.entry.category
        if cat == "footer" and len(m.text) >= 2 and len(t) > len(m.text) + 3:
            return True
        if cat in ("footer", "patient", "label") and m.start == 0 and (len(t) > m.end and t[m.end] in ":：" or
                                                                       cat == "patient" and len(m.text) >= 3):
            return True
    return False


def _find_value(pieces: list[Piece], banded: bool) -> int | None:
    if banded:
        for i, p in enumerate(pieces):
            if p.band == "value" and (p.labels & (_VALUE_LIKE | {"reference"})) and "flag" not in p.labels:
                return i
        # a value printed at the right edge of a wide result cell falls in the next band:
        # take the first of two reference-band cells when the second is the reference
        refs = [i for i, p in enumerate(pieces) if p.band == "reference" and "unit" not in p.labels
                and "flag" not in p.labels]
        if len(refs) >= 2 and pieces[refs[0]].labels & (_VALUE_LIKE | {"reference"}):
            return refs[0]
        # a right-aligned value printed against the unit column's edge (29 U/L, or 0.99 with no unit) falls in the
        # unit band: with nothing in the value band, a number there is the value
        for i, p in enumerate(pieces):
            if p.band == "unit" and "value" in p.labels and "unit" not in p.labels:
                return i
    seen_name = False
    for i, p in enumerate(pieces):
        labs = p.labels
        if not seen_name:
            if labs & {"name", "abbr", "other"} or (banded and p.band == "item"):
                seen_name = True
            continue
        if banded and p.band in ("item", "abbr", "unit", "flag") or p.band in _REFERENCE_BANDS:
            continue
        if labs & _VALUE_LIKE and "flag" not in labs:
            return i
    return None


def _item_and_abbr(pieces: list[Piece], value_idx: int | None, banded: bool, used: set[int]) -> tuple[list[Piece], list[Piece]]:
    stop = value_idx if value_idx is not None else len(pieces)
    before = list(range(stop))
    in_value_band = [i for i in before if pieces[i].band == "value" and "name" in pieces[i].labels]
    value_after = in_value_band and any(p.labels & _VALUE_LIKE and p.band not in _REFERENCE_BANDS
                                        for p in pieces[max(in_value_band) + 1:])  # 阴性 under 参考 names no value
    if value_after:  # per-row names printed in a wide result cell, before the value
        item_idx = in_value_band
    elif banded:
        item_idx = [i for i in before if pieces[i].band == "item"] or _name_after_value(pieces, stop)
    else:
        item_idx = []
    abbr_idx = [i for i in before if i not in item_idx and (pieces[i].band == "abbr" or
                (pieces[i].band != "item" and "abbr" in pieces[i].labels and not (pieces[i].labels & {"unit", "value"})
                 and not _unit_cell(pieces[i])))]
    if len(item_idx) > 1:  # a unit spilling over from the block on the left is not part of the name
        item_idx = [i for i in item_idx if not ("unit" in pieces[i].labels and not has_cjk(pieces[i].text))
                    or _share_mark(pieces, item_idx, i)] or item_idx
    if not item_idx:
        names = [i for i in before if i not in abbr_idx and pieces[i].labels & {"name", "other", "qualitative"}]
        if names:
            item_idx = names
        elif abbr_idx:
            item_idx, abbr_idx = abbr_idx[:1], abbr_idx[1:]
    # keep Latin pieces of the item band that look like codes apart from a Chinese name
    if any(has_cjk(pieces[i].text) for i in item_idx):
        names = [pieces[i] for i in item_idx if has_cjk(pieces[i].text)]
        codes = [i for i in item_idx if not has_cjk(pieces[i].text) and (i == item_idx[-1] or i == item_idx[0])
                 and ("abbr" in pieces[i].labels and (re.search(r"[A-Z]{2}", pieces[i].text) or item_ratio(pieces[i].text))
                      or _code_apart(pieces[i], names) or _same_item(_join(names), pieces[i].text))]
        if codes and item_entry(_join([pieces[i] for i in item_idx])) is not None \
                and item_entry(_join([pieces[i] for i in item_idx if i not in codes])) is None:
            codes = []  # the code is part of the dictionary's name (胱抑素 C)
        item_idx = [i for i in item_idx if i not in codes]
        abbr_idx = sorted(set(abbr_idx) | set(codes))
    used.update(item_idx)
    used.update(abbr_idx)
    return [pieces[i] for i in item_idx], [pieces[i] for i in abbr_idx]


def _share_mark(pieces: list[Piece], item_idx: list[int], i: int) -> bool:
    """``%`` or ``#`` closing an English name (``Neutrophils %``, ``Lymphocytes #``): the share or count, part of it."""
    return clean(pieces[i].text) in ("%", "#") and i == item_idx[-1] and i != item_idx[0] \
        and re.search(r"[A-Za-z]{3,}$", clean(pieces[item_idx[item_idx.index(i) - 1]].text)) is not None


def _name_after_value(pieces: list[Piece], stop: int) -> list[int]:
    """The name cells of a sheet whose name column follows the result (代号 │ 单位 │ 结果 │ 提示 │ 项目名称 │ 参考范围):
    the item-band pieces after the value that hold Chinese."""
    return [i for i in range(stop + 1, len(pieces)) if pieces[i].band == "item" and has_cjk(pieces[i].text)]


def _code_apart(p: Piece, names: list[Piece]) -> bool:
    """A Latin code printed apart from the Chinese name in the name cell: on a line of its own (``钾`` over ``K``),
    or as a separate word with a capital and at least two characters (``Na 钠``, ``CysC``, ``Lp(a)``, ``β2-MG``)."""
    if not is_code(p.text):
        return False
    top, bottom = min(n.token.y0 for n in names), max(n.token.y1 for n in names)
    if not top <= p.token.yc <= bottom:
        return True
    t = clean(p.text)
    return len(t) >= 2 and any(c.isupper() for c in t)


def _unit_cell(p: Piece) -> bool:
    """A cell under the unit header that reads as a known unit once OCR look-alikes are folded (``pmo1/L`` with
    the unit column printed left of the result): a unit, not an item code."""
    return p.band == "unit" and read_unit(clean(p.text)) in known_units()


def _rest(pieces: list[Piece], used: set[int], value_idx: int | None, res: LabRow, banded: bool) -> None:
    ref_parts: list[Piece] = []
    unit_parts: list[Piece] = []
    flag_parts: list[Piece] = []
    start = value_idx + 1 if value_idx is not None else 0
    for i, p in enumerate(pieces):
        if i in used or i < start and value_idx is not None and not (banded and p.band in _BEFORE_VALUE) \
                and not _unit_after_name(p, res):
            continue  # a unit / reference column printed left of the result column (单位 参考值 检测结果) is read
        labs = p.labels
        text = clean(p.text)
        if "unit_qualifier" in labs and unit_parts:  # mg/L FEU
            unit_parts.append(p)
        elif "flag" in labs or flag_cell_arrow(text) and p.band != "item":
            flag_parts.append(p)
        elif p.band == "flag" and ("unit" not in labs or unit_parts) and not labs & {"reference", "reference_unit"}:
            # a range in the flag band is no flag; a unit spilling into the flag band stays
            # a unit, unless the row has its unit already (S/I/R of a susceptibility row is not seconds)
            flag_parts.append(p)
        elif ("unit" in labs or labs <= {"other", "abbr"} and read_unit(text) in known_units() or _POWER_LOST.fullmatch(text)) \
                and not (p.band in _REFERENCE_BANDS and labs & {"reference", "qualitative"}):  # In/: /μL upside down
            unit_parts.append(p)
        elif p.band == "unit" and "reference" not in labs and not stray_in_unit(p.text):  # % 11.5-14.5: the
            unit_parts.append(p)  # range is no unit, nor a watermark's words (仅供参考), nor a number with a point
        elif p.band in _REFERENCE_BANDS or labs & {"reference", "reference_unit"}:
            ref_parts.append(p)
        elif not banded and labs & {"qualitative", "value"} and not ref_parts:
            ref_parts.append(p)
    if flag_parts:
        f = clean(flag_parts[0].text)
        f = _MARK_FIX.get(f, f) if flag_parts[0].band == "flag" else f
        f = flag_direction(flag_cell_arrow(f) or f)
        res.flag = "" if f in ("-", "--", "正常", "N") else None if f == "unread" else f  # unread: from the range
        res.cells["flag"] = [p.token for p in flag_parts[:1]]
    if any(p.labels & {"reference", "reference_unit"} for p in ref_parts):
        if not unit_parts:  # 1/6.01 4-10: a unit cell (read upside down) beside the range, in the reference band
            unit_parts = [p for p in ref_parts if "/" in p.text and not p.labels & {"reference", "reference_unit"}][:1]
            ref_parts = [p for p in ref_parts if p not in unit_parts]
        ref_parts = [p for p in ref_parts if not (_stray_code(p) and not group_word(p.text)) and not _note_words(p)
                     and not stray_in_reference(p.text)]
    if ref_parts:
        res.reference = _TWO_ENDS.sub(_rising_ends, _RANGE_GAP.sub("-", clean(" ".join(p.text for p in ref_parts))))
        res.cells["reference"] = [p.token for p in ref_parts]
    if len(unit_parts) > 1 and any("unit" in p.labels for p in unit_parts):
        # an item code of the block to the right spilling into the unit band (10^12/L WBC) is no part of the unit
        unit_parts = [p for p in unit_parts if "unit" in p.labels or "unit_qualifier" in p.labels
                      or item_entry(clean(p.text)) is None and not has_cjk(p.text)]  # nor a seal's characters (院)
    if unit_parts:
        res.unit_raw = "".join((" " if "unit_qualifier" in p.labels else "") + p.text for p in unit_parts)
        res.unit = read_unit(res.unit_raw)
        res.unit_repaired = res.unit != canonical_unit(res.unit_raw)  # read through look-alikes or upside down
        res.cells["unit"] = [p.token for p in unit_parts]


def _unit_after_name(p: Piece, res: LabRow) -> bool:
    """A unit printed in the name cell after the name (白细胞计数 10^9/L); not a unit of the block to the left."""
    names = res.cells.get("item") or []
    return p.band == "item" and "unit" in p.labels and "/" in p.text and bool(names) \
        and p.token.x0 >= max(t.x1 for t in names)


def one_end(res: LabRow, parts: list[Piece]) -> None:
    """A range printed as its two ends in two columns with one end left blank: ``<high`` (the low column empty) or
    ``>low`` (the high column empty)."""
    if res.reference is None or not _NUM.fullmatch(res.reference) or res.reference.startswith(("<", ">", "≤", "≥")):
        return
    bands = {p.band for p in parts}
    res.reference = f"<{res.reference}" if bands == {"reference_high"} else f">{res.reference}" \
        if bands == {"reference_low"} else res.reference


_TWO_ENDS = re.compile(r"^(\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$")  # 9 50: a range's ends in two cells (下限 | 上限)


def rising_range(low: str, high: str) -> str | None:
    """``low-high`` when a range's two ends printed apart (``9`` | ``50``) rise, else None: falling numbers are
    two values, not a range (the table path and the line records both ask this)."""
    return f"{low}-{high}" if float(low) < float(high) else None


def _rising_ends(m: re.Match) -> str:
    return rising_range(m.group(1), m.group(2)) or m.group(0)


def _stray_code(p: Piece) -> bool:
    """A short Latin code without digits beside a whole reference range (``-B`` of ``-B 35-45``: a sample or
    method mark from the next column), not part of the range."""
    return not any(c.isdigit() for c in p.text) and p.labels <= {"other", "abbr"} or \
        re.fullmatch(r"\d", clean(p.text)) is not None  # 1 0.02-0.52: a lone digit is a misread mark, not the range


def _note_words(p: Piece) -> bool:
    """Words of a note or legend printed beside the reference column (``项目名称过长``, ``完整名称见``): four or more
    Chinese characters, no digit, no qualitative result; never part of a numeric range printed in the same band."""
    t = clean(p.text)
    return sum(1 for c in t if has_cjk(c)) >= 4 and not any(c.isdigit() for c in t) and not is_qualitative(t)


def _join(parts: list[Piece]) -> str:
    out = ""
    for p in parts:
        t = clean(p.text)
        if out and (not has_cjk(out[-1]) or not has_cjk(t[:1])):
            out += " "
        out += t
    return out


def _word_after_number(pieces: list[Piece], j: int, value_parts: list[Piece], banded: bool) -> bool:
    """A qualitative word (阴性, 阳性) printed in the result cell right after a numeric value."""
    return banded and j < len(pieces) and pieces[j].band == "value" and "qualitative" in pieces[j].labels \
        and all("value" in p.labels for p in value_parts) and _NUM.match(_join(value_parts).replace(" ", "")) is not None


def split_value_word(value: str | None) -> tuple[str, str | None]:
    """(number text, qualitative word) of a value printed as ``0.03 阴性``; (value, None) for any other value."""
    m = _NUM_WORD.match(value or "")
    if m and is_qualitative(m.group(2)):
        return m.group(1), m.group(2)
    return value or "", None


_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d{1,2}(?![\d.,]))|(?<=(?<![\d.,])0),(?=\d)")


def decimal_point(text: str) -> str:
    """Decimal commas as points for the numbers (``6,52`` → 6.52, ``3,5-9,5`` → 3.5-9.5); a thousands group (``1,234``)
    and an interval's comma (``(0.270,4.200)``) stay. The printed text is kept as it is; this only feeds the numbers."""
    return _DECIMAL_COMMA.sub(".", text)


def _numbers(res: LabRow) -> None:
    """Numeric value, reference bounds, and a computed flag when none is printed."""
    if res.value:
        _value_number(res)
    if (fixed := lost_separator(res.reference) or leading_mark(res.reference) or misread_point(res.reference)) is not None:
        res.reference_raw, res.reference, res.reference_repaired = res.reference, fixed, True
    if res.reference and (m := _BRACKETED.match(res.reference.strip())):
        res.reference = (m.group("ref") or m.group("range")).strip()  # [≤115.0], [(3.5,9.5)], (9-50), (<5.2): brackets
        # some LIS print around a reference; an interval with a comma, (0.270,4.200), keeps its own
    if res.reference:
        res.reference_low, res.reference_high = reference_bounds(res.reference)
    compute_flag(res)


_OPEN_RANGE = re.compile(r"-(?P<high>\d+(?:\.\d+)?)")


def reference_bounds(reference: str | None) -> tuple[float | None, float | None]:
    """(low, high) of a printed range (``3.5-9.5``, ``3,5-9,5``, ``(0.270,4.200)``) or one-sided bound (``<5.0``,
    ``-40``: (None, 5.0), (None, 40.0)); (None, None) for any other text."""
    text = clean(reference or "").replace(" ", "").replace("%", "")
    ref = _THOUSANDS.sub("", decimal_point(text))  # 5,000-12,000; (15,40) is an interval, not 15.40
    m = _INTERVAL.match(text) or re.fullmatch(r"([-+]?\d+(?:\.\d+)?)-\+?(\d+(?:\.\d+)?)", ref) or _INTERVAL.match(ref)
    if m:
        return float(m.group(1)), float(m.group(2))
    if m := re.fullmatch(r"(<=|<|≤)(\d+(?:\.\d+)?)", ref):
        return None, float(m.group(2))
    if m := re.fullmatch(r"(>=|>|≥)(\d+(?:\.\d+)?)", ref):
        return float(m.group(2)), None
    if (m := _OPEN_RANGE.fullmatch(ref)) and " " not in clean(reference or "").strip():  # -40: up to 40, a range
        # printed with its upper end only; - 4.20, with a space, or 3.9- (a wrapped cell's first line) is a range whose
        # other end went elsewhere: no bound, and the reference check sends it to review
        return None, float(m.group("high"))
    return None, None


def _value_number(res: LabRow) -> None:
    number, res.value_word = split_value_word(res.value)
    m = _NUM.match(_THOUSANDS.sub("", decimal_point(number.replace(" ", ""))))
    res.value_num = float(m.group(1)) if m else None


def set_value(row: LabRow, value: str) -> None:
    """Give the row another value text (a second look at its cell): its number, and a computed flag again."""
    row.value = value or None
    row.value_num = row.value_word = None
    if row.value:
        _value_number(row)
    if row.flag_computed:
        row.flag, row.flag_computed = None, False
    compute_flag(row)


def is_bound(value: str | None) -> bool:
    """A value written as a bound (``<0.5``, ``>1000``): no point to compare with a range."""
    return (value or "").strip().startswith(("<", ">", "≤", "≥"))


def range_side(row: LabRow) -> str | None:
    """Where the value lies against its reference bounds: ``↑`` above, ``↓`` below, ``""`` inside; None for no plain
    number (none, or a bound like ``<0.5``) or no bound to compare with."""
    v, lo, hi = row.value_num, row.reference_low, row.reference_high
    if v is None or is_bound(row.value) or (lo is None and hi is None):
        return None
    if hi is not None and v > hi:
        return "↑"
    if lo is not None and v < lo:
        return "↓"
    return ""


def compute_flag(row: LabRow) -> None:
    """A row with no printed flag gets ↑ / ↓ from its value against its reference bounds (marked computed); a
    value written as a bound (``<0.5``) gets none."""
    if row.flag is None and (side := range_side(row)):
        row.flag, row.flag_computed = side, True


def reverse_misread_arrow(row: LabRow) -> None:
    """A printed ↑ on a value below its range, or ↓ on one above it (or on a positive result against a negative
    reference, ``word_side``): OCR confuses the two arrows with high confidence, so the flag is taken from the value
    and the range (marked computed) and the printed one kept in ``flag_printed`` for the flag check to send the row
    to review."""
    if row.flag_computed or not row.flag:
        return
    side = range_side(row)
    if "↓" in row.flag and side is None and word_side(row) == "↑":  # 2+ against 阴性 is never low
        row.flag_printed, row.flag, row.flag_computed = row.flag, "↑", True
        return
    if "↑" in row.flag and side == "↓" or "↓" in row.flag and side == "↑":
        row.flag_printed, row.flag = row.flag, None
        compute_flag(row)


_PLUSES = re.compile(r"\d\+|\++")  # 2+, ++: a dipstick grade above negative


def word_side(row: LabRow) -> str | None:
    """``↑`` for a positive result (阳性, 2+, ++) against a negative reference (阴性, -), which can only lie above it;
    None for anything else (±, a number, another reference)."""
    ref, value = clean(row.reference or "").replace(" ", ""), clean(row.value or "").replace(" ", "")
    ref_entry, value_entry = _headers().lookup(ref), _headers().lookup(value)
    if ref_entry is None or ref_entry.canonical != "negative":
        return None
    return "↑" if _PLUSES.fullmatch(value) or value_entry is not None and value_entry.canonical == "positive" else None
