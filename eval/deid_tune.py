"""Choose the PHI tagger's per-category thresholds on a held-out PHI set (issue 18, session 8).

``python -m oncostruct.eval.deid_tune --data SET.jsonl --model WEIGHTS_DIR`` runs the rules once (a patient's
documents together, as ``bench deid`` does), asks the tagger for every span it would add (threshold 0, after the
allow-list, not_phi and overlap vetoes of :meth:`PhiDetector.tagger_spans`), and for each category and threshold of
the grid scores the category with the tagger's spans of that confidence or more added (character level, as
:func:`eval.deid.score`). A category's threshold is the one that adds the most gold characters net of
``false_weight`` times the wrong ones, with the category's precision at least ``min_precision`` (or, where the rules
alone are under it, at least the rules' own); a category where no
threshold gains is left out (the tagger adds nothing there). Prints the thresholds (JSON, for ``deid.yaml``'s
``model_tagger.thresholds``) and the per-category table.

Session 12 (deidtagger12): a tagger span spreads to the other occurrences of its value in its document, as in the
detector (its confidence capped at ``model_tagger.max_confidence``, spread when that reaches
``propagation.min_confidence``): each threshold is scored with that propagation (``--no-propagation``: without,
as before). The patient's other documents and the span tails are not simulated: the figures to report come from
``oncostruct bench deid`` afterwards.

Session 15 (tagger15): several sets are scored together, each set's patients grouped within it (rules run per set).
``--cross`` also reads the transfer: each set scored at the thresholds chosen on the other sets (its held-out
reading) beside those chosen on all (tuned). Among thresholds of equal gain the highest is taken (a tie at 0.3 and 0.6
is no reason to take 0.3's riskier spans on text unlike the tuning sets).
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from oncostruct.engine.deid import PHI_CATEGORIES
from oncostruct.eval.deid import _rows, patient_detector
from oncostruct.extractors.deid.config import ModelTaggerSettings, load_config
from oncostruct.extractors.deid.detect import PhiDetector, PhiSpan, fold_width, resolve_overlaps
from oncostruct.extractors.deid.model_tagger import SpanModel

GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99)


def _char_counts(rows: list[dict[str, Any]], spans: list[list[PhiSpan]], category: str) -> tuple[int, int, int, int]:
    """(gold chars of ``category``, of them covered, chars predicted as it, of them inside any gold span)."""
    gold = hit = pred = ok = 0
    for row, found in zip(rows, spans):
        n = len(row["text"])
        covered, inside = bytearray(n), bytearray(n)
        for s in found:
            covered[s.start:s.end] = b"\x01" * (s.end - s.start)
        for g in row["phi"]:
            inside[g["start"]:g["end"]] = b"\x01" * (g["end"] - g["start"])
        for g in row["phi"]:
            if g["category"] == category:
                gold += g["end"] - g["start"]
                hit += sum(covered[g["start"]:g["end"]])
        for s in found:
            if s.category == category:
                pred += s.end - s.start
                ok += sum(inside[s.start:s.end])
    return gold, hit, pred, ok


def _precise_enough(pred: int, ok: int, pred0: int, ok0: int, min_precision: float) -> bool:
    """Whether a category's precision with the tagger's spans (``ok`` of ``pred`` characters) is at least
    ``min_precision``, or, where the rules alone are under it (``ok0`` of ``pred0``), at least the rules' own (session
    12: a category the rules already over-redact may still take tagger spans that are mostly right)."""
    floor = min(min_precision, ok0 / pred0) if pred0 else min_precision
    return bool(pred) and ok / pred >= floor


def _with_tagger(detector: PhiDetector, rows: list[dict[str, Any]], rule_spans: list[list[PhiSpan]],
                 cands: list[list[PhiSpan]], least: float, spread: bool) -> list[list[PhiSpan]]:
    """Each document's rule spans with the tagger's candidates of confidence ``least`` or more, and (``spread``)
    the other occurrences of those candidates' values in the document, as the detector propagates them."""
    cap = detector.config.model_tagger.max_confidence if detector.config.model_tagger else 1.0
    out = []
    for row, spans, cs in zip(rows, rule_spans, cands):
        taken = [replace(c, confidence=min(c.confidence, cap)) for c in cs if c.confidence >= least]
        combined = resolve_overlaps(spans + taken)
        if spread and taken and detector.config.propagation is not None:
            combined = detector._propagated(combined, fold_width(row["text"]), ())
        out.append(combined)
    return out


@dataclass
class Prepared:
    """One or more PHI sets run once: their rows, the rules' spans and the tagger's candidates (threshold 0)."""

    rows: list[dict[str, Any]]
    rule_spans: list[list[PhiSpan]]
    cands: list[list[PhiSpan]]
    tagger: PhiDetector

    def __add__(self, other: "Prepared") -> "Prepared":
        return Prepared(self.rows + other.rows, self.rule_spans + other.rule_spans, self.cands + other.cands,
                        self.tagger)


def prepare(path: Path, model: str, span_model: SpanModel | None = None) -> Prepared:
    """Run the rules (a patient's documents together, within the set) and the loose tagger on one PHI set."""
    rows = list(_rows(Path(path)))
    config = load_config()
    rules = PhiDetector(config.model_copy(update={"model_tagger": None}))
    ruled = patient_detector(rows, rules)
    rule_spans = [ruled.detect(r["text"]) for r in rows]
    loose = ModelTaggerSettings(model=model, thresholds={c: 0.0 for c in PHI_CATEGORIES}, max_confidence=1.0)
    tagger = PhiDetector(config.model_copy(update={"model_tagger": loose}), span_model=span_model)
    cands = [tagger.tagger_spans(s, fold_width(r["text"])) for r, s in zip(rows, rule_spans)]
    return Prepared(rows, rule_spans, cands, tagger)


