"""A trained PHI span tagger beside the rules (``models/weights/deid``: char BiLSTM-CNN-CRF over the 10 PHI
categories, ONNX, loaded offline; ``training/configs/deid.yaml``).

:class:`ModelTagger` yields (start, end, category, confidence) for the spans whose calibrated confidence reaches the
category's threshold (``model_tagger.thresholds`` in ``deid.yaml``). How they join the rule spans (the allow-list
veto, the rules' bounds on partial overlaps, the containing span on nesting) is :class:`extractors.deid.detect.
PhiDetector`'s job. When the weights or onnxruntime are missing the tagger yields nothing and says so once: the
rules run alone.
"""
from __future__ import annotations

import logging
import re
import threading
from typing import Any, Iterator, Protocol

from oncostruct.engine.errors import ConfigError
from oncostruct.extractors.deid.config import ModelTaggerSettings

log = logging.getLogger(__name__)
_LOCK = threading.Lock()
_LOADED: dict[str, Any] = {}
_STRIP = " \t\r\n,，;；:：。、\"“”"   # never brackets or periods: (555) 123-4567, St. Mary's


class SpanModel(Protocol):
    def predict(self, texts: list[str]) -> list[list[tuple[int, int, str, float]]]: ...


def load_span_model(name: str, threads: int | None = None) -> SpanModel | None:
    """The released model ``name`` (or a folder path), once per process and thread count (ONNX Runtime's
    intra-op threads; None = its default); None (with one warning) when missing."""
    key = f"{name}#{threads}"
    with _LOCK:
        if key not in _LOADED:
            try:
                from oncostruct.models.ner_inference import load_model_dir
                from oncostruct.models.registry import model_path

                _LOADED[key] = load_model_dir(model_path(name), threads=threads)
            except (ConfigError, ImportError, OSError, KeyError, ValueError) as exc:
                log.warning("PHI tagger %r not loaded (%s): de-identification runs on the rules alone", name, exc)
                _LOADED[key] = None
        return _LOADED[key]


class ModelTagger:
    """PHI spans of a trained tagger, kept per category by confidence."""

    def __init__(self, settings: ModelTaggerSettings, model: SpanModel | None = None) -> None:
        self.settings = settings
        self._model = model
        self._veto = {c: [re.compile(p) for p in ps] for c, ps in settings.veto.items()}

    @property
    def model(self) -> SpanModel | None:
        if self._model is None and self.settings.enabled:
            self._model = load_span_model(self.settings.model, self.settings.threads or None)
        return self._model

    def spans(self, text: str) -> Iterator[tuple[int, int, str, float]]:
        """(start, end, category, confidence) of the tagger's spans above their category's threshold, their
        edges stripped of spaces and punctuation."""
        model = self.model
        if model is None or not text.strip():
            return
        for start, end, category, conf in model.predict([text])[0]:
            least = self.settings.thresholds.get(category)
            if least is None or conf < least:
                continue
            while start < end and text[start] in _STRIP:
                start += 1
            while end > start and text[end - 1] in _STRIP:
                end -= 1
            start, end = _unpaired_brackets_out(text, start, end)
            if any((m := p.match(text, start)) and m.end() >= end for p in self._veto.get(category, ())):
                continue  # 十五日内: the span reads as something the category is not
            if end - start >= self.settings.min_chars:
                yield start, end, category, min(float(conf), self.settings.max_confidence)


_OPEN, _CLOSE = "(（[【", ")）]】"


def _unpaired_brackets_out(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds without a bracket that opens or closes nothing inside the span: ``（175 1442 6286`` -> the digits;
    ``(555) 123-4567`` keeps its pair."""
    if start < end and text[start] in _OPEN and _CLOSE[_OPEN.index(text[start])] not in text[start + 1:end]:
        start += 1
    if start < end and text[end - 1] in _CLOSE and _OPEN[_CLOSE.index(text[end - 1])] not in text[start:end - 1]:
        end -= 1
    return start, end

