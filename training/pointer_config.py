"""Declarative config of the tumour pointer model (``oncostruct train pointer``), validated by pydantic."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from oncostruct.training.config import StrictModel as _Strict, read_config


class PointerData(_Strict):
    train: Path = Field(description="CCKS2019 tumour train.jsonl (part a and part b)")
    unlabelled: Path | None = Field(default=None, description="unlabelled texts (masked-character pre-training)")
    normalise: Path = Field(default=Path("training/configs/pointer_normalise.yaml"))
    part_b_oversample: int = Field(default=0, ge=0, description="stage 1: copies of each part-b record per epoch "
                                   "(0 = stage 1 sees part a only, so its model is shared by every CV fold)")


class PointerModelConfig(_Strict):
    emb_dim: int = 128
    hidden: int = 96
    layers: int = 1
    dropout: float = Field(default=0.3, ge=0.0, lt=1.0)
    cnn_channels: int = 64
    encoder: Literal["lstm", "cnn"] = "lstm"
    field_dim: int = 32
    cond_dim: int = 96
    lac_init: bool = True


class PointerTrain(_Strict):
    seed: int = 13
    epochs: int = Field(default=4, ge=1)
    batch_size: int = 16
    lr: float = 3e-3
    lr_decay: float = Field(default=0.85, gt=0.0, le=1.0, description="learning rate × this after every epoch")
    pos_weight: float = 2.0
    clip: float = 5.0
    threads: int = 1
    finetune_epochs: int = Field(default=3, ge=0, description="stage 2: epochs on part b plus a part-a sample")
    finetune_oversample: int = Field(default=2, ge=1, description="stage 2: copies of each part-b record per epoch")
    finetune_part_a: int = Field(default=100, ge=0, description="stage 2: part-a records drawn (seeded) per run")
    finetune_lr: float = 1e-3
    pretrain_steps: int = Field(default=0, ge=0, description="masked-character steps on unlabelled + part-a texts")
    mlm_rate: float = 0.15
    max_minutes: float | None = None
    base_from: Path | None = Field(default=None, description="skip stage 1: a part-a base saved by the CV run "
                                   "(model.pt, vocab.json, history.json), trained with this same config")


class PointerExport(_Strict):
    out_dir: Path = Path("models/weights/pointer_tumour")
    threshold: float = Field(default=0.5, gt=0.0, lt=1.0)
    max_span: dict[str, int] = Field(default_factory=lambda: {"primary_site": 16, "primary_size": 24,
                                                                "metastasis_sites": 50})
    cv_report: Path | None = Field(default=None, description="part-b CV scoring JSON (eval.tumour_pointer_score): "
                                   "its figures, per-field modes and isotonic calibrators go into the manifest")


class PointerTrainConfig(_Strict):
    name: str = "pointer_tumour"
    version: str = "1"
    data: PointerData
    model: PointerModelConfig = PointerModelConfig()
    train: PointerTrain = PointerTrain()
    export: PointerExport = PointerExport()


def load_pointer_config(path: Path, **overrides: object) -> PointerTrainConfig:
    """Read and validate a YAML config; ``overrides`` are dotted keys (``train.epochs=2``)."""
    return read_config(path, PointerTrainConfig, "pointer", **overrides)
