"""The extractor interface every document kind implements, and helpers to build Fields.

An extractor is cheap to construct; it loads its rule packs (and later its models) lazily
and once. ``extract`` takes an :class:`ExtractionInput` and returns an :class:`Extraction`.
After normalisation and validation the pipeline calls ``build_view`` to derive the typed
view (``Record.pathology``, ``Record.imaging`` ...) from the final fields.
NER and pointer models of later issues implement the same protocol.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel

from engine.cdm import Code, DocType, Entity, Field, Issue, Source, TextSpan
from extractors.rules.loader import LexiconMatch, RuleMatch


@dataclass
class ExtractionInput:
    """What an extractor sees: decoded text (text routes) or raw bytes (image, PDF, video routes)."""

    text: str
    doc_type: DocType
    language: str  # "zh" | "en" | "unknown"
    metadata: dict[str, Any] = field(default_factory=dict)
    data: bytes | None = None
    modality: str = "text"  # "text" | "image" | "pdf" | "video"
    name: str = "<input>"


@dataclass
class Extraction:
    fields: list[Field] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


@runtime_checkable
class Extractor(Protocol):
    """``modalities`` (optional class attribute, default ``("text",)``) says which inputs it takes."""

    name: str
    version: str
    view_name: str | None  # attribute of Record the view goes to, or None

    def extract(self, doc: ExtractionInput) -> Extraction: ...

    def build_view(self, fields: list[Field]) -> BaseModel | None: ...


def span(start: int, end: int, text: str, section: str | None = None) -> TextSpan:
    """A text-span provenance; ``text`` must be ``document_text[start:end]``."""
    return TextSpan(start=start, end=end, text=text, section=section)


def rule_source(match: RuleMatch | LexiconMatch) -> Source:
    if isinstance(match, RuleMatch):
        return Source(kind="rule", name=f"{match.pack}:{match.rule_id}", version=match.pack_version)
    return Source(kind="lexicon", name=match.lexicon, version=match.version)


def field_from_match(
    name: str,
    match: RuleMatch | LexiconMatch,
    *,
    value: Any = None,
    normalized: Any = None,
    unit: str | None = None,
    code: Code | None = None,
    confidence: float | None = None,
    section: str | None = None,
    extra_spans: list[TextSpan] | None = None,
    attributes: dict[str, Any] | None = None,
) -> Field:
    """A Field whose provenance is the match's exact span and whose confidence is the rule's reliability."""
    return Field(
        name=name,
        value=match.text if value is None else value,
        normalized=normalized,
        unit=unit,
        code=code,
        confidence=match.reliability if confidence is None else confidence,
        provenance=[span(match.start, match.end, match.text, section), *(extra_spans or [])],
        source=rule_source(match),
        attributes=attributes or {},
    )


def lexicon_code(match: LexiconMatch, system: str) -> Code | None:
    """The entry's code in ``system`` (e.g. ``"ICD-O-3"``), if it has one."""
    for c in match.entry.codes:
        if c.system == system:
            return Code(system=c.system, code=c.code, display=c.display or match.entry.canonical)
    return None
