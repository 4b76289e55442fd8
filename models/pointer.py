"""Schema-conditioned pointer (span) extractor for tumour attributes: inference and decoding (numpy).

A scorer (ONNX session or torch module) maps padded ids (B, L) and lengths (B,) to start/end logits
(B, F, L, 2), one row per field of :data:`FIELDS`. Decoding pairs every start above the threshold with
the nearest end above it within the field's maximum span length; a span's raw confidence is the
geometric mean of its start and end probabilities, mapped by the field's isotonic calibrator when the
manifest has one. Values are the span text with edge punctuation stripped, deduplicated per field.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from oncostruct.models.calibration import Isotonic
from oncostruct.models.vocab import CharVocab

FIELDS = ("primary_site", "primary_size", "metastasis_sites")
DEFAULT_MAX_SPAN = {"primary_site": 16, "primary_size": 24, "metastasis_sites": 50}
Scorer = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class PointerSpan:
    field: str
    start: int
    end: int  # exclusive
    text: str  # the value (span text, edges stripped)
    raw: float  # uncalibrated confidence
    confidence: float


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def decode_field(probs: np.ndarray, threshold: float, max_span: int) -> list[tuple[int, int, float]]:
    """(start, end exclusive, raw confidence) from start/end probabilities (L, 2) of one field."""
    starts = np.flatnonzero(probs[:, 0] > threshold)
    ends = np.flatnonzero(probs[:, 1] > threshold)
    out = []
    for s in starts:
        cand = ends[(ends >= s) & (ends < s + max_span)]
        if cand.size:
            e = int(cand[0])
            out.append((int(s), e + 1, float(np.sqrt(probs[s, 0] * probs[e, 1]))))
    return out


def strip_span(text: str, start: int, end: int, chars: str) -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


@dataclass
class PointerDecoder:
    """Spans of every field from start/end logits; the best-scoring span per distinct value."""

    threshold: float = 0.5
    max_span: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_MAX_SPAN))
    strip_chars: str = " ,，、;；:：.。"
    isotonic: dict[str, Isotonic] = field(default_factory=dict)
    max_values: dict[str, int] = field(default_factory=dict)  # keep the k most confident values of a field

    def decode(self, text: str, logits: np.ndarray, threshold: float | None = None) -> list[PointerSpan]:
        cut = self.threshold if threshold is None else threshold
        best: dict[tuple[str, str], PointerSpan] = {}
        probs = sigmoid(np.asarray(logits, np.float32))
        for f, name in enumerate(FIELDS):
            for s, e, raw in decode_field(probs[f], cut, self.max_span.get(name, 32)):
                s, e = strip_span(text, s, e, self.strip_chars)
                if s >= e:
                    continue
                iso = self.isotonic.get(name)
                conf = float(iso(np.array([raw]))[0]) if iso else raw
                key = (name, text[s:e])
                if key not in best or raw > best[key].raw:
                    best[key] = PointerSpan(name, s, e, text[s:e], raw, conf)
        kept = []
        for name in FIELDS:
            spans = sorted((x for x in best.values() if x.field == name), key=lambda x: -x.raw)
            kept.extend(spans[:self.max_values[name]] if name in self.max_values else spans)
        return sorted(kept, key=lambda x: (FIELDS.index(x.field), x.start))


@dataclass
class PointerModel:
    name: str
    version: str
    vocab: CharVocab
    scorer: Scorer
    decoder: PointerDecoder = field(default_factory=PointerDecoder)
    field_modes: dict[str, str] = field(default_factory=dict)  # per-field rules/model/union, chosen by CV
    batch_size: int = 16

    def logits(self, texts: list[str]) -> list[np.ndarray]:
        """Start/end logits (F, len(text), 2) per text, batched by length."""
        out: list[np.ndarray] = [np.zeros((len(FIELDS), 0, 2), np.float32)] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for k in range(0, len(order), self.batch_size):
            idx = order[k:k + self.batch_size]
            enc = [self.vocab.encode(texts[i]) or [1] for i in idx]
            n = max(map(len, enc))
            ids = np.zeros((len(enc), n), np.int64)
            for b, e in enumerate(enc):
                ids[b, :len(e)] = e
            scores = self.scorer(ids, np.array([len(e) for e in enc], np.int64))
            for b, i in enumerate(idx):
                out[i] = scores[b, :, :len(texts[i])]
        return out

    def predict(self, texts: list[str], threshold: float | None = None) -> list[list[PointerSpan]]:
        return [self.decoder.decode(t, lg, threshold) for t, lg in zip(texts, self.logits(texts))]


def decoder_from_manifest(manifest: dict) -> PointerDecoder:
    iso = {k: v for k, v in ((k, Isotonic.from_json(obj)) for k, obj in (manifest.get("isotonic") or {}).items()) if v}
    return PointerDecoder(threshold=float(manifest.get("threshold", 0.5)),
                          max_span=dict(manifest.get("max_span", DEFAULT_MAX_SPAN)),
                          strip_chars=str(manifest.get("strip_chars", PointerDecoder.strip_chars)), isotonic=iso,
                          max_values={k: int(v) for k, v in (manifest.get("max_values") or {}).items()})


def load_pointer_dir(path: Path, threads: int | None = None) -> PointerModel:
    """A pointer model from an exported folder (model.onnx, vocab.json, manifest.json)."""
    from oncostruct.models.onnx_session import make_session

    path = Path(path)
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    session = make_session(path / "model.onnx", threads)

    def scorer(ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        return session.run(["logits"], {"ids": ids, "lengths": lengths})[0]

    return PointerModel(name=manifest["name"], version=str(manifest["version"]), vocab=CharVocab.load(path / "vocab.json"),
                        scorer=scorer, decoder=decoder_from_manifest(manifest),
                        field_modes=dict(manifest.get("field_modes") or {}))
