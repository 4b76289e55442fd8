"""The session-14 PHI tagger (issue 18, branch deidtagger14): trained without the dev set its thresholds were chosen
on, the recipe and its provenance written down. Its weights were replaced in session 15 (test_deid_tagger15.py pins
the shipped manifest and thresholds); its recipe stays, the warm start's origin."""
from __future__ import annotations

from pathlib import Path

from oncostruct.training.config import load_config as load_training_config

ROOT = Path(__file__).resolve().parents[1]


def test_recipe_validates_and_never_reads_the_dev_or_blind_sets() -> None:
    path = ROOT / "training" / "configs" / "deid14.yaml"
    cfg = load_training_config(path)
    assert cfg.train.threads == 1 and cfg.train.stop_minutes and cfg.train.stop_minutes >= cfg.train.max_minutes
    text = path.read_text(encoding="utf-8")
    assert "phi14d" not in text.split("Never trained on")[0] and "/work/blind" not in text
    assert "--augment 1" in text
