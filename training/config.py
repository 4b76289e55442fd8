"""Declarative NER training configs (YAML), validated by pydantic before anything heavy loads."""
from __future__ import annotations

from pathlib import Path
from typing import Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from oncostruct.engine.errors import ConfigError


class StrictModel(BaseModel):
    """A config section: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid")


_Strict = StrictModel
M = TypeVar("M", bound=BaseModel)


class DataConfig(_Strict):
    train: Path = Field(description="training file; the dev split is carved from it")
    format: Literal["jsonl", "conll", "label_studio"] = "jsonl"
    vocab_from: list[Path] = Field(default_factory=list, description="extra training files whose characters join the vocabulary")
    dev_seed: int | None = Field(default=None, description="split seed; None = training.splits.DEFAULT_SEED")
    max_len: int = Field(default=256, ge=16, description="training chunks are cut to at most this many characters")
    limit: int | None = Field(default=None, description="use only the first N training examples (smoke runs)")


class ModelConfig(_Strict):
    kind: Literal["crf", "span"]
    labels: list[str]
    emb_dim: int = 128
    hidden: int = 256
    layers: int = 2
    dropout: float = Field(default=0.3, ge=0.0, lt=1.0)
    cnn_channels: int = 0
    head_dim: int = 64
    lac_init: bool = True
    bigram_buckets: int = Field(default=0, ge=0, description="hashed character-bigram embedding rows (0 = off)")
    bigram_dim: int = 64


class TrainConfig(_Strict):
    seed: int = 13
    epochs: int = Field(default=20, ge=1)
    batch_size: int = 32
    lr: float = 2e-3
    emb_lr: float | None = Field(default=None, description="learning rate for the embedding matrix (default lr)")
    crf_lr: float | None = Field(default=None, description="learning rate for the CRF transitions (default lr)")
    weight_decay: float = 0.0
    clip: float = 5.0
    patience: int = Field(default=5, description="stop after this many epochs without a dev F1 gain")
    threads: int = 2
    max_steps: int | None = Field(default=None, description="cap on optimiser steps per epoch (tests, smoke runs)")
    max_minutes: float | None = Field(default=None, description="wall-clock budget: no new epoch starts after it")
    stop_minutes: float | None = Field(default=None, description="hard wall-clock stop: the epoch under way ends "
                                       "early there (its dev score is still taken), so a run ends on time")
    init_from: Path | None = Field(default=None, description="warm start: a weights folder (model.pt + vocab.json) "
                                   "of the same architecture; its vocabulary is reused and its dev F1 is epoch 0")


class ExportConfig(_Strict):
    out_dir: Path = Field(description="models/weights/<name>")
    window: int = 256
    overlap: int = 64


class NerTrainConfig(_Strict):
    name: str
    version: str = "1"
    data: DataConfig
    model: ModelConfig
    train: TrainConfig = TrainConfig()
    export: ExportConfig


def read_config(path: Path, model: type[M], what: str, **overrides: object) -> M:
    """Read a YAML config and validate it as ``model``; ``overrides`` are dotted keys (``train.epochs=2``).
    Relative paths are kept as written (resolved against the cwd)."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        for dotted, value in overrides.items():
            node = raw
            *parents, leaf = dotted.split(".")
            for p in parents:
                node = node.setdefault(p, {})
            node[leaf] = value
        return model.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError, AttributeError) as exc:
        raise ConfigError(f"invalid {what} config {path}: {exc}") from exc


def load_config(path: Path, **overrides: object) -> NerTrainConfig:
    """Read and validate a NER training config."""
    return read_config(path, NerTrainConfig, "training", **overrides)
