"""Self-checks on parsed lab rows and pages: doubt goes to review, never silently accepted.

Row checks (catalogue data from the ``lab_items`` lexicon: ``attributes.units`` and
``attributes.plausible``):

- a printed flag that contradicts the value and its reference range (↑ on a value inside or
  below the range, ↓ on one inside or above it);
- a value outside the physiologically plausible range of its item;
- a unit that is not one of the item's valid units;
- a power of ten in the unit cell that is not part of a count unit (``×10^3 copies/mL``: the value's multiplier,
  ``lab.value_scale``);
- an item without a value, or a non-numeric value beside a numeric reference range (``lab.missing_value``);
- a name glued to other text or one character off a catalogue item (``lab.item_doubt``, ``item_checks``).
- a reference repaired from its structure (``lab.reference_repaired``) or one no single reading puts right
  (``lab.reference_doubt``; both ``reference_repair``).

Page checks: OCR lines holding a number that went into no row (``lab.unparsed_lines``, with a
count; the row beside such a line is sent to review), and a page whose rows cover too small a
share of its number-bearing lines (``lab.low_coverage``; every row of the page goes to review).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field as OptionField

from oncostruct.engine.cdm import Issue
from oncostruct.extractors.ocr.cells import canonical_unit, clean, item_entry, labels
from oncostruct.extractors.ocr.item_checks import item_doubt
from oncostruct.extractors.ocr.consistency_checks import item_mismatch, reference_mismatch, value_shape, word_contradiction
from oncostruct.extractors.ocr.lab_rows import LabRow, range_side
from oncostruct.extractors.ocr.tokens import Token
from oncostruct.extractors.ocr.unit_reading import valid_units
from oncostruct.extractors.ocr.flag_look import flag_unread
from oncostruct.extractors.ocr.mark_direction import undirected
from oncostruct.extractors.ocr.value_checks import ValueCheckOptions, decimal_lost, flag_missing, sign_for_number

_VALUE_LABELS = {"value", "value_flag", "reference", "reference_unit"}
_DIGIT = re.compile(r"\d")
_RUNNING = re.compile(r"\d{1,3}[.、]?")
_IMPOSSIBLE = {"lab.implausible_value", "lab.decimal_doubt"}  # a value that cannot be the item's own
_BARE_POWER = re.compile(r"[x×*]\s*10\^?\d{1,2}(?!\d|\s*/)")  # ×10^3 not opening a count unit (×10^9/L)


class CheckOptions(BaseModel):
    """Thresholds of the self-checks (``components.lab_report.checks``)."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    min_coverage: float = OptionField(default=0.6, ge=0.0, le=1.0)  # share of numeric lines that rows use
    penalty: float = OptionField(default=0.5, gt=0.0, le=1.0)  # confidence factor per failed check
    reference_factor: float = OptionField(default=2.0, gt=1.0)  # printed vs typical reference mid-points this far off
    # a table where this many rows fail a check that marks a row holding a neighbour's cells is misaligned: the rows
    # from the first to the last such row, and ``misaligned_span`` rows either side, go to review
    misaligned_min_rows: int = OptionField(default=2, ge=1)
    misaligned_span: int = OptionField(default=1, ge=0)
    misaligned_codes: list[str] = OptionField(default_factory=lambda: [
        "lab.reference_mismatch", "lab.item_mismatch"])  # an invalid unit alone is often a unit misread
    values: ValueCheckOptions = OptionField(default_factory=ValueCheckOptions)
    review_filled: bool = True  # a value filled by the second look (``second_look``) goes to review even when it passes


@dataclass
class Doubt:
    code: str  # issue code, declared in the field catalogue
    reason: str


