"""Strict entity scoring agrees with seqeval on flat data; per-label support and edge cases."""
from __future__ import annotations

import random

import pytest

from oncostruct.training.entity_metrics import score
from oncostruct.training.readers import bio_to_spans, spans_to_bio

LABELS = ["疾病和诊断", "药物", "解剖部位"]


def _random_doc(rng: random.Random, n: int = 40) -> list[tuple[int, int, str]]:
    spans, pos = [], 0
    while pos < n - 1:
        pos += rng.randint(0, 4)
        length = rng.randint(1, 5)
        if pos + length > n:
            break
        spans.append((pos, pos + length, rng.choice(LABELS)))
        pos += length
    return spans


def _perturb(rng: random.Random, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out = []
    for s, e, lab in spans:
        r = rng.random()
        if r < 0.15:
            continue  # missed
        if r < 0.3:
            lab = rng.choice(LABELS)  # maybe wrong type
        elif r < 0.4 and e - s > 1:
            e -= 1  # boundary error
        out.append((s, e, lab))
    return out


def test_matches_seqeval_on_flat_random_data():
    seqeval = pytest.importorskip("seqeval.metrics")
    rng = random.Random(3)
    gold = [_random_doc(rng) for _ in range(60)]
    pred = [_perturb(rng, g) for g in gold]
    ours = score(gold, pred)
    y_true = [spans_to_bio(40, g) for g in gold]
    y_pred = [spans_to_bio(40, p) for p in pred]
    assert [bio_to_spans(t) for t in y_true] == gold
    assert ours["micro"]["p"] == pytest.approx(seqeval.precision_score(y_true, y_pred), abs=1e-6)
    assert ours["micro"]["r"] == pytest.approx(seqeval.recall_score(y_true, y_pred), abs=1e-6)
    assert ours["micro"]["f1"] == pytest.approx(seqeval.f1_score(y_true, y_pred), abs=1e-6)
    report = seqeval.classification_report(y_true, y_pred, output_dict=True)
    for lab in LABELS:
        assert ours["per_label"][lab]["f1"] == pytest.approx(report[lab]["f1-score"], abs=1e-6)
        assert ours["per_label"][lab]["support"] == report[lab]["support"]


def test_strict_matching_and_nested():
    gold = [[(0, 4, "dis"), (0, 2, "bod")]]
    pred = [[(0, 4, "dis"), (0, 3, "bod"), (5, 6, "sym")]]
    out = score(gold, pred)
    assert out["n"] == 1
    assert out["micro"] == {"p": pytest.approx(1 / 3, abs=1e-6), "r": 0.5, "f1": pytest.approx(0.4, abs=1e-6)}
    assert out["per_label"]["sym"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "support": 0}
    assert out["per_label"]["bod"]["support"] == 1


def test_empty_predictions_score_zero():
    out = score([[(0, 1, "X")]], [[]])
    assert out["micro"] == {"p": 0.0, "r": 0.0, "f1": 0.0}


def test_calibration_error():
    from oncostruct.training.entity_metrics import calibration_error

    assert calibration_error([0.9] * 10, [True] * 9 + [False]) == pytest.approx(0.0, abs=1e-9)
    assert calibration_error([1.0, 1.0], [False, False]) == pytest.approx(1.0)


def test_bootstrap_interval_contains_the_point_estimate_and_narrows_with_more_documents():
    from oncostruct.training.entity_metrics import bootstrap_f1

    rng = random.Random(3)
    gold, pred = [], []
    for _ in range(200):
        g = {(i, i + 2, "X") for i in range(0, 20, 4) if rng.random() < 0.7}
        gold.append(g)
        pred.append({t for t in g if rng.random() < 0.8} | ({(1, 2, "X")} if rng.random() < 0.3 else set()))
    point = score(gold, pred)["micro"]["f1"]
    lo, hi = bootstrap_f1(gold, pred, rounds=300)
    small_lo, small_hi = bootstrap_f1(gold[:20], pred[:20], rounds=300)
    assert lo < point < hi
    assert hi - lo < small_hi - small_lo
    assert bootstrap_f1(gold, gold, rounds=50) == (1.0, 1.0)
