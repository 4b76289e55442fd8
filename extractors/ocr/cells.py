"""Cell text: cleaning, content kinds (value / range / flag / unit / abbreviation) and lab units.

``clean`` makes printed variants comparable without changing meaning: full-width → half-width,
superscript digits → ``^n``, ``ˆ`` → ``^``, the range dashes ``～ ~ — –``, doubled hyphens and the range
words ``至`` / ``到`` / ``to`` between two numbers → one ``-``. ``kind`` names what a cleaned token is, using the anchored patterns of the
``lab_cells`` rule pack; ``canonical_unit`` gives one spelling per lab unit.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from oncostruct.extractors.script import to_simplified
from oncostruct.extractors.rules.loader import load_lexicon, load_pack
from oncostruct.extractors.values import to_halfwidth

_SUPER = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUPER_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_DASHES = re.compile(r"\s*(?:--+|[～~—–―−])\s*")
_RANGE_WORD = re.compile(r"(?<=\d)\s*[至到]\s*(?=[-+]?\d)|(?<=\d)\s+to\s+(?=\d)", re.IGNORECASE)  # 3.5至9.5, 3.5 to 9.5
_CJK = re.compile(r"[\u3400-\u9fff]")
_OCR_POWER_TEXT = re.compile(r"10[°º]|10[\^ˆ~\-*Ee](9|12|6|3)(?=个?/)")  # 10⁹ read or typed as 10° / 10~9 / 10-9 / 10*9 / 10E9
_OCR_POWER_UL = re.compile(r"10[°º](?=/[μµu][Ll])")  # 10⁶/μL read as 10°/μL (per-μL counts are 10³ or 10⁶)
_LOOKALIKE = {"一": "-", "—": "-", "十": "+", "个": "↑"}  # whole-token OCR look-alikes in value/flag cells
_GAMMA = re.compile(r"^[yY](?=-[\u3400-\u9fff])")  # γ-谷氨酰转移酶 read as y-: no Latin y opens a Chinese name


def clean(text: str) -> str:
    """Printed variants folded (same meaning); keeps inner single spaces."""
    t = _SUPER_RUN.sub(lambda m: "^" + m.group(0).translate(_SUPER), text)
    t = unicodedata.normalize("NFKC", to_halfwidth(t)).replace("ˆ", "^").replace("µ", "μ")
    t = _OCR_POWER_UL.sub("10^6", t)
    t = _OCR_POWER_TEXT.sub(lambda m: "10^" + (m.group(1) or "9"), t)
    t = _LOOKALIKE.get(t, t)
    t = _GAMMA.sub("γ", t)
    t = t.replace("^^", "^")
    t = _DASHES.sub("-", _RANGE_WORD.sub("-", t))
    return re.sub(r"\s+", " ", t).strip()


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


@dataclass
class Kind:
    label: str  # value | value_flag | flag | reference | reference_unit | unit | abbr | qualitative | name | other
    rule: str | None = None
    groups: dict[str, str | None] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _rules() -> list[tuple[str, str, re.Pattern[str]]]:
    pack = load_pack("lab_cells")
    return [(r.id, r.label, r.compiled()) for r in pack.rules]


@lru_cache(maxsize=1)
def _headers():
    return load_lexicon("lab_headers")


def header_entry(text: str):
    """The lab_headers lexicon entry for a whole word (spaces removed, traditional characters as simplified), or None."""
    return _headers().lookup(to_simplified(re.sub(r"\s+", "", clean(text))))


def flag_direction(flag: str) -> str:
    """A printed flag mark as its arrow (▲ / 偏高 → ↑, ▼ / 偏低 / V → ↓: ``flag_mark`` entries); other marks as printed."""
    e = header_entry(flag)
    return e.canonical if e is not None and e.category == "flag_mark" else flag


_PAREN_SIGN = re.compile(r"\((?:\+|-|\+-|±)\)$")


def is_qualitative(text: str) -> bool:
    text = _PAREN_SIGN.sub("", clean(text)) or text
    e = header_entry(text)
    if e is not None and e.category == "qualitative":
        return True
    t = to_simplified(clean(text))
    return bool(re.fullmatch(r"[黄红绿白黑棕褐蓝灰橙紫淡浅微深金]{1,3}色|[阴阳]性|弱阳性|强阳性|未见.{0,4}|\d级", t))


def kinds(text: str) -> list[Kind]:
    """Every reading of a single token, most specific first (``"<12"`` is a value and a bound)."""
    t = clean(text)
    out = [Kind(label, rule_id, m.groupdict()) for rule_id, label, rx in _rules() if (m := rx.fullmatch(t))]
    if is_qualitative(t):
        out.append(Kind("qualitative"))
    if any(k.label == "unit" for k in out) and item_ratio(t):
        out = [k for k in out if k.label != "unit"] or [Kind("abbr")]
    if not out:
        out.append(Kind("name" if has_cjk(t) else "other"))
    return out


_RATIO = re.compile(r"[A-Za-z]+(?:/[A-Za-z]+)+")


def item_ratio(text: str) -> bool:
    """A ratio of lab items printed as its abbreviation (``A/G``, ``AST/ALT``), not a unit: the dictionary knows
    it or each of its parts as an item, and the unit catalogue does not know it as a unit."""
    t = clean(text)
    if not _RATIO.fullmatch(t) or _units().lookup(t) is not None:
        return False
    return item_entry(t) is not None or all(item_entry(p) is not None for p in t.split("/"))


def kind(text: str) -> Kind:
    """The first reading of a token (see :func:`kinds`)."""
    return kinds(text)[0]


def labels(text: str) -> set[str]:
    return {k.label for k in kinds(text)}


# --- units ----------------------------------------------------------------------------

_POWER = re.compile(r"^[xX×*]?\s*10\^?(\d{1,2})\s*个?/\s*([lL])$")  # 10^9个/L: the count's 个 printed in
_OCR_POWER = re.compile(r"^(?:10|1O)(9|12)/[lL1]$")  # superscript lost by OCR: "109/L", "1012/L"
_POWER_UL = re.compile(r"^[x×*]?\s*10\^?([36])\s*/\s*[μµu][lL]$")  # US-style counts: 10^3/μL, 10^6/μL ("103/μL")
_CASE = {"l": "L", "dl": "dL", "ml": "mL", "ul": "μL", "μl": "μL", "fl": "fL", "pg": "pg", "g": "g", "mg": "mg",
         "ng": "ng", "μg": "μg", "ug": "μg", "mmol": "mmol", "umol": "μmol", "μmol": "μmol", "nmol": "nmol",
         "mmo1": "mmol", "umo1": "μmol", "μmo1": "μmol", "nmo1": "nmol",  # l read as 1 by OCR
         "pmol": "pmol", "u": "U", "iu": "IU", "miu": "mIU", "uiu": "μIU", "μiu": "μIU", "mu": "mU", "hp": "HPF", "hpf": "HPF", "lp": "LPF",
         "lpf": "LPF", "meq": "mEq", "cm": "cm", "ms": "mS", "%": "%", "s": "s", "mmhg": "mmHg", "ch": "ch"}


_AREA = re.compile(r"(?<=\d)m2$")  # per 1.73 m² of body surface, its superscript lost: 1.73m2


def canonical_unit(text: str | None) -> str | None:
    """One spelling per unit: ``x10ˆ9/L`` / ``*10^9/L`` / ``109/L`` → ``10^9/L``, ``fl`` → ``fL``, ``个/ul`` → ``/μL``,
    ``/1.73m2`` → ``/1.73m^2``."""
    if text is None:
        return None
    t = clean(text).replace(" ", "")
    if not t:
        return None
    m = _POWER.match(t) or _OCR_POWER.match(t)
    if m:
        return f"10^{m.group(1)}/L"
    if (m := _POWER_UL.match(t)) is not None:
        return f"10^{m.group(1)}/μL"
    t = t.removeprefix("个").removeprefix("cells")
    parts = t.split("/")
    out = []
    for p in parts:
        low = p.lower()
        out.append(_AREA.sub("m^2", _CASE.get(low, p)))
    return "/".join(out)


@lru_cache(maxsize=1)
def _units():
    return load_lexicon("units")


@lru_cache(maxsize=1)
def _items():
    return load_lexicon("lab_items")


def item_entry(name: str | None, report_type: str | None = None):
    """The lab_items entry of an item name as printed (whitespace removed), or None.

    On urine and stool sheets the 尿 / 粪便 prefixed name is tried first, so 白细胞 on a urine
    sheet is urine microscopy, not the blood count.
    """
    if not name:
        return None
    key = to_simplified(re.sub(r"\s+", "", clean(name)))  # 紅血球 is looked up as 红血球
    prefixes = {"尿常规": ("尿",), "粪便常规": ("粪便", "便")}.get(report_type or "", ())
    for p in prefixes:
        if (e := _items().lookup(p + key)) is not None:
            return e
    return _items().lookup(key)


# --- item codes printed with a name ---------------------------------------------------------

# A code: a Latin (or Greek) letter, then letters, digits and the marks codes print (RDW-CV, NEUT#, LYMPH%, A/G,
# β2-MG, Uric acid), with at most one short bracket of its own at the end (Lp(a)); in brackets, at most 12 characters.
_CODE_SHAPE = r"[A-Za-zαβγ][A-Za-z0-9αβγ#%/+\-'. ]{0,11}?(?:\([A-Za-z0-9]{1,3}\))?"
_HEAD_CODE = re.compile(rf"^[\[【]\s*(?P<code>{_CODE_SHAPE})\s*[\]】]\s*(?=\S)")  # [K]钾, 【ALT】丙氨酸氨基转移酶
_TAIL_CODE = re.compile(rf"(?<=\S)\s*[(（\[【]\s*(?P<code>{_CODE_SHAPE})\s*[)）\]】]$")  # 钾(K), 肌酐【CREA】
_GLUED_CODE = re.compile(r"[A-Za-z][A-Za-z0-9#%/\-()]*")  # a code glued after a name (CA242, hs-cTnI, AT-III)
CODE_FORMS = ("head", "tail", "spaced", "glued")


class CodeSplit(NamedTuple):
    """An item name and the code printed with it; ``cut``: where the name starts (head form) or where the code
    part, with its brackets or space, starts (the other forms), in the text split."""
    name: str
    code: str
    form: str  # head | tail | spaced | glued
    cut: int


def code_splits(text: str) -> list[CodeSplit]:
    """Every reading of ``text`` as a name and its code (see :func:`split_code`): a bracketed code before the name
    (``[ALT]丙氨酸氨基转移酶``), a bracketed code closing it (``钾(K)``, ``钙(校正)(Ca-c)``), a Latin code after a
    space (``抗凝血酶III AT-III``), then a Latin code glued after the last Chinese character at each cut, the
    shortest code first (``糖类抗原125CA125``: ``CA125``; ``高敏肌钙蛋白IhS-cTnI``). Names are never empty."""
    out: list[CodeSplit] = []
    if (m := _HEAD_CODE.match(text)) is not None:
        out.append(CodeSplit(text[m.end():].strip(), m.group("code").strip(), "head", m.end()))
    if (m := _TAIL_CODE.search(text)) is not None and text[:m.start()].strip():
        out.append(CodeSplit(text[:m.start()].strip(), m.group("code").strip(), "tail", m.start()))
    head, space, tail = text.strip().rpartition(" ")
    if space and has_cjk(head) and re.match(r"[A-Za-z]", tail) and _balanced(tail):  # an English name is no code
        out.append(CodeSplit(head.strip(), tail, "spaced", text.rindex(" ")))
    last = max((i for i, c in enumerate(text) if has_cjk(c)), default=-1)
    for cut in range(len(text) - 1, last, -1) if last >= 0 else ():
        if not text[cut].isspace() and _GLUED_CODE.fullmatch(code := text[cut:].strip()) and _balanced(code):
            out.append(CodeSplit(text[:cut].strip(), code, "glued", cut))
    return out


def _balanced(code: str) -> bool:
    """Each bracket of a code closed in it: ``Lp(a)``, never ``K)`` (the tail of ``钾(K)``)."""
    depth = 0
    for c in code:
        depth += {"(": 1, ")": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def split_code(text: str, forms: tuple[str, ...] = CODE_FORMS) -> CodeSplit | None:
    """The likeliest (name, code) reading of a cell that prints an item's code with its name, or None: a bracketed
    or spaced code first (``[K]钾``, ``钾(K)``, ``白细胞 WBC``), else the longest Latin code glued after the last
    Chinese character (``糖化血红蛋白HbA1c``); only the ``forms`` asked for."""
    found = [s for s in code_splits(text) if s.form in forms]
    firm = [s for s in found if s.form != "glued"]
    return firm[0] if firm else (found[-1] if found else None)
