"""Trained-NER entities for EMR text (the CCKS2019 model), merged with the lexicon entities.

Precedence (documented in benchmarks/RESULTS.md, "Chinese NER"):

1. Structured fields (``pathology.*``, ``discharge.*`` ...) come from the rule/lexicon
   extractors; this extractor never writes them.
2. Model entities fill ``Record.entities`` and are also returned as ``entities.<kind>[i]``
   Fields (text-span provenance, calibrated model confidence).
3. A lexicon entity that overlaps any model entity is dropped (the model's boundary and type
   win); lexicon entities in text the model left untagged are kept.
4. English documents get lexicon entities only (the models are Chinese character models).
5. When the model cannot load (no onnxruntime, no released weights) the lexicon entities are
   returned alone, with a warning issue ``model.unavailable``; a windowed document gets ``ner.windowed``.
"""
from __future__ import annotations

import logging
from functools import cached_property

from pydantic import BaseModel, ConfigDict

from oncostruct.engine.cdm import Entity, Field, Issue, Source
from oncostruct.extractors.base import BaseComponent, Extraction, ExtractionInput, span
from oncostruct.extractors.text.entities import LexiconEntityExtractor

log = logging.getLogger(__name__)

MODEL_NAME = "ccks2019"
# CCKS2019 label → Field name stem
FIELD_KINDS: dict[str, str] = {
    "疾病和诊断": "diagnosis",
    "影像检查": "imaging_exam",
    "实验室检验": "lab_test",
    "手术": "procedure",
    "药物": "drug",
    "解剖部位": "anatomy",
}


def trim_span(text: str, start: int, end: int, label: str, conf: float) -> tuple[int, int, str, float]:
    """Drop whitespace the model tagged at either end of an entity (offsets stay exact)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end, label, conf


def merge_entities(model: list[Entity], lexicon: list[Entity]) -> list[Entity]:
    """Model entities plus the lexicon entities that overlap none of them, in text order.

    Model spans are marked in an occupancy map, so the check is linear, not lexicon × model.
    """
    covered = bytearray(max((e.end for e in [*model, *lexicon]), default=0) + 1)
    for m in model:
        covered[m.start:m.end] = b"\x01" * max(0, m.end - m.start)
    kept = [e for e in lexicon if e.end > e.start and covered.find(1, e.start, e.end) == -1]
    return sorted([*model, *kept], key=lambda e: (e.start, e.end))


def entity_fields(entities: list[Entity]) -> list[Field]:
    counters: dict[str, int] = {}
    fields = []
    for e in entities:
        kind = FIELD_KINDS.get(e.label)
        if kind is None or e.source.kind != "model":
            continue
        i = counters.get(kind, 0)
        counters[kind] = i + 1
        fields.append(Field(name=f"entities.{kind}[{i}]", value=e.text, confidence=e.confidence,
                            provenance=[span(e.start, e.end, e.text)], source=e.source, attributes={"label": e.label}))
    return fields


class NerOptions(BaseModel):
    """Options of the NER entity component."""

    model_config = ConfigDict(extra="forbid")
    model: str = MODEL_NAME  # a released NER model name or a model folder


class NerEntityExtractor(BaseComponent):
    """Entities from the trained CCKS2019 model, with lexicon entities as the fallback (view-less)."""

    name = "ner-entities"
    version = "1"
    Options = NerOptions

    def __init__(self, options: BaseModel | None = None, **overrides: object) -> None:
        super().__init__(options, **overrides)
        self.model_name = self.options.model
        self.lexicon = LexiconEntityExtractor()

    @cached_property
    def model(self):  # -> NerModel | None
        try:
            from oncostruct.models.registry import load_ner

            return load_ner(self.model_name)
        except Exception as exc:  # noqa: BLE001 - missing runtime or weights: lexicon only
            log.warning("NER model %s unavailable: %s", self.model_name, exc)
            return None

    def extract(self, doc: ExtractionInput) -> Extraction:
        lex = self.lexicon.entities(doc.text, doc.language)
        if doc.language == "en":  # the released models are Chinese character models
            return Extraction(entities=lex)
        if self.model is None:
            return Extraction(entities=lex, issues=[Issue(
                code="model.unavailable", severity="warning",
                message=f"NER model {self.model_name} not loaded; lexicon entities only")])
        m = self.model
        spans = m.predict([doc.text])[0]
        source = Source(kind="model", name=f"ner:{m.name}", version=m.version)
        model_entities = [Entity(label=lab, start=s, end=e, text=doc.text[s:e], confidence=round(c, 4), source=source)
                          for s, e, lab, c in (trim_span(doc.text, *sp) for sp in spans) if e > s]
        issues = []
        if m.is_windowed(doc.text):
            issues.append(Issue(code="ner.windowed", severity="info",
                                message=f"text of {len(doc.text)} characters was split into overlapping windows "
                                        f"of {m.window} (overlap {m.overlap}) for NER and merged back"))
        entities = merge_entities(model_entities, lex)
        return Extraction(fields=entity_fields(entities), entities=entities, issues=issues)
