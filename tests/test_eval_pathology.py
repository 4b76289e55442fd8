"""Pathology bench metrics on hand-made examples, the bench output format, and the Chinese set."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from oncostruct.engine.cdm import Field, Source
from oncostruct.training.classify_metrics import accuracy, binary_auroc, ece, macro_auroc, macro_f1, summary
from oncostruct.eval.pathology import score
from oncostruct.eval.pathology_fields import evaluate, same, score_fields

ZH_SET = Path(__file__).resolve().parent / "fixtures" / "pathology_zh_set"
EN_SET = Path(__file__).resolve().parent / "fixtures" / "pathology_en_set"


def test_accuracy_and_macro_f1_by_hand() -> None:
    gold = ["T1", "T1", "T2", "T3"]
    pred = ["T1", "T2", "T2", "T2"]
    assert accuracy(gold, pred) == 0.5
    # F1: T1 = 2·1/(2+0+1) = 2/3, T2 = 2·1/(2+2+0) = 1/2, T3 = 0 → mean 7/18
    assert macro_f1(gold, pred) == pytest.approx(7 / 18)
    assert accuracy([], []) is None


def test_auroc_by_hand() -> None:
    pos = np.array([True, True, False, False])
    assert binary_auroc(pos, np.array([0.9, 0.8, 0.3, 0.1])) == 1.0
    assert binary_auroc(pos, np.array([0.1, 0.2, 0.8, 0.9])) == 0.0
    assert binary_auroc(pos, np.array([0.9, 0.3, 0.5, 0.1])) == 0.75  # one of four pairs misordered
    assert binary_auroc(pos, np.array([0.5, 0.5, 0.5, 0.5])) == 0.5  # ties count half
    assert binary_auroc(np.array([True, True]), np.array([0.1, 0.2])) is None
    classes = ["A", "B", "C"]
    proba = np.array([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4], [0.6, 0.3, 0.1]])
    gold = ["A", "B", "C", "B"]
    # A: pos {0.8}, neg {0.2,0.3,0.6} → 1; B: pos {0.7,0.3} vs {0.1,0.3} → (1+1+0.5+1)/4; C: 1
    assert macro_auroc(gold, proba, classes) == pytest.approx((1 + 0.875 + 1) / 3)
    # class D absent from gold is left out of the average
    assert macro_auroc(gold, np.hstack([proba, np.zeros((4, 1))]), classes + ["D"]) == pytest.approx((1 + 0.875 + 1) / 3)


def test_ece_is_zero_when_confidence_matches_accuracy() -> None:
    proba = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert ece(["A", "B"], proba, ["A", "B"]) == 0.0
    assert ece(["B", "A"], proba, ["A", "B"]) == 1.0


def test_bench_score_format_and_stated_split() -> None:
    rows = [
        {"head": "t_stage", "gold": "T2", "best": "T2", "stated": True, "proba": {"T1": 0.02, "T2": 0.96, "T3": 0.01, "T4": 0.01},
         "model_proba": {"T1": 0.3, "T2": 0.4, "T3": 0.2, "T4": 0.1}},
        {"head": "t_stage", "gold": "T3", "best": "T2", "stated": False, "proba": {"T1": 0.1, "T2": 0.5, "T3": 0.3, "T4": 0.1},
         "model_proba": {"T1": 0.1, "T2": 0.5, "T3": 0.3, "T4": 0.1}},
        {"head": "cancer_type", "gold": "BRCA", "best": "BRCA", "stated": False, "proba": {"BRCA": 0.9, "LUAD": 0.1},
         "model_proba": {"BRCA": 0.9, "LUAD": 0.1}},
    ]
    classes = {"t_stage": ["T1", "T2", "T3", "T4"], "cancer_type": ["BRCA", "LUAD"]}
    fields = score(rows, classes)
    assert set(fields) == {"cancer_type", "t_stage", "n_stage", "m_stage", "ajcc_stage"}
    t = fields["t_stage"]
    assert {"accuracy", "macro_f1", "macro_auroc", "n"} <= set(t)
    assert t["accuracy"] == 0.5 and t["n"] == 2
    assert t["stated"] == {"accuracy": 1.0, "n": 1, "coverage": 0.5}
    assert t["model_only"]["accuracy"] == 0.5
    assert fields["n_stage"]["n"] == 0 and fields["n_stage"]["accuracy"] is None
    assert summary(["A"], np.array([[0.7, 0.3]]), ["A", "B"])["accuracy"] == 1.0


def test_zh_scoring_rules() -> None:
    src = Source(kind="rule", name="t", version="1")
    fields = [
        Field(name="pathology.pT", normalized={"prefix": "p", "category": "T2a"}, confidence=0.9, source=src),
        Field(name="pathology.ihc[0]", normalized={"marker": "ER", "result": "positive", "percent": 90.0, "intensity": None},
              confidence=0.9, source=src),
        Field(name="pathology.tumor_size", normalized=[3.2, 2.0], confidence=0.9, source=src),
    ]
    gold = {"pathology.pT": {"prefix": "p", "category": "T2a"}, "pathology.pN": None,
            "pathology.ihc": [{"marker": "ER", "percent": 90}, {"marker": "PR", "result": "negative"}],
            "pathology.tumor_size": [3.2, 2.0], "pathology.margin": "negative"}
    ok = [r["ok"] for r in score_fields(fields, gold)]
    assert ok == [True, True, True, False, True, False]
    assert same(True, True) and not same(True, 1) and same([1.0, 2], [1, 2.0]) and not same([1], [1, 2])


def test_chinese_set_is_large_and_varied_enough() -> None:
    cases = [json.loads(line) for line in (ZH_SET / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(cases) >= 30
    texts = "\n".join((ZH_SET / c["file"]).read_text(encoding="utf-8") for c in cases)
    for habit in ("第4组（1/4）", "PL1", "脉管内癌栓", "神经侵犯", "切缘", "免疫组化：", "分子检测", "ypT", "腺泡型"):
        assert habit in texts, habit
    sites = {c["fields"].get("pathology.primary_site") for c in cases}
    assert {"Right upper lobe of lung", "Left breast", "Rectum", "Gastric antrum", "Oesophagus", "Thyroid gland", "Liver"} <= sites


def test_chinese_set_field_accuracy() -> None:
    result = evaluate(ZH_SET)
    assert result["documents"] >= 30 and result["n"] >= 300
    assert result["accuracy"] >= 0.95, result["failures"]
    # reports written after the first round of rule fixes (measured 0.925 before four more fixes; regression guard)
    assert result["sets"]["heldout"]["documents"] >= 8 and result["sets"]["heldout"]["accuracy"] >= 0.9


def test_bench_input_errors_name_the_line(tmp_path) -> None:
    from oncostruct.engine.errors import InputError
    from oncostruct.eval.pathology import read_records

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "x"}\n\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:3: not a JSON line"):
        list(read_records(bad))
    bad.write_text('["a list"]\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:1: expected a JSON object"):
        list(read_records(bad))


def test_english_set_field_accuracy() -> None:
    """22 synthetic TCGA-style English reports, gold written blind to the extractor (en01-16: 0.925 before the
    fixes made on en01-en10; en17-22, "blind2", written later by a separate author: 0.843 before the fixes they
    prompted; see RESULTS.md): the regression guard for English fields."""
    result = evaluate(EN_SET)
    assert result["documents"] == 22 and result["n"] >= 300
    assert result["accuracy"] >= 0.95, result["failures"]
    assert result["sets"]["heldout"]["documents"] == 6 and result["sets"]["heldout"]["accuracy"] >= 0.95
    assert result["sets"]["blind2"]["documents"] == 6 and result["sets"]["blind2"]["accuracy"] >= 0.9
    for name in ("pathology.ihc", "pathology.ln_examined", "pathology.pT", "pathology.ajcc_stage"):
        assert result["fields"][name]["accuracy"] >= 0.95, (name, result["fields"][name])


def test_null_list_gold_means_nothing_extracted() -> None:
    fields = [Field(name="pathology.ihc[0]", value="ER+", normalized={"marker": "ER", "result": "positive"},
                    confidence=0.9, source=Source(kind="rule", name="t", version="1"))]
    assert [r["ok"] for r in score_fields(fields, {"pathology.ihc": None})] == [False]
    assert [r["ok"] for r in score_fields([], {"pathology.ihc": None})] == [True]


def test_site_consistency_fractions() -> None:
    from oncostruct.models.tcga_labels import PROJECT_ORGANS, site_consistency

    pairs = [("BRCA", "breast"), ("KIRC", "adrenal gland"), ("COAD", "rectum"), ("OV", None), ("xx", "lung"), (None, "lung")]
    assert site_consistency(pairs) == {"n": 4, "consistent": 0.5, "other_organ": 0.25, "no_site": 0.25}
    assert site_consistency([]) == {"n": 0, "consistent": None, "other_organ": None, "no_site": None}
    assert len(PROJECT_ORGANS) == 32
