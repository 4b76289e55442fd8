"""Calibration metrics, calibrators and the calibration bench on a tiny NER model."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from oncostruct.eval.bench import TASKS
from oncostruct.eval.calibration import calibrate_model, data_for, summarise
from oncostruct.eval.calibration_math import Isotonic, apply_temperature, cross_fit, ece, fit_temperature, folds, reliability


def _overconfident(n: int = 4000, t: float = 2.5, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Confidences sharpened by temperature ``1/t`` around a calibrated truth."""
    rng = np.random.default_rng(seed)
    true_p = rng.uniform(0.05, 0.95, n)
    correct = (rng.uniform(size=n) < true_p).astype(float)
    return apply_temperature(true_p, 1 / t), correct


def test_ece_of_calibrated_and_overconfident_predictions() -> None:
    rng = np.random.default_rng(1)
    p = rng.uniform(size=20000)
    assert ece(p, (rng.uniform(size=p.size) < p).astype(float)) < 0.02
    conf, correct = _overconfident()
    assert ece(conf, correct) > 0.08
    assert ece(np.array([0.9, 0.9]), np.array([0.0, 0.0])) == pytest.approx(0.9)


def test_temperature_scaling_recovers_the_temperature() -> None:
    conf, correct = _overconfident(t=2.5)
    t = fit_temperature(conf, correct)
    assert 2.0 < t < 3.1
    assert ece(apply_temperature(conf, t), correct) < 0.03


def test_isotonic_is_monotone_and_calibrates() -> None:
    conf, correct = _overconfident()
    iso = Isotonic.fit(conf, correct)
    assert all(a <= b for a, b in zip(iso.y, iso.y[1:]))
    assert ece(iso(conf), correct) < 0.03


def test_cross_fitted_calibration_is_held_out_and_helps() -> None:
    conf, correct = _overconfident()
    fold = folds([f"doc{i % 500}" for i in range(conf.size)])
    assert set(fold) == {0, 1}
    for method in ("temperature", "isotonic"):
        assert ece(cross_fit(conf, correct, fold, method), correct) < ece(conf, correct) / 2


def test_reliability_bins_count_everything() -> None:
    conf, correct = _overconfident(n=500)
    bins = reliability(conf, correct)
    assert sum(b["n"] for b in bins) == 500 and all(0 <= b["acc"] <= 1 for b in bins)


def test_summary_reports_before_and_after() -> None:
    conf, correct = _overconfident(n=800)
    s = summarise([f"d{i}" for i in range(800)], conf, correct, conf, 1.0)
    assert s["ece_temperature_cv"] < s["ece_raw"] and s["ece_stored"] == s["ece_raw"]
    assert s["temperature_dev"] > 1.5


def test_calibration_task_is_registered() -> None:
    assert TASKS["calibration"] == "oncostruct.eval.calibration:run"


def _tiny_corpus(path: Path) -> Path:
    rng = np.random.default_rng(3)
    drugs, sites = ["顺铂", "紫杉醇", "吉西他滨", "奥希替尼"], ["右肺上叶", "肝右叶", "左乳", "胃窦"]
    lines = []
    for i in range(60):
        d, s = drugs[rng.integers(4)], sites[rng.integers(4)]
        text = f"患者{s}占位，给予{d}治疗。"
        ents = [{"start": 2, "end": 2 + len(s), "label": "解剖部位", "text": s}]
        start = text.index(d)
        ents.append({"start": start, "end": start + len(d), "label": "药物", "text": d})
        lines.append(json.dumps({"id": f"t{i}", "text": text, "entities": ents}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_calibration_bench_on_a_tiny_ner_model(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    from oncostruct.training.config import NerTrainConfig
    from oncostruct.training.train_ner import train

    data = _tiny_corpus(tmp_path / "tiny.jsonl")
    cfg = NerTrainConfig.model_validate({
        "name": "tiny", "data": {"train": str(data), "max_len": 32},
        "model": {"kind": "crf", "labels": ["解剖部位", "药物"], "emb_dim": 16, "hidden": 16, "layers": 1, "lac_init": False},
        "train": {"epochs": 6, "batch_size": 8, "lr": 0.02, "threads": 1}, "export": {"out_dir": str(tmp_path / "model"), "window": 64}})
    train(cfg)
    out = calibrate_model(tmp_path / "model", data, fig_dir=tmp_path / "fig", cal_dir=tmp_path / "cal")
    part = out["parts"]["entities"]
    assert part["n"] > 0 and 0 <= part["ece_raw"] <= 1 and 0 <= part["ece_temperature_cv"] <= 1
    png = Path(out["reliability_png"])
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    stored = json.loads((tmp_path / "cal" / "tiny.json").read_text(encoding="utf-8"))
    assert stored["parts"]["entities"]["temperature"] > 0
    manifest = json.loads((tmp_path / "model" / "manifest.json").read_text(encoding="utf-8"))
    assert data_for(manifest, data) == data


def test_isotonic_pools_tied_confidences() -> None:
    iso = Isotonic.fit(np.full(10, 0.7), np.array([1, 0, 1, 1, 0, 1, 1, 1, 0, 1.0]))
    assert iso.x == [0.7] and iso.y == [pytest.approx(0.7)]


def test_petct_rule_fields_are_scored_against_answers(tmp_path: Path) -> None:
    from oncostruct.eval.calibration import petct_rule_items

    text = "胃窦部胃壁不规则增厚，SUVmax 7.4。肝右叶见多发低密度灶。\t诊断意见：1. 胃窦癌。2. 肝右叶多发转移瘤。"
    data = tmp_path / "t.jsonl"
    data.write_text(json.dumps({"id": "1", "text": text, "primary_site": ["胃窦"], "primary_size": [],
                                "metastasis_sites": ["肝右叶"]}, ensure_ascii=False) + "\n", encoding="utf-8")
    keys, conf, correct, stored, t, _, _ = petct_rule_items(data)["ccks_fields"]
    assert len(keys) == conf.size == correct.size >= 2 and t == 1.0
    assert correct.sum() >= 1 and all(0 < c <= 1 for c in conf)


def test_softmax_temperature_scaling_for_multiclass_heads() -> None:
    from oncostruct.eval.calibration_math import fit_softmax_temperature, top_confidence

    rng = np.random.default_rng(5)
    true_logits = rng.normal(0, 1.5, size=(3000, 4))
    p = np.exp(true_logits) / np.exp(true_logits).sum(axis=1, keepdims=True)
    gold = np.array([rng.choice(4, p=row) for row in p])
    sharpened = true_logits * 3  # an overconfident model
    t = fit_softmax_temperature(sharpened, gold)
    assert 2.4 < t < 3.6
    correct = (sharpened.argmax(axis=1) == gold).astype(float)
    assert ece(top_confidence(sharpened, t), correct) < ece(top_confidence(sharpened), correct) / 2
    keys = [f"k{i}" for i in range(3000)]
    s = summarise(keys, top_confidence(sharpened), correct, top_confidence(sharpened), 1.0, sharpened, gold)
    assert s["temperature_dev"] == pytest.approx(t, abs=1e-3) and s["ece_temperature_cv"] < s["ece_raw"]