def row_doubts(row: LabRow, report_type: str | None = None, opts: CheckOptions | None = None,
               flagged: bool = False) -> list[Doubt]:
    """Failed checks of one row: flag against range, plausible value, valid unit, a lost decimal point, a bare sign
    for a number, and (``flagged``: the sheet prints flags) an out-of-range value printed without its flag."""
    out = []
    vopts = (opts or CheckOptions()).values
    if (d := flag_doubt(row)) is not None:
        out.append(d)
    if (d := value_doubt(row)) is not None:
        out.append(d)
    if (why := decimal_lost(row, vopts)) is not None:
        out.append(Doubt("lab.decimal_doubt", why))
    if row.unit and _BARE_POWER.search(row.unit):
        out.append(Doubt("lab.value_scale", f"unit {row.unit} holds a power of ten apart from its unit: it may be the "
                         f"value's multiplier ({row.value} ×10^n)"))
    if row.reference_repaired:
        out.append(Doubt("lab.reference_repaired", f"reference read as {row.reference_raw!r}, which is no rising "
                         f"range fitting its item; taken as {row.reference}"))
    if row.value_repaired:
        out.append(Doubt("lab.value_repaired", f"value read as {row.value_raw!r}, an out-of-range value without the "
                         f"arrow its sheet prints glued to values; taken as {row.value} and its arrow"))
    if row.reference_doubt:
        out.append(Doubt("lab.reference_doubt", row.reference_doubt))
    if sign_for_number(row):
        out.append(Doubt("lab.missing_value", f"value {row.value!r} of {row.item} is a bare sign, its reference "
                         f"{row.reference} is numeric"))
    if flag_missing(row, flagged and vopts.flagged_sheets):
        out.append(Doubt("lab.flag_missing", f"value {row.value} is outside {row.reference} but no flag was read, "
                         "on a sheet that prints flags"))
    entry = item_entry(row.item, report_type) or (item_entry(row.abbr) if row.abbr else None)
    attrs = entry.attributes if entry is not None else {}
    plausible = attrs.get("plausible")
    if plausible and row.value_num is not None and not (plausible[0] <= row.value_num <= plausible[1]):
        out.append(Doubt("lab.implausible_value", f"value {row.value} is outside the plausible range "
                         f"{plausible[0]}–{plausible[1]} of {entry.canonical}"))
    units = valid_units(attrs)
    if units and row.unit and not row.unit_repaired and row.unit not in {canonical_unit(u) for u in units}:
        out.append(Doubt("lab.invalid_unit", f"unit {row.unit} is not valid for {entry.canonical} (expected {', '.join(units)})"))
    if entry is not None and (why := reference_mismatch(row, attrs, entry.canonical,
                                                         (opts or CheckOptions()).reference_factor)) is not None:
        out.append(Doubt("lab.reference_mismatch", why))
    if (why := item_mismatch(row, report_type)) is not None:
        out.append(Doubt("lab.item_mismatch", why))
    if (why := item_doubt(row, report_type)) is not None:
        out.append(Doubt("lab.item_doubt", why))
    if row.item_snap:
        out.append(Doubt("lab.item_snapped", row.item_snap))
    if (why := value_shape(row)) is not None:
        out.append(Doubt("lab.value_shape", why))
    if (why := word_contradiction(row)) is not None:
        out.append(Doubt("lab.word_contradiction", why))
    if (d := second_look_doubt(row, (opts or CheckOptions()).review_filled)) is not None:
        out.append(d)
    if (why := flag_unread(row)) is not None:
        out.append(Doubt("lab.flag_unread", why))
    return out


def value_check_failures(row: LabRow, report_type: str | None = None) -> list[str]:
    """Codes of the checks that doubt the value itself (not its flag, unit or reference): no number beside a
    numeric range, a lost decimal point, an implausible value, a value of stray tokens, a bare sign."""
    out = []
    if row.value and value_doubt(row) is not None:
        out.append("lab.missing_value")
    if decimal_lost(row, CheckOptions().values) is not None:
        out.append("lab.decimal_doubt")
    entry = item_entry(row.item, report_type) or (item_entry(row.abbr) if row.abbr else None)
    plausible = entry.attributes.get("plausible") if entry is not None else None
    if plausible and row.value_num is not None and not (plausible[0] <= row.value_num <= plausible[1]):
        out.append("lab.implausible_value")
    if value_shape(row) is not None:
        out.append("lab.value_shape")
    if sign_for_number(row):
        out.append("lab.missing_value")
    return out


