"""Threshold tuning of the PHI tagger simulates the propagation of its spans (issue 18, branch deidtagger12): a
value the tagger finds once counts at its other occurrences in the document too, as the detector spreads it."""
from __future__ import annotations

import json
from pathlib import Path

from oncostruct.eval.deid_tune import tune

# an invented clinic name the rules do not know, written twice; the tagger sees only its first occurrence
TEXT = "转诊自青蛙湾康养坊，病情稳定。随访：下周回青蛙湾康养坊复查。"
CLINIC = "青蛙湾康养坊"


class FirstOnly:
    """Predicts ``value`` as ORGANIZATION at its first occurrence only, with a fixed confidence."""

    def __init__(self, value: str, confidence: float) -> None:
        self.value, self.confidence = value, confidence

    def predict(self, texts: list[str]) -> list[list[tuple[int, int, str, float]]]:
        return [[(t.find(self.value), t.find(self.value) + len(self.value), "ORGANIZATION", self.confidence)]
                if self.value in t else [] for t in texts]


def _set(tmp_path: Path) -> Path:
    starts = [i for i in range(len(TEXT)) if TEXT.startswith(CLINIC, i)]
    assert len(starts) == 2
    row = {"text": TEXT, "lang": "zh", "phi": [{"start": i, "end": i + len(CLINIC), "category": "ORGANIZATION"}
                                               for i in starts]}
    path = tmp_path / "phi.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_tagger_span_counts_where_its_value_recurs(tmp_path: Path) -> None:
    data = _set(tmp_path)
    spread = tune(data, "fake", span_model=FirstOnly(CLINIC, 0.95))["per_category"]["ORGANIZATION"]
    alone = tune(data, "fake", span_model=FirstOnly(CLINIC, 0.95), spread=False)["per_category"]["ORGANIZATION"]
    assert spread["recall"][1] == 1.0
    assert alone["recall"][1] < 1.0
    assert spread["recall"][0] == alone["recall"][0] < 1.0   # the rules alone miss the clinic


def test_span_under_the_propagation_confidence_does_not_spread(tmp_path: Path) -> None:
    # 0.5 passes the grid's low thresholds but not propagation's min_confidence (0.7): only the first occurrence
    got = tune(_set(tmp_path), "fake", span_model=FirstOnly(CLINIC, 0.5))["per_category"]["ORGANIZATION"]
    assert got["threshold"] is not None and got["recall"][1] < 1.0


def test_precision_floor_is_the_rules_own_where_they_are_under_the_minimum() -> None:
    from oncostruct.eval.deid_tune import _precise_enough

    assert _precise_enough(1000, 910, 800, 720, 0.90)        # 0.91 >= 0.90
    assert not _precise_enough(1000, 880, 800, 760, 0.90)    # rules at 0.95: 0.88 is under the minimum
    assert _precise_enough(1000, 880, 800, 696, 0.90)        # rules at 0.87: 0.88 keeps them no worse
    assert not _precise_enough(1000, 860, 800, 696, 0.90)    # 0.86 is worse than the rules' 0.87
    assert not _precise_enough(0, 0, 0, 0, 0.90)
