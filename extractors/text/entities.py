"""Lexicon entities for any text: the route for ``other`` documents and an add-on for the rest.

It runs every available terminology lexicon (diagnoses, histology, topography, drugs,
tumour markers) and returns NER-style :class:`~engine.cdm.Entity` spans; the trained NER
models of later versions plug in beside it with the same output.
"""
from __future__ import annotations

from functools import cached_property

from pydantic import BaseModel

from oncostruct.engine.cdm import Entity, Field, Source
from oncostruct.engine.errors import RulePackError
from oncostruct.extractors.base import Extraction, ExtractionInput
from oncostruct.extractors.rules import Lexicon, load_lexicon

# lexicon name → entity label (labels follow the CCKS2019 EMR scheme where one fits)
ENTITY_LEXICONS: dict[str, str] = {
    "diagnoses": "疾病和诊断",
    "histology": "疾病和诊断",
    "topography": "解剖部位",
    "drugs": "药物",
    "tumor_markers": "实验室检验",
}


class LexiconEntityExtractor:
    """Entities only; used for documents of type ``other``."""

    name = "lexicon-entities"
    version = "1"
    view_name: str | None = None

    @cached_property
    def lexicons(self) -> list[tuple[Lexicon, str]]:
        out = []
        for lex_name, label in ENTITY_LEXICONS.items():
            try:
                out.append((load_lexicon(lex_name), label))
            except RulePackError:
                continue  # lexicon not shipped in this build
        return out

    def entities(self, text: str, language: str) -> list[Entity]:
        found: list[Entity] = []
        for lex, label in self.lexicons:
            for m in lex.find(text, language):
                found.append(Entity(label=label, start=m.start, end=m.end, text=m.text, confidence=m.reliability,
                                    source=Source(kind="lexicon", name=lex.name, version=lex.version)))
        return _longest_non_overlapping(found)

    def extract(self, doc: ExtractionInput) -> Extraction:
        return Extraction(entities=self.entities(doc.text, doc.language))

    def build_view(self, fields: list[Field]) -> BaseModel | None:
        return None


def _longest_non_overlapping(entities: list[Entity]) -> list[Entity]:
    """Longest first (then earliest), each kept unless it overlaps one already kept; in text order.

    Kept spans are marked in an occupancy map, so the cost is linear in the total span length
    rather than quadratic in the number of candidates. Empty spans (which lexicons never
    produce) are dropped.
    """
    taken = bytearray(max((e.end for e in entities), default=0) + 1)
    chosen: list[Entity] = []
    for e in sorted(entities, key=lambda e: (-(e.end - e.start), e.start)):
        if e.end > e.start and taken.find(1, e.start, e.end) == -1:
            taken[e.start:e.end] = b"\x01" * (e.end - e.start)
            chosen.append(e)
    return sorted(chosen, key=lambda e: e.start)
