"""TF-IDF features (word 1-2-grams + character 3-5-grams within words + optional extra tokens).

Pure Python + numpy so the same code builds the training matrix and featurises at inference,
with no pickled vectoriser: the vocabulary is a JSON list, the idf a float array.
A document becomes ``(indices, values)`` with sublinear tf (1 + log tf) times idf, each block
(words, characters, extra tokens such as rule findings ``x:lnpos_1_3``) L2-normalised and
scaled by 1/sqrt(number of blocks).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import Iterable, Sequence

import numpy as np

_WORD = re.compile(r"[a-z0-9]+(?:[-/.][a-z0-9]+)*")


def words(text: str) -> list[str]:
    """Lower-cased word tokens (keeps ``pt2a``, ``t3n0``, ``4+3``-free alphanumerics)."""
    return _WORD.findall(text.lower())


def word_grams(tokens: Sequence[str]) -> Counter:
    grams = Counter("w:" + t for t in tokens)
    grams.update("b:" + a + " " + b for a, b in zip(tokens, tokens[1:]))
    return grams


def char_grams(tokens: Sequence[str], lo: int = 3, hi: int = 5) -> Counter:
    """Character n-grams of each space-padded token, counted once per token occurrence."""
    grams: Counter = Counter()
    for tok, count in Counter(tokens).items():
        padded = f" {tok} "
        for n in range(lo, hi + 1):
            for i in range(len(padded) - n + 1):
                grams["c:" + padded[i:i + n]] += count
    return grams


Grams = tuple[Counter, ...]
N_BLOCKS = 3


def doc_grams(text: str, extra: Iterable[str] = ()) -> Grams:
    """(word/bigram counts, character n-gram counts, extra-token counts) of one document."""
    toks = words(text)
    return word_grams(toks), char_grams(toks), Counter("x:" + t for t in extra)


def build_vocab(docs: Iterable[Grams], n_docs: int, *, min_df: int = 2,
                max_words: int = 40000, max_chars: int = 40000) -> tuple[list[str], np.ndarray]:
    """Vocabulary (most frequent by document frequency, per block) and smoothed idf."""
    dfs: list[Counter] = [Counter() for _ in range(N_BLOCKS)]
    for grams in docs:
        for df, block in zip(dfs, grams):
            df.update(block.keys())
    vocab: list[str] = []
    for df, cap in zip(dfs, (max_words, max_chars, 5000)):
        kept = sorted((g for g, n in df.items() if n >= min_df), key=lambda g: (-df[g], g))[:cap]
        vocab += sorted(kept)
    df_all = {k: v for df in dfs for k, v in df.items()}
    idf = np.array([math.log((1 + n_docs) / (1 + df_all[g])) + 1.0 for g in vocab], dtype=np.float32)
    return vocab, idf


class Featurizer:
    """Maps text to a sparse TF-IDF vector over a fixed vocabulary."""

    def __init__(self, vocab: list[str], idf: np.ndarray) -> None:
        self.vocab = vocab
        self.index = {g: i for i, g in enumerate(vocab)}
        self.idf = np.asarray(idf, dtype=np.float32)

    @property
    def size(self) -> int:
        return len(self.vocab)

    def transform_grams(self, grams: Grams) -> tuple[np.ndarray, np.ndarray]:
        """(indices, values) of one document."""
        idx_all: list[int] = []
        val_all: list[float] = []
        for block in grams:
            idx = [self.index[g] for g in block if g in self.index]
            if not idx:
                continue
            vals = np.array([1.0 + math.log(block[self.vocab[i]]) for i in idx], dtype=np.float32) * self.idf[idx]
            vals /= float(np.linalg.norm(vals)) * math.sqrt(N_BLOCKS)
            idx_all += idx
            val_all += vals.tolist()
        return np.array(idx_all, dtype=np.int64), np.array(val_all, dtype=np.float32)

    def transform(self, text: str, extra: Iterable[str] = ()) -> tuple[np.ndarray, np.ndarray]:
        return self.transform_grams(doc_grams(text, extra))
