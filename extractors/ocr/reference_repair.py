"""Reference ranges checked against their own structure and the item's typical interval; put right only where one
reading of the printed characters fits, otherwise kept as read and sent to review with the reason.

Runs once per sheet, after the report type and the units are known (``sheet.parse_sheet``), so that the flag
computed from the range and the flag self-check both see the repaired range.

A reference is doubtful when it is a numeric range garbled by OCR (digits and signs but no range or bound, and no
word of three letters or power of ten: ``45-12$``, ``0.0-.8``, ``208-428.``, ``109/L1.103.20``), when it falls
(``430-5.80``, ``30-0.0``), when, in the item's usual unit, it lies far off the item's typical interval (``lab_items``
``attributes.reference``: ``1.00-300`` for β2-microglobulin, ``35-95`` for a white-cell count read as ``3595``), or
when it is a bare number far off that interval's upper limit (``9050`` for ALT; a bare ``0.7`` /HP is an upper limit
some sheets print, and stays). The factor is the lab component's ``checks.reference_factor`` (default ``FIT_FACTOR``).
The readings tried, alone and together:

- each digit a glyph inside the range may stand for (``digit_glyphs`` lexicon: O→0, S/$→5, Φ→0, C→0 or 6);
- a point read as ``:`` ``'`` `````` or ``;``; a doubled leading zero (``00.06``); a point left at either end
  (``208-428.``, ``7.6-13.``) is never dropped: it may be what is left of a lost digit, so such a cell goes to review;
- a dash OCR lost between two numbers (``3595``), a decimal point lost in a bound printed without one;
- a flag mark read as a leading 1 (``13-8``; the single-rule repairs of ``references`` are among these readings).

A reading counts when it is a rising range or a one-sided bound and, where the catalogue gives the item's typical
interval and the row's unit is comparable with it, overlaps that interval with its mid-point at most ``factor``
times off; without such an interval, a reading that cut or put a point into a bound must print as many decimals in
both bounds. Never a digit is added that the cell did not print. Exactly one reading → the reference becomes it,
``reference_repaired`` (the ``lab.reference_repaired`` check sends the row to review); none or several → the
reference stays as read and ``reference_doubt`` holds why (``lab.reference_doubt``, to review). A range far off the
typical interval that no single reading fits is left to ``lab.reference_mismatch``.
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache

from oncostruct.extractors.ocr.cells import has_cjk, item_entry, kinds
from oncostruct.extractors.ocr.consistency_checks import comparable_unit
from oncostruct.extractors.ocr.lab_rows import LabRow, compute_flag, reference_bounds
from oncostruct.extractors.rules.loader import load_lexicon

FIT_FACTOR = 2.0  # the default of checks.reference_factor: a typical interval's mid-point this far off does not fit
MAX_GLYPHS = 3  # a cell with more glyphs read for digits than this is too garbled to repair
_NUMBER = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")
_POINTLIKE = re.compile(r"(?<=\d)[:'`;](?=\d)")
_DOUBLE_ZERO = re.compile(r"(?<![\d.])00+\.\d")
_BARE = re.compile(r"\d+(?:\.\d+)?")
_WORD = re.compile(r"[A-Za-z]{3,}")
_POWER = re.compile(r"\^|\d[Ee][-+]?\d|[x×*]\s*10")
_CMP = re.compile(r"^(<=|>=|<|>|≤|≥)")
_SKIP_RULES = {"qualified_range", "qualified_ranges"}  # 男:4.30-5.80: read per part (qualified_refs), never repaired here
_TITRE = re.compile(r"(?:<=|>=|<|>|≤|≥)?1:\d+")  # a titre (<1:10) is no range
_WITH_UNIT = {"reference_unit", "unit_reference"}  # a range printed with its unit: its bounds are read elsewhere


@lru_cache(maxsize=1)
def _glyphs():
    return load_lexicon("digit_glyphs")


def _glyph_readings(text: str) -> list[tuple[str, int]]:
    """(text, glyphs changed) with each glyph that may be a digit read as each of its digits; none when more than
    ``MAX_GLYPHS`` glyphs would have to be digits."""
    slots = [(i, e.attributes["digits"]) for i, c in enumerate(text)
             if not c.isdigit() and (e := _glyphs().lookup(c)) is not None]
    if len(slots) > MAX_GLYPHS:
        return []
    out = []
    for combo in itertools.product(*(d for _, d in slots)):
        chars = list(text)
        for (i, _), d in zip(slots, combo):
            chars[i] = d
        out.append(("".join(chars), len(slots)))
    return out


def _bound_readings(bound: str, low: bool) -> list[tuple[str, int, bool]]:
    """(bound, edits, structural) readings of one bound: as read, a doubled leading zero dropped (``00.06``), on the
    low bound a leading 1 dropped (a flag mark printed against the range), and a decimal point put between two of its
    digits where it prints none (structural)."""
    out = [(bound, 0, False)]
    if re.fullmatch(r"00+\.\d+", bound):
        out.append((re.sub(r"^0+(?=0\.)", "", bound), 1, False))
    if low and re.fullmatch(r"1\d+(?:\.\d+)?", bound):
        out.append((bound[1:], 1, False))
    if bound.isdigit() and len(bound) >= 2:
        out.extend((bound[:k] + "." + bound[k:], 1, True) for k in range(1, len(bound)))
    return [r for r in out if _NUMBER.fullmatch(r[0])]


def _decimals(number: str) -> int:
    return len(number.partition(".")[2])


def readings(text: str) -> dict[str, int]:
    """Every reading of a reference cell (see the module docstring) → the fewest edits that give it. A reading that
    cuts the cell or puts a point into a bound counts only when both its bounds print as many decimals."""
    out: dict[str, int] = {}

    def add(reading: str, edits: int) -> None:
        out[reading] = min(out.get(reading, edits), edits)

    for glyphed, n in _glyph_readings(text.replace(" ", "")):
        pointed = _POINTLIKE.sub(".", glyphed)
        for v, k in {(glyphed, n), (pointed, n + len(_POINTLIKE.findall(glyphed)))}:
            cmp = _CMP.match(v)
            if cmp:
                for b, e, _ in _bound_readings(v[cmp.end():], False):
                    add(cmp.group(0) + b, k + e)
                continue
            cut = "-" not in v
            parts = [(v[:i], v[i:]) for i in range(1, len(v))] if cut else [tuple(v.split("-"))] if v.count("-") == 1 else []
            for low, high in parts:
                for (lo, e1, s1), (hi, e2, s2) in itertools.product(_bound_readings(low, True), _bound_readings(high, False)):
                    if (cut or s1 or s2) and _decimals(lo) != _decimals(hi):
                        continue
                    add(f"{lo}-{hi}", k + e1 + e2 + cut)
    return out


def _fits(low: float | None, high: float | None, typical: list[float] | None, factor: float) -> bool:
    """A rising range (or one-sided bound) that, given the item's typical interval, overlaps it with its mid-point at
    most ``factor`` times off (a one-sided bound only has to overlap)."""
    if low is None and high is None or low is not None and high is not None and low >= high:
        return False
    if not typical:
        return True
    tlo, thi = typical
    lo, hi = (low if low is not None else 0.0), (high if high is not None else float("inf"))
    if hi < tlo or lo > thi:
        return False
    if low is None or high is None:
        return True
    mid, tmid = (lo + hi) / 2, (tlo + thi) / 2
    return not (mid > 0 and tmid > 0 and max(mid, tmid) / min(mid, tmid) > factor)


def _typical(row: LabRow, report_type: str | None) -> list[float] | None:
    """The item's typical interval when the row's unit is comparable with it, else None."""
    entry = item_entry(row.item, report_type) or (item_entry(row.abbr) if row.abbr else None)
    attrs = entry.attributes if entry is not None else {}
    return attrs.get("reference") if attrs.get("reference") and comparable_unit(row, attrs) else None


def _why(reference: str, low: float | None, high: float | None, typical: list[float] | None,
         factor: float) -> str | None:
    """Why a reference as read cannot stand (None when it can, or when it is no numeric reference at all)."""
    found = kinds(reference)
    if any(k.rule in _SKIP_RULES or k.label in _WITH_UNIT for k in found) or has_cjk(reference) or _TITRE.fullmatch(reference) \
            or not re.search(r"\d", reference):
        return None
    if low is None and high is None:
        if _BARE.fullmatch(reference):  # an upper limit printed alone (0.7 /HP), unless far off the typical one
            x = float(reference)
            far = typical and typical[1] > 0 and not typical[1] / factor <= x <= typical[1] * factor
            return f"is a bare number far off the typical interval {typical[0]:g}-{typical[1]:g}" if far else None
        if {k.label for k in found} & {"qualitative", "value"} or _WORD.search(reference) or _POWER.search(reference):
            return None  # words (norm-1+) and powers of ten (<10^4, <2.00E+01): not a garbled range
        return "is no range or bound"
    if low is not None and high is not None and low >= high:
        return "does not rise"
    if _DOUBLE_ZERO.search(reference):
        return "prints a number with a doubled leading zero"
    if typical and not _fits(low, high, typical, factor):
        return f"lies far off the typical interval {typical[0]:g}-{typical[1]:g}"
    return None


def repair_reference(row: LabRow, report_type: str | None = None, factor: float = FIT_FACTOR) -> None:
    """Repair the row's reference where exactly one reading fits, else note why it is doubtful (module docstring)."""
    if not row.reference:
        return
    typical = _typical(row, report_type)
    why = _why(row.reference, row.reference_low, row.reference_high, typical, factor)
    if why is None:
        return
    raw = row.reference_raw or row.reference
    fitting: dict[str, int] = {}
    for text in dict.fromkeys((raw, row.reference)):
        for reading, edits in readings(text).items():
            if reading != row.reference and _fits(*reference_bounds(reading), typical, factor):
                fitting[reading] = min(fitting.get(reading, edits), edits)
    fewest = min(fitting.values(), default=0)
    best = [r for r, e in fitting.items() if e == fewest]
    if len(best) == 1:
        row.reference_raw, row.reference, row.reference_repaired = raw, best[0], True
        row.reference_doubt = None
        if row.flag_computed:
            row.flag, row.flag_computed = None, False
        row.reference_low, row.reference_high = reference_bounds(row.reference)
        compute_flag(row)
    elif not why.startswith("lies far"):  # a far-off range is the reference_mismatch check's
        n = f"{len(best)} readings fit equally" if best else "no reading of its characters fits"
        row.reference_doubt = f"reference {row.reference!r} {why}; {n}, kept as read"


def repair_references(rows: list[LabRow], report_type: str | None = None, factor: float = FIT_FACTOR) -> None:
    """:func:`repair_reference` on every row of a sheet."""
    for row in rows:
        repair_reference(row, report_type, factor)
