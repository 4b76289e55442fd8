"""Turn span examples into padded id/target tensors for the NER models."""
from __future__ import annotations

import random
from typing import Iterator

import numpy as np

from oncostruct.models.vocab import CharVocab
from oncostruct.models.windows import chunk_points
from oncostruct.training.readers import SpanExample, spans_to_bio


def chunk_examples(examples: list[SpanExample], max_len: int) -> list[SpanExample]:
    """Split long examples into entity-safe pieces of at most ``max_len`` characters."""
    out = []
    for ex in examples:
        for k, (a, b) in enumerate(chunk_points(ex.text, ex.entities, max_len)):
            spans = [(s - a, e - a, lab) for s, e, lab in ex.entities if a <= s and e <= b]
            out.append(SpanExample(f"{ex.id}#{k}", ex.text[a:b], spans))
    return out


def encode_targets(ex: SpanExample, kind: str, labels: list[str]) -> np.ndarray:
    """BIO tag ids (L,) for ``crf``; a boolean (C, L, L) span grid for ``span``."""
    index = {lab: i for i, lab in enumerate(labels)}
    n = len(ex.text)
    if kind == "crf":
        names = ["O", *[f"{p}-{lab}" for lab in labels for p in ("B", "I")]]
        tag_id = {t: i for i, t in enumerate(names)}
        known = [s for s in ex.entities if s[2] in index]
        return np.array([tag_id[t] for t in spans_to_bio(n, known)], dtype=np.int64)
    grid = np.zeros((len(labels), n, n), dtype=bool)
    for s, e, lab in ex.entities:
        if lab in index:
            grid[index[lab], s, e - 1] = True
    return grid


def batches(examples: list[SpanExample], vocab: CharVocab, kind: str, labels: list[str], batch_size: int,
            rng: random.Random) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Length-bucketed, shuffled batches of (ids, lengths, targets)."""
    order = sorted(range(len(examples)), key=lambda i: (len(examples[i].text), rng.random()))
    groups = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(groups)
    for group in groups:
        exs = [examples[i] for i in group]
        lengths = np.array([len(ex.text) for ex in exs], dtype=np.int64)
        n = int(lengths.max())
        ids = np.zeros((len(exs), n), dtype=np.int64)
        tgt = np.zeros((len(exs), n), dtype=np.int64) if kind == "crf" else np.zeros((len(exs), len(labels), n, n), dtype=bool)
        for i, ex in enumerate(exs):
            m = len(ex.text)
            ids[i, :m] = vocab.encode(ex.text)
            if kind == "crf":
                tgt[i, :m] = encode_targets(ex, kind, labels)
            else:
                tgt[i, :, :m, :m] = encode_targets(ex, kind, labels)
        yield ids, lengths, tgt
