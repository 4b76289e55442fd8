"""CCKS2019 tumour scoring on hand-made examples, and the run() bench entry."""
import json
from pathlib import Path

import pytest

from oncostruct.eval.tumour import prf, run, score, write_dev_split

FIXTURES = Path(__file__).parent / "fixtures"


def test_prf_edge_cases() -> None:
    assert prf(0, 0, 0)["f1"] == 0.0
    assert prf(2, 4, 2) == {"p": 0.5, "r": 1.0, "f1": 0.6667, "tp": 2, "n_pred": 4, "n_gold": 2}


def test_set_level_exact_match() -> None:
    gold = [{"primary_site": ["右肺"], "primary_size": ["3.0CM"], "metastasis_sites": ["肝", "骨"]},
            {"primary_site": ["左乳"], "primary_size": [], "metastasis_sites": []}]
    pred = [{"primary_site": ["右肺上叶"], "primary_size": ["3.0CM"], "metastasis_sites": ["肝", "肝", "脑"]},
            {"primary_site": ["左乳"], "primary_size": [], "metastasis_sites": []}]
    s = score(gold, pred)
    assert s["n"] == 2
    assert s["per_field"]["primary_site"] == pytest.approx({"p": 0.5, "r": 0.5, "f1": 0.5, "tp": 1, "n_pred": 2, "n_gold": 2})
    assert s["per_field"]["primary_size"]["f1"] == 1.0
    ms = s["per_field"]["metastasis_sites"]  # duplicates count once
    assert (ms["tp"], ms["n_pred"], ms["n_gold"]) == (1, 2, 2)
    assert (s["micro"]["tp"], s["micro"]["n_pred"], s["micro"]["n_gold"]) == (3, 5, 5)
    assert s["micro"]["f1"] == 0.6


def test_misaligned_inputs_raise() -> None:
    with pytest.raises(ValueError):
        score([{"primary_site": []}], [])


def test_run_on_fixture() -> None:
    out = run(FIXTURES / "tumour_mini.jsonl")
    assert out["task"] == "tumour" and out["n"] == 2
    ps = out["per_field"]["primary_site"]
    assert (ps["tp"], ps["n_gold"]) == (2, 2)
    assert out["per_field"]["primary_size"]["f1"] == 1.0
    ms = out["per_field"]["metastasis_sites"]
    assert (ms["tp"], ms["n_gold"]) == (2, 3)  # "骨" is not in the text
    assert 0 < out["micro"]["f1"] < 1


def test_unknown_model_is_refused() -> None:
    with pytest.raises(ValueError):
        run(FIXTURES / "tumour_mini.jsonl", model="bert")


def test_write_dev_split(tmp_path: Path) -> None:
    src = tmp_path / "all.jsonl"
    src.write_text("".join(json.dumps({"id": f"r{i}", "text": "x"}) + "\n" for i in range(200)), encoding="utf-8")
    train, dev = write_dev_split(src, tmp_path / "split")
    n_train = len(train.read_text(encoding="utf-8").splitlines())
    n_dev = len(dev.read_text(encoding="utf-8").splitlines())
    assert n_train + n_dev == 200 and 5 < n_dev < 40
