"""The session-16 PHI tagger (issue 18, branch tagger16): thresholds recall first (the lowest threshold whose gain is
near the best and whose precision keeps the floor with a margin), weights warm-started on the spent blind sets."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from oncostruct.eval.deid_tune import Point, _pick

ROOT = Path(__file__).resolve().parents[1]
HELD_OUT = ("phi14d", "phi15")
GOLD = 10_000


def _points(*rows: tuple[float, int, int, int], wrong0: int = 500) -> list[Point]:
    """Points of a grid from (threshold, gold chars found, chars predicted, of them right); gain net of twice the
    wrong ones added over the rules' 9,000 gold characters found and ``wrong0`` wrong ones."""
    return [Point(t, hit, pred, ok, (hit - 9_000) - 2.0 * max((pred - ok) - wrong0, 0)) for t, hit, pred, ok in rows]


BASE = (9_500, 9_000)
KW = {"min_precision": 0.90, "tolerance": 0.002, "margin": 0.01}


def test_recall_rule_takes_the_most_recall_within_the_tolerance_where_the_gain_rule_takes_the_highest() -> None:
    # 0.3 finds 15 more gold characters for 8 wrong ones (gain 16 below 0.6's, inside 0.2 % of 10,000 gold chars)
    pts = _points((0.3, 9_315, 9_823, 9_315), (0.6, 9_300, 9_800, 9_300), (0.9, 9_300, 9_800, 9_300))
    assert _pick(pts, BASE, GOLD, rule="gain", **KW).threshold == 0.9
    assert _pick(pts, BASE, GOLD, rule="recall", **KW).threshold == 0.3


def test_recall_rule_ties_go_to_the_lowest_threshold() -> None:
    pts = _points((0.3, 9_300, 9_800, 9_300), (0.6, 9_300, 9_800, 9_300))
    assert _pick(pts, BASE, GOLD, rule="recall", **KW).threshold == 0.3


def test_recall_outside_the_tolerance_is_not_bought() -> None:
    # 0.3 finds 100 more gold characters for 100 wrong ones: gain 100 under 0.6's, over 0.2 % of the gold
    pts = _points((0.3, 9_400, 10_000, 9_400), (0.6, 9_300, 9_800, 9_300))
    assert _pick(pts, BASE, GOLD, rule="recall", **KW).threshold == 0.6


def test_recall_rule_keeps_the_precision_floor_with_a_margin() -> None:
    # rules alone at 0.918 (9,000 of 9,800); 0.3's precision 0.908 keeps the floor of 0.90 but not its margin of
    # 0.01, so the recall rule takes 0.9 (precision 0.919) where the gain rule takes 0.3 (gain 100 against 50)
    pts = _points((0.3, 9_400, 10_350, 9_400), (0.9, 9_050, 9_850, 9_050), wrong0=800)
    low = _pick(pts, (9_800, 9_000), GOLD, rule="gain", **KW)
    assert low is not None and low.threshold == 0.3
    assert _pick(pts, (9_800, 9_000), GOLD, rule="recall", **KW).threshold == 0.9
    assert _pick(_points((0.3, 8_900, 9_500, 8_900)), BASE, GOLD, rule="recall", **KW) is None   # no gain
    with pytest.raises(ValueError, match="rule"):
        _pick(pts, BASE, GOLD, rule="highest", **KW)


def test_recipe_adds_the_spent_blind_sets() -> None:
    # warm start, one thread and no held-out or blind set: test_deid_tagger15.py's recipe test, run on deid16.yaml too
    text = (ROOT / "training" / "configs" / "deid16.yaml").read_text(encoding="utf-8")
    recipe = text.split("Written by")[1]
    assert "/work/dev/phi16/" in recipe and "/work/dev/phi17/" in recipe and not any(h in recipe for h in HELD_OUT)


def test_counts_add_up_over_sets_and_the_rules_cache_gives_the_same_tuning(tmp_path: Path) -> None:
    from oncostruct.eval.deid_tune import counts, prepare, tune

    clinic = "青蛙湾康养坊"   # an invented clinic name the rules do not know

    class Clinic:
        def predict(self, texts: list[str]) -> list[list[tuple[int, int, str, float]]]:
            return [[(t.find(clinic), t.find(clinic) + len(clinic), "ORGANIZATION", 0.95)] if clinic in t else []
                    for t in texts]

    paths = []
    for name, text in (("a", f"转诊自{clinic}，病情稳定。"), ("b", f"复查：{clinic}，下周。")):
        start = text.index(clinic)
        row = {"text": text, "lang": "zh",
               "phi": [{"start": start, "end": start + len(clinic), "category": "ORGANIZATION"}]}
        (tmp_path / name).mkdir()
        paths.append(tmp_path / name / "phi.jsonl")
        paths[-1].write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    a, b = (prepare(p, "fake", Clinic()) for p in paths)
    assert counts(a + b)["ORGANIZATION"] == counts(a)["ORGANIZATION"] + counts(b)["ORGANIZATION"]
    cache = tmp_path / "cache"
    first = tune(paths, "fake", span_model=Clinic(), cross=True, compare=True, rules_cache=cache)
    assert len(list(cache.glob("*.pkl"))) == 2
    again = tune(paths, "fake", span_model=Clinic(), cross=True, compare=True, rules_cache=cache)
    assert first == again
    # the clinic at 0.95 gains alike at every threshold up to 0.95: recall first takes the lowest, gain the highest
    assert first["thresholds"]["ORGANIZATION"] == 0.3
    assert first["by_rule"]["gain"]["thresholds"]["ORGANIZATION"] == 0.95