def second_look_doubt(row: LabRow, review_filled: bool = False) -> Doubt | None:
    """The second look at the value cell (``second_look``) disagreed with the first reading, or its weakest
    character was unsure (``lab.value_disagreement``); or it replaced a doubted value, or filled an empty cell in two
    readings that differ (or in any reading, with ``review_filled``) (``lab.value_second_look``)."""
    look = row.second_look
    if not look:
        return None
    if look["how"] == "doubted":
        return Doubt("lab.value_disagreement", f"value {row.value}: its cell read again as {look['read']!r} "
                     f"({look['why']}); the two readings disagree")
    if look["how"] == "replaced":
        return Doubt("lab.value_second_look", f"value first read as {look['first']!r} failed a check; read again "
                     f"from its cell as {row.value}")
    if look["how"] == "filled" and (review_filled or not look.get("agree", True)):
        return Doubt("lab.value_second_look", f"value cell was empty in the page read; read from its cell as "
                     f"{row.value} (score {look['score']})")
    return None


def neighbours_value(members: list[LabRow], i: int) -> bool:
    """The value of row ``i`` lies outside its own reference range but inside the printed range of the row above or
    below: its value cell belongs to that neighbour (pH 36.2 above a pCO2 row of 35–45)."""
    r = members[i]
    v, lo, hi = r.value_num, r.reference_low, r.reference_high
    if v is None or (lo is not None and hi is not None and lo > hi) or ((lo is None or v >= lo) and (hi is None or v <= hi)):
        return False  # no value, an inverted (misread) range, or a value inside its own range
    for j in (i - 1, i + 1):
        n = members[j] if 0 <= j < len(members) else None
        if n is not None and n.reference_low is not None and n.reference_high is not None \
                and n.reference_low <= v <= n.reference_high:
            return True
    return False


def misaligned_rows(rows: list[LabRow], doubts: dict[int, list[Doubt]], opts: CheckOptions) -> dict[int, Doubt]:
    """Row id → doubt for the rows of a misaligned table: one where ``misaligned_min_rows`` rows fail a check of
    ``misaligned_codes``, or a row's impossible value fits its neighbour's printed range; the rows between the first
    and last of them, and ``misaligned_span`` either side."""
    out: dict[int, Doubt] = {}
    codes = set(opts.misaligned_codes)
    tables: dict[tuple[int, int], list[LabRow]] = {}
    for r in rows:
        tables.setdefault((r.table, r.block), []).append(r)
    for members in tables.values():
        members.sort(key=lambda r: r.row)
        bad = [i for i, r in enumerate(members) if any(d.code in codes for d in doubts.get(id(r), []))]
        moved = [i for i, r in enumerate(members) if any(d.code in _IMPOSSIBLE for d in doubts.get(id(r), []))
                 and neighbours_value(members, i)]
        if len(bad) < opts.misaligned_min_rows and not moved:
            continue
        bad = sorted(set(bad) | set(moved)) if len(bad) >= opts.misaligned_min_rows else moved
        lo, hi = max(0, bad[0] - opts.misaligned_span), min(len(members) - 1, bad[-1] + opts.misaligned_span)
        why = "a value here fits its neighbour's reference range, not its own" if moved and \
            len(bad) == len(moved) else f"{len(bad)} rows of this table hold cells that do not fit their items"
        for r in members[lo:hi + 1]:
            out[id(r)] = Doubt("lab.misaligned_table", f"{why}; its rows may be shifted against their names")
    return out


def value_doubt(row: LabRow) -> Doubt | None:
    """An item without a value, or a value that is no number although its reference range is numeric."""
    if not row.value:
        return Doubt("lab.missing_value", f"no value was read for {row.item}")
    numeric_ref = row.reference_low is not None or row.reference_high is not None
    if numeric_ref and row.value_num is None and not (labels(clean(row.value)) & {"qualitative", "value"}):
        return Doubt("lab.missing_value", f"value {row.value!r} of {row.item} is not a number, its reference "
                     f"{row.reference} is")
    return None