def _row(gold: int, hit0: int, pred0: int, ok0: int, hit: int, pred: int, ok: int) -> dict[str, Any]:
    """A category's (rules alone, rules + tagger) character recall and precision."""
    return {"gold": gold,
            "recall": [round(hit0 / gold, 4) if gold else None, round(hit / gold, 4) if gold else None],
            "precision": [round(ok0 / pred0, 4) if pred0 else None, round(ok / pred, 4) if pred else None]}


def _combined(prep: Prepared, cat: str, least: float, spread: bool) -> list[list[PhiSpan]]:
    return _with_tagger(prep.tagger, prep.rows, prep.rule_spans,
                        [[c for c in cs if c.category == cat] for cs in prep.cands], least, spread)


def choose(prep: Prepared, *, min_precision: float = 0.90, false_weight: float = 2.0,
           spread: bool = True) -> tuple[dict[str, float], dict[str, Any]]:
    """Each category's threshold on ``prep`` (see the module docstring) and the per-category table."""
    thresholds: dict[str, float] = {}
    table: dict[str, Any] = {}
    for cat in PHI_CATEGORIES:
        gold, hit0, pred0, ok0 = _char_counts(prep.rows, prep.rule_spans, cat)
        best: tuple[float, float | None, tuple[int, int, int, int]] = (0.0, None, (gold, hit0, pred0, ok0))
        curve = []
        for t in GRID:
            g, hit, pred, ok = _char_counts(prep.rows, _combined(prep, cat, t, spread), cat)
            added_false = (pred - ok) - (pred0 - ok0)
            gain = (hit - hit0) - false_weight * max(added_false, 0)
            curve.append([t, hit - hit0, added_false])
            if _precise_enough(pred, ok, pred0, ok0, min_precision) and gain > 0 and gain >= best[0]:
                best = (gain, t, (g, hit, pred, ok))
        if best[1] is not None:
            thresholds[cat] = best[1]
        _, hit, pred, ok = best[2]
        table[cat] = {"threshold": best[1], **_row(gold, hit0, pred0, ok0, hit, pred, ok),
                      "curve (threshold, gold chars added, wrong chars added)": curve}
    return thresholds, table


def score_at(prep: Prepared, thresholds: dict[str, float], spread: bool = True) -> dict[str, Any]:
    """Each category's (rules alone, rules + tagger) recall and precision on ``prep`` at the given thresholds."""
    out = {}
    for cat in PHI_CATEGORIES:
        gold, hit0, pred0, ok0 = _char_counts(prep.rows, prep.rule_spans, cat)
        hit, pred, ok = hit0, pred0, ok0
        if cat in thresholds:
            _, hit, pred, ok = _char_counts(prep.rows, _combined(prep, cat, thresholds[cat], spread), cat)
        out[cat] = _row(gold, hit0, pred0, ok0, hit, pred, ok)
    return out


def transfer(preps: dict[str, Prepared], **kw: Any) -> dict[str, Any]:
    """For each set: its scores at thresholds chosen on the OTHER sets (the honest, held-out reading) and at those
    chosen on all sets together (tuned), and how far each category's recall moved between the two."""
    names = list(preps)
    all_prep = sum((preps[n] for n in names[1:]), preps[names[0]])
    together, _ = choose(all_prep, **kw)
    out: dict[str, Any] = {}
    for name in names:
        others = [preps[n] for n in names if n != name]
        chosen, _ = choose(sum(others[1:], others[0]), **kw)
        spread = kw.get("spread", True)
        held, tuned = score_at(preps[name], chosen, spread), score_at(preps[name], together, spread)
        out[name] = {"thresholds_from_the_others": chosen,
                     "per_category (held-out: thresholds from the others; tuned: from all)": {
                         c: {"held_out": held[c], "tuned": tuned[c]} for c in PHI_CATEGORIES}}
    return out


def tune(data: Path | list[Path], model: str, *, min_precision: float = 0.90, false_weight: float = 2.0,
         spread: bool = True, span_model: SpanModel | None = None, cross: bool = False) -> dict[str, Any]:
    """Thresholds chosen on ``data`` (sets scored together, each set's patients grouped within it); with ``cross``
    and two sets or more, also :func:`transfer`."""
    paths = [Path(p) for p in data] if isinstance(data, list) else [Path(data)]
    preps = {str(p): prepare(p, model, span_model) for p in paths}
    prep = sum(list(preps.values())[1:], list(preps.values())[0])
    thresholds, table = choose(prep, min_precision=min_precision, false_weight=false_weight, spread=spread)
    counts = Counter(c.category for cs in prep.cands for c in cs)
    out = {"data": [str(p) for p in paths], "model": model, "min_precision": min_precision,
           "false_weight": false_weight, "propagation": spread, "thresholds": thresholds, "per_category": table,
           "tagger_candidates": dict(counts)}
    if cross and len(paths) > 1:
        out["transfer"] = transfer(preps, min_precision=min_precision, false_weight=false_weight, spread=spread)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, type=Path, nargs="+", help="PHI sets (JSONL), scored together")
    ap.add_argument("--model", required=True, help="weights folder or released model name")
    ap.add_argument("--min-precision", type=float, default=0.90)
    ap.add_argument("--false-weight", type=float, default=2.0)
    ap.add_argument("--no-propagation", action="store_true", help="score tagger spans where found only (as before)")
    ap.add_argument("--cross", action="store_true",
                    help="with two sets or more: each set scored at thresholds chosen on the others (transfer)")
    args = ap.parse_args(argv)
    print(json.dumps(tune(args.data, args.model, min_precision=args.min_precision, false_weight=args.false_weight,
                          spread=not args.no_propagation, cross=args.cross),
                     ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
