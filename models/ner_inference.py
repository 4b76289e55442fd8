"""Batched NER inference over any scorer (ONNX session or torch module), with windowing and calibration.

A scorer maps padded ids (B, L) and lengths (B,) to emissions (B, L, T) for ``kind="crf"`` or
span logits (B, C, L, L) for ``kind="span"``. Long texts are cut into overlapping windows and
merged back (:mod:`models.windows`). Each entity's raw confidence (mean CRF marginal, or span
sigmoid) is calibrated on dev: by the isotonic map in the manifest when there is one (it calibrates
best, see benchmarks/RESULTS.md "Calibration"), else temperature-scaled, ``sigmoid(logit(p) / T)``.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from oncostruct.models.calibration import Isotonic
from oncostruct.models.decoding import Span, decode_crf, decode_crf_batch, decode_spans
from oncostruct.models.vocab import CharVocab
from oncostruct.models.windows import Window, make_windows, merge_window_spans

Scorer = Callable[[np.ndarray, np.ndarray], np.ndarray]


def calibrate(p: float, temperature: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return 1.0 / (1.0 + math.exp(-math.log(p / (1 - p)) / temperature))


def fit_temperature(confs: list[float], correct: list[bool]) -> float:
    """Grid-search T minimising the binary NLL of 'entity is correct' on dev predictions."""
    if not confs:
        return 1.0
    p = np.clip(np.array(confs), 1e-6, 1 - 1e-6)
    y = np.array(correct, dtype=float)
    logit = np.log(p / (1 - p))
    best_t, best_nll = 1.0, float("inf")
    for t in np.exp(np.linspace(np.log(0.1), np.log(10.0), 121)):
        q = np.clip(1 / (1 + np.exp(-logit / t)), 1e-9, 1 - 1e-9)
        nll = float(-(y * np.log(q) + (1 - y) * np.log(1 - q)).mean())
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return best_t


@dataclass
class NerModel:
    name: str
    version: str
    kind: str  # "crf" | "span"
    labels: list[str]
    vocab: CharVocab
    scorer: Scorer
    crf: dict[str, np.ndarray] = field(default_factory=dict)
    window: int = 256
    overlap: int = 64
    temperature: float = 1.0
    isotonic: Isotonic | None = None  # fitted on dev raw confidences; wins over the temperature
    batch_size: int = 32
    confidence: bool = True
    threshold: float = 0.0  # span models: keep spans whose logit exceeds this (chosen on dev)
    last_windowed: list[bool] = field(default_factory=list)

    def _decode(self, scores: np.ndarray, length: int) -> list[Span]:
        if self.kind == "crf":
            return decode_crf(scores[:length], self.crf, self.labels, with_conf=self.confidence)
        return decode_spans(scores[:, :length, :length], self.labels, self.threshold)

    def is_windowed(self, text: str) -> bool:
        """True when ``text`` is longer than one window (it is then split and merged back)."""
        return len(text) > self.window

    def predict_raw(self, texts: list[str]) -> list[list[Span]]:
        """Spans with uncalibrated confidence; sets ``last_windowed`` per text."""
        jobs: list[tuple[int, Window, list[int]]] = []
        self.last_windowed = []
        for t_idx, text in enumerate(texts):
            wins = make_windows(len(text), self.window, self.overlap)
            self.last_windowed.append(len(wins) > 1)
            ids = self.vocab.encode(text)
            jobs.extend((t_idx, w, ids[w.start:w.end]) for w in wins if w.end > w.start)
        per_text: list[list[tuple[Window, list[Span]]]] = [[] for _ in texts]
        order = sorted(range(len(jobs)), key=lambda j: len(jobs[j][2]))
        for b in range(0, len(order), self.batch_size):
            batch = [jobs[j] for j in order[b:b + self.batch_size]]
            lengths = np.array([len(x[2]) for x in batch], dtype=np.int64)
            ids = np.zeros((len(batch), int(lengths.max())), dtype=np.int64)
            for i, (_, _, seq) in enumerate(batch):
                ids[i, :len(seq)] = seq
            scores = self.scorer(ids, lengths)
            if self.kind == "crf":  # one pass over the positions for the whole batch
                decoded = decode_crf_batch(np.asarray(scores, dtype=np.float64), lengths, self.crf, self.labels,
                                           with_conf=self.confidence)
            else:
                decoded = [self._decode(scores[i], int(lengths[i])) for i in range(len(batch))]
            for (t_idx, win, _), spans in zip(batch, decoded):
                per_text[t_idx].append((win, spans))
        return [merge_window_spans(p) for p in per_text]

    def calibrate_confidences(self, raw) -> np.ndarray:
        """Raw entity confidences → calibrated ones (the isotonic map, else the temperature)."""
        raw = np.asarray(raw, dtype=float)
        if self.isotonic is not None:
            return self.isotonic(raw)
        p = np.clip(raw, 1e-6, 1 - 1e-6)
        return 1.0 / (1.0 + np.exp(-np.log(p / (1 - p)) / self.temperature))

    def predict(self, texts: list[str]) -> list[list[Span]]:
        """(start, end, label, calibrated confidence) per text, offsets into the original text."""
        out = []
        for spans in self.predict_raw(texts):
            conf = self.calibrate_confidences([c for *_, c in spans])
            out.append([(s, e, lab, float(c)) for (s, e, lab, _), c in zip(spans, conf)])
        return out


def onnx_scorer(path: Path, threads: int | None = None) -> Scorer:
    from oncostruct.models.onnx_session import make_session

    sess = make_session(path, threads)
    return lambda ids, lengths: sess.run(None, {"ids": ids, "lengths": lengths})[0]


def load_model_dir(path: Path, threads: int | None = None) -> NerModel:
    """Load a released model folder (manifest.json, model.onnx, vocab.json, crf.npz for CRF models)."""
    path = Path(path)
    man = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    crf = {}
    if man["kind"] == "crf":
        with np.load(path / "crf.npz") as z:
            crf = {k: z[k].astype(np.float64) for k in ("transitions", "start", "end")}
    return NerModel(
        name=man["name"], version=man["version"], kind=man["kind"], labels=man["labels"],
        vocab=CharVocab.load(path / "vocab.json"), scorer=onnx_scorer(path / "model.onnx", threads), crf=crf,
        window=man["window"], overlap=man["overlap"], temperature=man.get("temperature", 1.0),
        isotonic=Isotonic.from_json(man.get("isotonic")), threshold=man.get("threshold", 0.0),
    )
