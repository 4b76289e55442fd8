"""TF-IDF features in blocks: word 1-2-grams, character n-grams, extra tokens, header words, keywords.

Pure Python + numpy so the same code builds the training matrix and featurises at inference,
with no pickled vectoriser: the vocabulary is a JSON list, the idf a float array and the
:class:`GramSpec` (which blocks, their weights, keyword patterns) plain JSON in the manifest.
A gram's block is its prefix: ``w``/``b`` words and bigrams, ``c`` character n-grams within
words, ``a`` character 4-6-grams across a word boundary, ``x`` extra tokens (rule findings such as ``x:lnpos_1_3``), ``h`` words of the
diagnosis/specimen header lines, ``k`` keyword-pattern hits, ``o`` keyword hits near a malignancy
(the organ and histology cues of the sentence that names the tumour, not of every specimen). A document becomes
``(indices, values)`` with sublinear tf (1 + log tf) times idf; each block is L2-normalised and
scaled by ``weight / sqrt(sum of squared weights)``, so the whole vector has norm ≤ 1.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Sequence

import numpy as np

_WORD = re.compile(r"[a-z0-9]+(?:[-/.][a-z0-9]+)*")
# lines/sections naming the diagnosis, specimen or site: their words form the header block
_HEADER_CUE = re.compile(r"(?:final\s+|pathologic(?:al)?\s+|permanent\s+|frozen\s+section\s+|op(?:erative)?\s+)?"
                         r"(?:diagnos[ie]s|specimens?(?:\s+type)?|tumou?r\s+site|histologic(?:al)?\s+type|"
                         r"procedure|source|site)\s*[:.\-]", re.I)
HEADER_CHARS = 300  # characters read after each cue
LEAD_CHARS = 400  # characters of the report's beginning always in the header block
# a malignancy mention (block o) and the negations that cancel it ("negative for carcinoma", "no tumor", "free of")
_MALIGNANCY = re.compile(r"carcinoma|sarcoma|melanoma|lymphoma|glioma|glioblastoma|astrocytoma|mesothelioma|"
                         r"seminoma|thymoma|pheochromocytoma|paraganglioma|blastoma|malignan", re.I)
_NEGATED = re.compile(r"\b(?:no|not|negative|free|without|benign|uninvolved|absent)\b[^.;\n]{0,40}$", re.I)
CONTEXT_BEFORE, CONTEXT_AFTER = 150, 60  # characters around a malignancy mention searched for keyword cues


@dataclass(frozen=True)
class GramSpec:
    """Which blocks a document is cut into and how much each weighs."""

    weights: dict[str, float] = field(default_factory=lambda: {"w": 1.0, "c": 1.0, "x": 1.0})
    keywords: dict[str, str] = field(default_factory=dict)  # token → regex (case-insensitive)

    @classmethod
    def from_json(cls, obj: dict[str, Any] | None) -> "GramSpec":
        return cls(**obj) if obj else cls()

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def block_of(gram: str) -> str:
    key = gram.split(":", 1)[0]
    return "w" if key == "b" else key


def words(text: str) -> list[str]:
    """Lower-cased word tokens (keeps ``pt2a``, ``t3n0``, ``4+3``-free alphanumerics)."""
    return _WORD.findall(text.lower())


def word_grams(tokens: Sequence[str], prefix: str = "") -> Counter:
    grams = Counter(f"{prefix or 'w'}:" + t for t in tokens)
    grams.update(f"{prefix or 'b'}:" + a + " " + b for a, b in zip(tokens, tokens[1:]))
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


def cross_word_grams(tokens: Sequence[str], lo: int = 4, hi: int = 6) -> Counter:
    """Character n-grams over the space-joined token stream, so they span word boundaries."""
    joined = " " + " ".join(tokens) + " "
    return Counter("a:" + joined[i:i + n] for n in range(lo, hi + 1) for i in range(len(joined) - n + 1)
                   if " " in joined[i + 1:i + n - 1])


def header_text(text: str) -> str:
    """The report's beginning plus the text after each diagnosis/specimen/site cue."""
    parts = [text[:LEAD_CHARS]] + [text[m.end():m.end() + HEADER_CHARS] for m in _HEADER_CUE.finditer(text)]
    return " ".join(parts)


def keyword_positions(text: str, keywords: dict[str, str]) -> dict[str, list[int]]:
    """Start offsets of every (case-insensitive) hit of each keyword pattern, in text order."""
    return {tok: [m.start() for m in re.finditer(pat, text, re.I)] for tok, pat in keywords.items()}


