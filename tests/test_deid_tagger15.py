"""The session-15 PHI tagger (issue 18, branch tagger15): warm-started from the shipped weights (their torch net
rebuilt from the ONNX export, vocabulary kept), trained on more writers' sets, thresholds on two held-out groups."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from oncostruct.models.nn import NerNet
from oncostruct.training.export import export_onnx
from oncostruct.training.onnx_warm import net_from_onnx, state_from_onnx

pytest.importorskip("onnxruntime")

MODEL = {"kind": "crf", "labels": ["NAME", "DATE", "AGE"], "emb_dim": 16, "hidden": 8, "dropout": 0.0,
         "cnn_channels": 6, "head_dim": 4, "bigram_buckets": 50, "bigram_dim": 4}


def _exported(tmp_path: Path, layers: int) -> tuple[NerNet, Path]:
    torch.manual_seed(layers)
    m = dict(MODEL, layers=layers)
    net = NerNet("crf", 30, len(m["labels"]), emb_dim=m["emb_dim"], hidden=m["hidden"], layers=layers,
                 dropout=0.0, cnn_channels=m["cnn_channels"], head_dim=m["head_dim"],
                 bigram_buckets=m["bigram_buckets"], bigram_dim=m["bigram_dim"])
    with torch.no_grad():
        for p in net.crf.parameters():
            p.uniform_(-1, 1)
    export_onnx(net, tmp_path / "model.onnx")
    np.savez(tmp_path / "crf.npz", **{k: getattr(net.crf, k).detach().numpy() for k in ("transitions", "start", "end")})
    (tmp_path / "manifest.json").write_text(json.dumps({"config": {"model": m}}), encoding="utf-8")
    return net, tmp_path


@pytest.mark.parametrize("layers", [1, 2])
def test_torch_weights_rebuilt_from_the_onnx_export_are_the_trained_ones(tmp_path: Path, layers: int) -> None:
    net, folder = _exported(tmp_path, layers)
    state = state_from_onnx(folder, dict(MODEL, layers=layers))
    want = net.state_dict()
    assert set(state) == set(want)
    for key, val in want.items():
        assert torch.allclose(state[key], val, atol=1e-6), key
    assert net_from_onnx(folder).kind == "crf"   # and its emissions match the ONNX graph's


def test_a_wrong_gate_order_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, folder = _exported(tmp_path, 1)
    monkeypatch.setattr("oncostruct.training.onnx_warm._ONNX_TO_TORCH_GATES", (0, 1, 2, 3))
    with pytest.raises(ValueError, match="differs"):
        net_from_onnx(folder)


def test_transfer_scores_each_set_at_thresholds_chosen_on_the_others(tmp_path: Path) -> None:
    from oncostruct.eval.deid_tune import tune

    clinic = "青蛙湾康养坊"   # an invented clinic name the rules do not know
    text = f"转诊自{clinic}，病情稳定。"
    row = {"text": text, "lang": "zh", "phi": [{"start": 3, "end": 3 + len(clinic), "category": "ORGANIZATION"}]}
    paths = []
    for name in ("a", "b"):
        paths.append(tmp_path / f"{name}.jsonl")
        paths[-1].write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")

    class Clinic:
        def predict(self, texts: list[str]) -> list[list[tuple[int, int, str, float]]]:
            return [[(t.find(clinic), t.find(clinic) + len(clinic), "ORGANIZATION", 0.95)] if clinic in t else []
                    for t in texts]

    got = tune(paths, "fake", span_model=Clinic(), cross=True)
    assert "ORGANIZATION" in got["thresholds"]
    for name in map(str, paths):
        side = got["transfer"][name]
        assert side["thresholds_from_the_others"] == got["thresholds"]
        org = side["per_category (held-out: thresholds from the others; tuned: from all)"]["ORGANIZATION"]
        assert org["held_out"]["recall"][1] == org["tuned"]["recall"][1] == 1.0 > org["held_out"]["recall"][0]


ROOT = Path(__file__).resolve().parents[1]
HELD_OUT = ("phi14d", "phi15")


@pytest.mark.parametrize("config", ["deid15.yaml", "deid16.yaml", "deid17.yaml"])   # + test_deid_tagger16 / _labelnorm17
def test_recipe_warm_starts_and_never_reads_the_held_out_or_blind_sets(config: str) -> None:
    from oncostruct.training.config import load_config as load_training_config

    path = ROOT / "training" / "configs" / config
    cfg = load_training_config(path)
    assert cfg.train.threads == 1 and cfg.train.stop_minutes and cfg.train.stop_minutes >= cfg.train.max_minutes
    assert cfg.train.init_from is not None
    text = path.read_text(encoding="utf-8")
    recipe = text.split("Never trained on")[0] + text.split("Written by")[1]
    assert not any(h in recipe for h in HELD_OUT) and "/work/blind" not in text
    assert "--augment 1" in text and "phi16t1" in text and "phi16t2" in text


def test_thresholds_are_on_the_grid_and_those_tuned_on_both_held_out_sets() -> None:
    from oncostruct.engine.deid import PHI_CATEGORIES
    from oncostruct.eval.deid_tune import GRID
    from oncostruct.extractors.deid.config import load_config
    from oncostruct.models.registry import weights_dir

    thresholds = load_config().model_tagger.thresholds
    assert set(thresholds) <= set(PHI_CATEGORIES) and all(t in GRID for t in thresholds.values())
    manifest = weights_dir() / "deid" / "manifest.json"
    if not manifest.exists():
        pytest.skip("deid weights not released in this checkout")
    m = json.loads(manifest.read_text(encoding="utf-8"))
    assert not any(h in s or "/work/blind" in s for s in m["data"]["sources"] for h in HELD_OUT)
    assert all(any(h in k for k in m["data"]["held_out"]) for h in HELD_OUT)
    tuned = m["thresholds_tuned_on_phi14d_phi15"]
    assert tuned["shipped"] == thresholds
    assert set(thresholds) <= set(tuned["thresholds"]) | set(tuned.get("kept_untuned", {}))   # session 16: ADDRESS
    assert "NAME" not in thresholds   # tuned 0.98, but it reads `influenza A. May` as a name (test_deid_en13.py)
    assert set(tuned["transfer (each set at thresholds chosen on the other)"]) == set(HELD_OUT)
    assert m["onnx"]["size_bytes"] < 50 * 2**20 and m["data"]["warm_start"]
