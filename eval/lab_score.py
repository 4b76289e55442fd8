"""Scoring of lab-report rows against hand labels (the ``bench lab`` metric).

A predicted row matches a gold row of the same image by item name after ``norm_item``
(whitespace, full/half width, bracket shapes, traditional Chinese characters as simplified: OCR reads 紅血球
printed on a Taiwan sheet as 红血球, the same name); rows are paired in reading order, so an item
printed twice (白细胞 in a dipstick and in a microscopy section) pairs twice. Field accuracies
count matched gold rows with ``legible: true``; strings are compared after ``norm_field``,
units after the engine's own unit canonicalisation, and a reference printed with its unit
("3.69-9.16×10^9/L") equals the same range and unit given apart. The gold flag is the mark
printed on the sheet (none when none is printed); the predicted flag is the row's output flag as
``bench lab`` passes it, printed else computed from the reference range (its ``flag_note`` says so),
so a computed flag on a sheet that prints none counts as a wrong flag.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from oncostruct.extractors.ocr.cells import canonical_unit, clean, flag_direction, kinds
from oncostruct.extractors.script import to_simplified

FIELDS = ("value", "unit", "reference", "flag")
_BRACKETS = str.maketrans({"[": "(", "]": ")", "{": "(", "}": ")", "【": "(", "】": ")", "〔": "(", "〕": ")"})


def norm_item(text: str | None) -> str:
    return to_simplified(re.sub(r"\s+", "", clean(text or "")).translate(_BRACKETS).lower())


def norm_field(text: Any) -> str:
    if text is None:
        return ""
    return re.sub(r"\s+", "", clean(str(text))).translate(_BRACKETS).lower()


def norm_flag(flag: str | None) -> str:
    f = norm_field(flag)
    f = _FLAG_SAME.get(f, f)
    return flag_direction(f) if f else f  # the engine's printed flag vocabulary (高 = 偏高 = ▲ = ↑)


# printed marks of the same direction score as the same flag (H = ↑; ▲ and 偏高 likewise)
_FLAG_SAME = {"h": "↑", "l": "↓", "hh": "↑↑", "ll": "↓↓", "-": "", "n": "", "▲": "↑", "▼": "↓", "偏高": "↑", "偏低": "↓"}


def split_ref_unit(reference: Any, unit: Any) -> tuple[str, str]:
    """(reference, canonical unit): a unit printed inside the reference is moved to the unit."""
    ref = norm_field(reference)
    u = canonical_unit(str(unit)) if unit not in (None, "") else None
    for k in kinds(ref) if ref else []:
        if k.label == "reference_unit":
            ref = norm_field(k.groups["ref"])
            u = u or canonical_unit(k.groups["unit"])
            break
    return ref.replace("%", ""), norm_field(u).lower() if u else ""


def field_equal(name: str, pred: dict, gold: dict) -> bool:
    if name == "value":
        return norm_field(pred.get("value")) == norm_field(gold.get("value"))
    if name == "flag":
        return norm_flag(pred.get("flag")) == norm_flag(gold.get("flag"))
    p_ref, p_unit = split_ref_unit(pred.get("reference"), pred.get("unit"))
    g_ref, g_unit = split_ref_unit(gold.get("reference"), gold.get("unit"))
    return (p_ref == g_ref) if name == "reference" else (p_unit == g_unit)


def match_rows(pred: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
    """(pred index, gold index) pairs with equal normalised item names, in order."""
    pairs: list[tuple[int, int]] = []
    taken: set[int] = set()
    for gi, g in enumerate(gold):
        key = norm_item(g.get("item"))
        for pi, p in enumerate(pred):
            if pi not in taken and norm_item(p.get("item")) == key:
                pairs.append((pi, gi))
                taken.add(pi)
                break
    return pairs


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def row_text(r: dict) -> str:
    return "".join(norm_field(r.get(k)) for k in ("item", "value", "unit", "reference"))


@dataclass
class Tally:
    n_pred: int = 0
    n_gold: int = 0
    n_match: int = 0
    correct: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    scored: int = 0
    cer_edits: int = 0
    cer_chars: int = 0

    def add(self, pred: list[dict], gold: list[dict]) -> list[dict]:
        """Add one image; returns per-row error records (for the report's error list)."""
        pairs = match_rows(pred, gold)
        self.n_pred += len(pred)
        self.n_gold += len(gold)
        self.n_match += len(pairs)
        errors = []
        matched_gold = {gi: pi for pi, gi in pairs}
        for gi, g in enumerate(gold):
            gtext = row_text(g)
            self.cer_chars += len(gtext)
            if gi not in matched_gold:
                self.cer_edits += len(gtext)
                errors.append({"gold": g.get("item"), "error": "row not found"})
                continue
            p = pred[matched_gold[gi]]
            self.cer_edits += edit_distance(row_text(p), gtext)
            if not g.get("legible", True):
                continue
            self.scored += 1
            for f in FIELDS:
                if field_equal(f, p, g):
                    self.correct[f] += 1
                else:
                    errors.append({"gold": g.get("item"), "field": f, "pred": p.get(f), "want": g.get(f)})
        return errors

    def summary(self) -> dict[str, Any]:
        p = self.n_match / self.n_pred if self.n_pred else 0.0
        r = self.n_match / self.n_gold if self.n_gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "rows": {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4)},
            "fields": {f: {"accuracy": round(self.correct[f] / self.scored, 4) if self.scored else 0.0} for f in FIELDS},
            "cer": round(self.cer_edits / self.cer_chars, 4) if self.cer_chars else 0.0,
        }


@dataclass
class ReviewTally:
    """Of the matched rows' values: how many are wrong, how many of those carry needs_review (review recall of
    errors), and how many auto-accepted values are wrong; and how many predicted rows match no gold row and how
    many of those carry needs_review. Pred rows carry ``review`` (bool)."""

    values: int = 0
    wrong: int = 0
    wrong_reviewed: int = 0
    accepted: int = 0
    accepted_wrong: int = 0
    correct_reviewed: int = 0
    extra: int = 0  # predicted rows that match no gold row (text outside the table, broken names)
    extra_reviewed: int = 0

    def add(self, pred: list[dict], gold: list[dict]) -> None:
        pairs = match_rows(pred, gold)
        matched = {pi for pi, _ in pairs}
        for pi, p in enumerate(pred):
            if pi not in matched:
                self.extra += 1
                self.extra_reviewed += bool(p.get("review"))
        for pi, gi in pairs:
            p, g = pred[pi], gold[gi]
            if not g.get("legible", True):
                continue
            bad = not field_equal("value", p, g)
            self.values += 1
            self.wrong += bad
            self.wrong_reviewed += bad and bool(p.get("review"))
            self.correct_reviewed += (not bad) and bool(p.get("review"))
            if not p.get("review"):
                self.accepted += 1
                self.accepted_wrong += bad

    def summary(self) -> dict[str, Any]:
        return {"values": self.values, "wrong_values": self.wrong, "wrong_values_reviewed": self.wrong_reviewed,
                "review_recall_of_errors": round(self.wrong_reviewed / self.wrong, 4) if self.wrong else None,
                "correct_values_reviewed_share": round(self.correct_reviewed / (self.values - self.wrong), 4)
                if self.values > self.wrong else None,
                "auto_accepted": self.accepted,
                "auto_accepted_wrong_share": round(self.accepted_wrong / self.accepted, 4) if self.accepted else None,
                "extra_rows": self.extra, "extra_rows_reviewed": self.extra_reviewed}