def keyword_hits(text: str, keywords: dict[str, str], positions: dict[str, list[int]] | None = None) -> Counter:
    """``k:<keyword>`` = number of hits of that keyword's pattern."""
    positions = positions if positions is not None else keyword_positions(text, keywords)
    return Counter({"k:" + tok: len(starts) for tok, starts in positions.items() if starts})


def tumour_context_hits(text: str, keywords: dict[str, str], positions: dict[str, list[int]] | None = None) -> Counter:
    """``o:<keyword>`` once per non-negated malignancy mention whose window (CONTEXT_BEFORE characters before,
    CONTEXT_AFTER after) holds that keyword: "UTERUS, CERVIX, RADICAL HYSTERECTOMY: SQUAMOUS CELL CARCINOMA" gives
    o:cervix, o:squamous, while "OVARIES: NO TUMOR" gives nothing."""
    positions = positions if positions is not None else keyword_positions(text, keywords)
    out: Counter = Counter()
    for m in _MALIGNANCY.finditer(text):
        if _NEGATED.search(text[max(0, m.start() - 60):m.start()]):
            continue
        lo, hi = m.start() - CONTEXT_BEFORE, m.end() + CONTEXT_AFTER
        out.update("o:" + tok for tok, starts in positions.items()
                   if (k := bisect_left(starts, lo)) < len(starts) and starts[k] < hi)
    return out


def doc_grams(text: str, extra: Iterable[str] = (), spec: GramSpec | None = None) -> Counter:
    """All grams of one document (block = prefix), as one Counter."""
    spec = spec or GramSpec()
    toks = words(text)
    grams = word_grams(toks) + char_grams(toks) + Counter("x:" + t for t in extra)
    if "h" in spec.weights:
        grams.update({"h:" + k.split(":", 1)[1]: v for k, v in word_grams(words(header_text(text))).items()})
    if "a" in spec.weights:
        grams.update(cross_word_grams(toks))
    if spec.keywords:  # the keyword patterns run once for both keyword blocks
        positions = keyword_positions(text, spec.keywords)
        grams.update(keyword_hits(text, spec.keywords, positions))
        if "o" in spec.weights:
            grams.update(tumour_context_hits(text, spec.keywords, positions))
    return grams


def build_vocab(docs: Iterable[Counter], n_docs: int, *, min_df: int = 2,
                max_words: int = 40000, max_chars: int = 40000, max_other: int = 20000) -> tuple[list[str], np.ndarray]:
    """Vocabulary (most frequent by document frequency, per block) and smoothed idf."""
    df: Counter = Counter()
    for grams in docs:
        df.update(grams.keys())
    caps = {"w": max_words, "c": max_chars}
    by_block: dict[str, list[str]] = {}
    for g, n in df.items():
        if n >= min_df:
            by_block.setdefault(block_of(g), []).append(g)
    vocab: list[str] = []
    for b in sorted(by_block):
        vocab += sorted(sorted(by_block[b], key=lambda g: (-df[g], g))[:caps.get(b, max_other)])
    idf = np.array([math.log((1 + n_docs) / (1 + df[g])) + 1.0 for g in vocab], dtype=np.float32)
    return vocab, idf


class Featurizer:
    """Maps text to a sparse, block-weighted TF-IDF vector over a fixed vocabulary."""

    def __init__(self, vocab: list[str], idf: np.ndarray, spec: GramSpec | None = None) -> None:
        self.vocab = vocab
        self.index = {g: i for i, g in enumerate(vocab)}
        self.idf = np.asarray(idf, dtype=np.float32)
        self.spec = spec or GramSpec()
        norm = math.sqrt(sum(w * w for w in self.spec.weights.values()))
        self.scale = {b: w / norm for b, w in self.spec.weights.items()}

    @property
    def size(self) -> int:
        return len(self.vocab)

    def transform_grams(self, grams: Counter) -> tuple[np.ndarray, np.ndarray]:
        """(indices, values) of one document."""
        blocks: dict[str, list[int]] = {}
        for g in grams:
            i = self.index.get(g)
            if i is not None:
                blocks.setdefault(block_of(g), []).append(i)
        idx_all: list[int] = []
        val_all: list[float] = []
        for b, idx in blocks.items():
            if not self.scale.get(b):
                continue
            vals = np.array([1.0 + math.log(grams[self.vocab[i]]) for i in idx], dtype=np.float32) * self.idf[idx]
            vals *= self.scale[b] / float(np.linalg.norm(vals))
            idx_all += idx
            val_all += vals.tolist()
        return np.array(idx_all, dtype=np.int64), np.array(val_all, dtype=np.float32)

    def transform(self, text: str, extra: Iterable[str] = ()) -> tuple[np.ndarray, np.ndarray]:
        return self.transform_grams(doc_grams(text, extra, self.spec))