def flag_doubt(row: LabRow) -> Doubt | None:
    """A printed flag that the value and its reference range contradict: ↑ on a value inside or below the range,
    ↓ on one inside or above it, a printed normal mark (N, -, 正常) or an abnormal one without direction (A, *)
    on a value outside or inside it."""
    if row.flag_printed is not None:
        return Doubt("lab.flag_contradiction", f"printed flag {row.flag_printed} contradicts value {row.value} and "
                     f"reference {row.reference}; the flag is taken from the value and the range")
    side = None if row.flag_computed or row.flag is None else range_side(row)
    if side is None:
        return None
    up, down = "↑" in row.flag, "↓" in row.flag
    above, below = side == "↑", side == "↓"
    normal, abnormal = row.flag == "", undirected(row.flag)
    if (up and not above) or (down and not below) or (normal and (above or below)) or \
            (abnormal and not (above or below)):
        shown = row.flag or "normal"
        return Doubt("lab.flag_contradiction", f"printed flag {shown} contradicts value {row.value} "
                     f"and reference {row.reference}")
    return None


def _row_tokens(rows: list[LabRow]) -> list[Token]:
    return [t for r in rows for toks in r.cells.values() for t in toks]


def _covered(tok: Token, used: list[Token]) -> bool:
    return any(u.line == tok.line and u.x0 - 1 <= tok.xc <= u.x1 + 1 for u in used)


def _numeric(tok: Token) -> bool:
    return bool(_DIGIT.search(tok.text)) and bool(labels(clean(tok.text)) & _VALUE_LABELS)


def running_number(tok: Token, rows: list[LabRow]) -> bool:
    """A 1–3 digit integer printed left of a row's item on the same line: the item's running number."""
    if not _RUNNING.fullmatch(clean(tok.text)):
        return False
    for r in rows:
        item = r.cells.get("item") or []
        if item and tok.x1 <= item[0].x0 + 1 and abs(item[0].yc - tok.yc) < 0.6 * max(tok.h, item[0].h):
            return True
    return False


def unparsed_tokens(tokens: list[Token], rows: list[LabRow]) -> list[Token]:
    """Value-like tokens within the table's height that went into no row's cell (running numbers aside)."""
    used = _row_tokens(rows)
    if not used:
        return []
    top, bottom = min(t.y0 for t in used), max(t.y1 for t in used)
    return [t for t in tokens if top <= t.yc <= bottom and _numeric(t) and not _covered(t, used)
            and not running_number(t, rows)]


def coverage(tokens: list[Token], rows: list[LabRow]) -> float:
    """Share of the page's value-like tokens that went into a row (1.0 on a page without any)."""
    used = _row_tokens(rows)
    numeric = [t for t in tokens if _numeric(t) and not running_number(t, rows)]
    if not numeric:
        return 1.0
    return sum(1 for t in numeric if _covered(t, used)) / len(numeric)


def nearest_row(tok: Token, rows: list[LabRow]) -> LabRow | None:
    """The row whose cells sit on the same text line as ``tok`` (within one line height), or None."""
    best, gap = None, tok.h
    for r in rows:
        toks = [t for ts in r.cells.values() for t in ts]
        d = abs(sorted(t.yc for t in toks)[len(toks) // 2] - tok.yc)
        if d < gap:
            best, gap = r, d
    return best


def page_doubts(tokens: list[Token], rows: list[LabRow], opts: CheckOptions, name: str,
                page: int) -> tuple[dict[int, list[Doubt]], list[Issue]]:
    """(row id → doubts, page issues) of the page-level checks."""
    doubts: dict[int, list[Doubt]] = {}
    issues = []
    stray = unparsed_tokens(tokens, rows)
    n_lines = len({t.line for t in stray})
    if stray:
        issues.append(Issue(code="lab.unparsed_lines", message=(
            f"{name} page {page + 1}: {n_lines} line(s) with numbers assigned to no row")))
        for tok in stray:
            if (r := nearest_row(tok, rows)) is not None:
                doubts.setdefault(id(r), []).append(Doubt("lab.unparsed_lines", f"a number on this row's line "
                                                          f"({tok.text!r}) went into no field"))
    share = coverage(tokens, rows)
    if rows and share < opts.min_coverage:
        issues.append(Issue(code="lab.low_coverage", message=(
            f"{name} page {page + 1}: rows use {share:.0%} of the lines with numbers "
            f"(below {opts.min_coverage:.0%}); rows may be missing or mixed up")))
        for r in rows:
            doubts.setdefault(id(r), []).append(Doubt("lab.low_coverage", f"the page's rows cover only {share:.0%} of its numbers"))
    return doubts, issues
