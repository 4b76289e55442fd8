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

Session 16 (tagger16): that tie rule is ``--rule gain``. The bar is recall first (0.99) with precision only a floor
(0.90), so the default ``--rule recall`` takes, among the thresholds whose gain is within ``tolerance`` (a fraction of
the category's gold characters) of the best and whose precision keeps the floor by ``margin``, the one with the most
gold characters found (then the most gain, then the lowest threshold). ``--compare`` adds the other rule's thresholds,
table and transfer from the same run. Each set's characters are counted once per category and threshold
(:class:`Counts`); choosing, scoring and the transfer add counts up, and ``--rules-cache`` keeps the rules' spans of a
set for the next model's run.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from oncostruct.engine.deid import PHI_CATEGORIES
from oncostruct.eval.deid import _rows, patient_detector
from oncostruct.extractors.deid.config import DeidConfig, ModelTaggerSettings, load_config
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


def _rule_spans(path: Path, rows: list[dict[str, Any]], config: DeidConfig,
                cache: Path | None) -> list[list[PhiSpan]]:
    """The rules' spans of each row (a patient's documents together), read from ``cache`` when it holds them for
    this set's bytes and this deid.yaml, else computed (and written there). The cache key does not see the
    detector's code: clear the folder when the rules change."""
    key = hashlib.sha256(Path(path).read_bytes() + config.model_dump_json().encode()).hexdigest()[:16]
    hit = cache / f"{Path(path).parent.name}-{Path(path).stem}-{key}.pkl" if cache else None
    if hit is not None and hit.exists():
        with hit.open("rb") as fh:
            return pickle.load(fh)
    rules = PhiDetector(config.model_copy(update={"model_tagger": None}))
    ruled = patient_detector(rows, rules)
    spans = [ruled.detect(r["text"]) for r in rows]
    if hit is not None:
        hit.parent.mkdir(parents=True, exist_ok=True)
        with hit.open("wb") as fh:
            pickle.dump(spans, fh)
    return spans


def prepare(path: Path, model: str, span_model: SpanModel | None = None, rules_cache: Path | None = None) -> Prepared:
    """Run the rules (a patient's documents together, within the set) and the loose tagger on one PHI set."""
    rows = list(_rows(Path(path)))
    config = load_config()
    rule_spans = _rule_spans(Path(path), rows, config, rules_cache)
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


RULES = ("recall", "gain")


@dataclass(frozen=True)
class Point:
    """One threshold of a category's grid: gold characters found, characters predicted, of them right, net gain."""

    threshold: float
    hit: int
    pred: int
    ok: int
    gain: float


def _pick(points: list[Point], base: tuple[int, int], gold: int, *, rule: str, min_precision: float,
          tolerance: float, margin: float) -> Point | None:
    """The threshold ``rule`` takes among ``points`` (``base``: the rules' own characters predicted and of them
    right), or None where none gains. ``gain``: the most gain, the highest threshold among equals. ``recall``: of
    the points within ``tolerance`` x ``gold`` of the best gain whose precision keeps the floor by ``margin``, the
    most gold found."""
    pred0, ok0 = base
    if rule == "gain":
        fine = [p for p in points if p.gain > 0 and _precise_enough(p.pred, p.ok, pred0, ok0, min_precision)]
        return max(fine, key=lambda p: (p.gain, p.threshold), default=None)
    if rule != "recall":
        raise ValueError(f"unknown rule {rule!r}: one of {RULES}")
    fine = [p for p in points if p.gain > 0 and _precise_enough(p.pred, p.ok, pred0, ok0, min_precision + margin)]
    if not fine:
        return None
    best = max(p.gain for p in fine)
    near = [p for p in fine if p.gain >= best - tolerance * gold]
    return max(near, key=lambda p: (p.hit, p.gain, -p.threshold))


@dataclass(frozen=True)
class Counts:
    """One category's characters on some documents: the rules' own (gold, found, predicted, right) and, for each
    threshold of the grid, (found, predicted, right) with the tagger's spans of that confidence added. Character
    counts add up over documents, so sets are tuned together by adding their counts."""

    base: tuple[int, int, int, int]
    grid: tuple[tuple[int, int, int], ...]

    def __add__(self, other: "Counts") -> "Counts":
        grid = tuple((x[0] + y[0], x[1] + y[1], x[2] + y[2]) for x, y in zip(self.grid, other.grid))
        b, c = self.base, other.base
        return Counts((b[0] + c[0], b[1] + c[1], b[2] + c[2], b[3] + c[3]), grid)


def counts(prep: Prepared, spread: bool = True) -> dict[str, Counts]:
    """Each category's :class:`Counts` on ``prep`` (the one pass over the documents that tuning needs)."""
    out = {}
    for cat in PHI_CATEGORIES:
        base = _char_counts(prep.rows, prep.rule_spans, cat)
        if not any(c.category == cat for cs in prep.cands for c in cs):   # nothing to add: every threshold as the rules
            out[cat] = Counts(base, tuple(base[1:] for _ in GRID))
            continue
        out[cat] = Counts(base, tuple(_char_counts(prep.rows, _combined(prep, cat, t, spread), cat)[1:] for t in GRID))
    return out


def _summed(parts: list[dict[str, Counts]]) -> dict[str, Counts]:
    return {cat: sum((p[cat] for p in parts[1:]), parts[0][cat]) for cat in PHI_CATEGORIES}


def choose_counts(cnt: dict[str, Counts], *, min_precision: float = 0.90, false_weight: float = 2.0,
                  rule: str = "recall", tolerance: float = 0.002,
                  margin: float = 0.01) -> tuple[dict[str, float], dict[str, Any]]:
    """Each category's threshold by ``rule`` on counts (see the module docstring) and the per-category table."""
    thresholds: dict[str, float] = {}
    table: dict[str, Any] = {}
    for cat in PHI_CATEGORIES:
        gold, hit0, pred0, ok0 = cnt[cat].base
        points, curve = [], []
        for t, (hit, pred, ok) in zip(GRID, cnt[cat].grid):
            added_false = (pred - ok) - (pred0 - ok0)
            points.append(Point(t, hit, pred, ok, (hit - hit0) - false_weight * max(added_false, 0)))
            curve.append([t, hit - hit0, added_false])
        got = _pick(points, (pred0, ok0), gold, rule=rule, min_precision=min_precision, tolerance=tolerance,
                    margin=margin)
        if got is not None:
            thresholds[cat] = got.threshold
        hit, pred, ok = (got.hit, got.pred, got.ok) if got else (hit0, pred0, ok0)
        table[cat] = {"threshold": got and got.threshold, **_row(gold, hit0, pred0, ok0, hit, pred, ok),
                      "curve (threshold, gold chars added, wrong chars added)": curve}
    return thresholds, table


def choose(prep: Prepared, *, spread: bool = True, **kw: Any) -> tuple[dict[str, float], dict[str, Any]]:
    """Each category's threshold on ``prep`` and the per-category table (:func:`choose_counts`)."""
    return choose_counts(counts(prep, spread), **kw)


def score_counts(cnt: dict[str, Counts], thresholds: dict[str, float]) -> dict[str, Any]:
    """Each category's (rules alone, rules + tagger) recall and precision at the given (grid) thresholds."""
    out = {}
    for cat in PHI_CATEGORIES:
        gold, hit0, pred0, ok0 = cnt[cat].base
        hit, pred, ok = cnt[cat].grid[GRID.index(thresholds[cat])] if cat in thresholds else (hit0, pred0, ok0)
        out[cat] = _row(gold, hit0, pred0, ok0, hit, pred, ok)
    return out


def score_at(prep: Prepared, thresholds: dict[str, float], spread: bool = True) -> dict[str, Any]:
    """Each category's (rules alone, rules + tagger) recall and precision on ``prep`` at the given thresholds."""
    return score_counts(counts(prep, spread), thresholds)


def transfer(sets: dict[str, dict[str, Counts]], **kw: Any) -> dict[str, Any]:
    """For each set (its :func:`counts`): its scores at thresholds chosen on the OTHER sets (the honest, held-out
    reading) and at those chosen on all sets together (tuned)."""
    names = list(sets)
    together, _ = choose_counts(_summed(list(sets.values())), **kw)
    out: dict[str, Any] = {}
    for name in names:
        chosen, _ = choose_counts(_summed([sets[n] for n in names if n != name]), **kw)
        held, tuned = score_counts(sets[name], chosen), score_counts(sets[name], together)
        out[name] = {"thresholds_from_the_others": chosen,
                     "per_category (held-out: thresholds from the others; tuned: from all)": {
                         c: {"held_out": held[c], "tuned": tuned[c]} for c in PHI_CATEGORIES}}
    return out


def tune(data: Path | list[Path], model: str, *, min_precision: float = 0.90, false_weight: float = 2.0,
         spread: bool = True, span_model: SpanModel | None = None, cross: bool = False, rule: str = "recall",
         tolerance: float = 0.002, margin: float = 0.01, compare: bool = False,
         rules_cache: Path | None = None) -> dict[str, Any]:
    """Thresholds chosen on ``data`` (sets scored together, each set's patients grouped within it) by ``rule``; with
    ``cross`` and two sets or more, also :func:`transfer`; with ``compare``, the other rules' under ``by_rule``."""
    paths = [Path(p) for p in data] if isinstance(data, list) else [Path(data)]
    preps = {str(p): prepare(p, model, span_model, rules_cache) for p in paths}
    sets = {name: counts(prep, spread) for name, prep in preps.items()}
    cands = Counter(c.category for prep in preps.values() for cs in prep.cands for c in cs)

    def by(r: str) -> dict[str, Any]:
        kw = {"min_precision": min_precision, "false_weight": false_weight, "rule": r, "tolerance": tolerance,
              "margin": margin}
        thresholds, table = choose_counts(_summed(list(sets.values())), **kw)
        got: dict[str, Any] = {"rule": r, "thresholds": thresholds, "per_category": table}
        if cross and len(paths) > 1:
            got["transfer"] = transfer(sets, **kw)
        return got

    out = {"data": [str(p) for p in paths], "model": model, "min_precision": min_precision,
           "false_weight": false_weight, "propagation": spread, "tolerance": tolerance, "margin": margin,
           **by(rule), "tagger_candidates": dict(cands)}
    if compare:
        out["by_rule"] = {r: by(r) for r in RULES if r != rule}
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
    ap.add_argument("--rule", choices=RULES, default="recall", help="how a category's threshold is taken")
    ap.add_argument("--tolerance", type=float, default=0.002,
                    help="recall rule: gain within this fraction of the gold characters of the best")
    ap.add_argument("--margin", type=float, default=0.01, help="recall rule: precision above the floor by this")
    ap.add_argument("--compare", action="store_true", help="also the other rule's thresholds and transfer")
    ap.add_argument("--rules-cache", type=Path, default=None,
                    help="folder keeping the rules' spans per set and deid.yaml (clear it when the rules change)")
    args = ap.parse_args(argv)
    print(json.dumps(tune(args.data, args.model, min_precision=args.min_precision, false_weight=args.false_weight,
                          spread=not args.no_propagation, cross=args.cross, rule=args.rule,
                          tolerance=args.tolerance, margin=args.margin, compare=args.compare,
                          rules_cache=args.rules_cache),
                     ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
