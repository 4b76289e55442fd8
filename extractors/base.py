"""Helpers every extractor uses to build Fields, and the component types re-exported for them.

An extractor is a pipeline component (:mod:`engine.components`): cheap to construct, it loads
its rule packs and models lazily and once. ``extract`` (or ``pipe`` over a batch) takes an
:class:`ExtractionInput` and returns an :class:`Extraction`. After normalisation and validation
the pipeline calls ``build_view`` to derive the typed view (``Record.pathology`` ...).
"""
from __future__ import annotations

from typing import Any

from oncostruct.engine.cdm import Code, Field, Source, TextSpan
from oncostruct.engine.components import BaseComponent, Extraction, ExtractionInput, register_component
from oncostruct.extractors.rules.loader import LexiconMatch, RuleMatch

__all__ = ["BaseComponent", "Extraction", "ExtractionInput", "register_component", "span", "rule_source",
           "field_from_match", "lexicon_code"]


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
