"""Linear TF-IDF classifiers for TCGA pathology reports (cancer type, T, N, M, AJCC stage group).

Weights are plain arrays (``arrays.npz``: idf and per-head W/b) plus ``vocab.json`` and
``manifest.json`` (classes and the calibration temperature of every head): no pickled code.
Probabilities are ``softmax((x·Wᵀ + b) / T)`` with T fitted on out-of-fold logits.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from oncostruct.models.text_features import Featurizer, GramSpec

DEFAULT_MODEL = "tcga_pathology"
TRAINING_IDS = "training_ids.json"


@dataclass
class LinearHead:
    classes: list[str]
    weight: np.ndarray  # (n_classes, n_features)
    bias: np.ndarray  # (n_classes,)
    temperature: float = 1.0

    def logits(self, idx: np.ndarray, vals: np.ndarray) -> np.ndarray:
        return self.weight[:, idx] @ vals + self.bias

    def proba(self, idx: np.ndarray, vals: np.ndarray) -> np.ndarray:
        return softmax(self.logits(idx, vals) / self.temperature)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


@dataclass
class TcgaClassifier:
    featurizer: Featurizer
    heads: dict[str, LinearHead]
    version: str = "1"
    name: str = DEFAULT_MODEL
    uses_rule_tokens: bool = False  # trained with rule findings as tokens: pass them to predict()
    training_ids: frozenset[str] = frozenset()  # id_digest of every record the heads were fitted on

    def has_seen(self, record_id: Any) -> bool:
        """True when a record with this id was in the fit (its evaluation would be leaked)."""
        return record_id is not None and id_digest(record_id) in self.training_ids

    def predict(self, text: str, extra: Iterable[str] = ()) -> dict[str, dict[str, float]]:
        """Class probabilities of every head: ``{"t_stage": {"T1": 0.1, ...}, ...}``; ``extra`` are
        rule-finding tokens (see :func:`extractors.text.pathology_infer.rule_tokens`)."""
        idx, vals = self.featurizer.transform(text, extra)
        return {h: dict(zip(head.classes, map(float, head.proba(idx, vals)))) for h, head in self.heads.items()}


def id_digest(record_id: Any) -> str:
    """A short, one-way digest of a record id (the manifest lists these, not the ids)."""
    return hashlib.sha256(str(record_id).encode("utf-8")).hexdigest()[:16]


def save(out_dir: Path, featurizer: Featurizer, heads: dict[str, LinearHead], manifest: dict[str, Any],
         training_ids: list[str] = ()) -> dict[str, Any]:
    """Write vocab.json, arrays.npz, training_ids.json (id digests of the fitted records) and
    manifest.json (with file sizes and sha256) to ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "vocab.json").write_text(json.dumps(featurizer.vocab, ensure_ascii=False), encoding="utf-8")
    (out_dir / TRAINING_IDS).write_text(json.dumps(sorted(training_ids)) + "\n", encoding="utf-8")
    arrays = {"idf": featurizer.idf.astype(np.float32)}
    for h, head in heads.items():
        arrays[f"W_{h}"] = head.weight.astype(np.float32)
        arrays[f"b_{h}"] = head.bias.astype(np.float32)
    np.savez_compressed(out_dir / "arrays.npz", **arrays)
    manifest = dict(manifest)
    manifest["heads"] = {h: {"classes": head.classes, "temperature": head.temperature, **manifest.get("heads", {}).get(h, {})}
                         for h, head in heads.items()}
    manifest["files"] = {f: {"sha256": hashlib.sha256((out_dir / f).read_bytes()).hexdigest(),
                             "bytes": (out_dir / f).stat().st_size} for f in ("vocab.json", "arrays.npz", TRAINING_IDS)}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def load_dir(path: Path | str) -> TcgaClassifier:
    """A classifier from its folder (manifest.json, vocab.json, arrays.npz, training_ids.json if present)."""
    path = Path(path)
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    vocab = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
    with np.load(path / "arrays.npz") as z:
        featurizer = Featurizer(vocab, z["idf"], GramSpec.from_json(manifest.get("features", {}).get("gram_spec")))
        heads = {h: LinearHead(list(spec["classes"]), z[f"W_{h}"], z[f"b_{h}"], float(spec.get("temperature", 1.0)))
                 for h, spec in manifest["heads"].items()}
    ids_file = path / TRAINING_IDS
    seen = frozenset(json.loads(ids_file.read_text(encoding="utf-8"))) if ids_file.exists() else frozenset()
    return TcgaClassifier(featurizer, heads, str(manifest.get("version", "1")), str(manifest.get("name", path.name)),
                          bool(manifest.get("features", {}).get("rule_tokens", False)), seen)


@lru_cache(maxsize=4)
def load(name: str = DEFAULT_MODEL) -> TcgaClassifier:
    """A released classifier by name (``models/weights/<name>``) or folder path, cached per process."""
    from oncostruct.models.registry import model_path

    return load_dir(model_path(name))
