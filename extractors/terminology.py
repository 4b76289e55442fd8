"""The ``terminology`` normaliser: canonical units, sizes in their catalogue unit (centimetres) and codes.

The pipeline's *normalize* stage runs the normaliser named by ``Settings.normalizer`` (this one,
registered as the entry point ``terminology``), so the engine itself reads no lexicon.

``normalize_fields`` is pure: it returns new Field objects (``model_copy``) and never
changes its input. Unit spellings come from the ``units`` lexicon; which fields are sizes and
which get which terminology lookup comes from the field catalogue (``engine/catalogue.py``). A
lexicon that is not installed (e.g. while another pack is being written) is skipped, never an error.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from oncostruct.engine.catalogue import Terminology, field_spec
from oncostruct.engine.cdm import Code, Field
from oncostruct.engine.components import BaseComponent
from oncostruct.engine.errors import RulePackError
from oncostruct.extractors.rules.loader import Lexicon, LexiconEntry, load_lexicon
from oncostruct.extractors.values import to_halfwidth

_UNIT_KEYS = ("unit", "dose_unit")


@lru_cache(maxsize=None)
def _lexicon(name: str) -> Lexicon | None:
    try:
        return load_lexicon(name)
    except RulePackError:
        return None


def _unit_entry(text: str | None) -> LexiconEntry | None:
    if not text or not isinstance(text, str):
        return None
    units = _lexicon("units")
    key = re.sub(r"\s+", "", to_halfwidth(text))
    return units.lookup(key) if units else None


def canonical_unit(text: str | None) -> str | None:
    """The canonical spelling of a written unit (``"CM"`` → ``"cm"``, ``"u/ml"`` → ``"U/mL"``), or None."""
    entry = _unit_entry(text)
    return entry.canonical if entry else None


def normalize_fields(fields: list[Field], language: str) -> list[Field]:
    """Fields with canonical units, sizes in cm and terminology codes filled in."""
    return [_terminology(_units(f), language) for f in fields]


class TerminologyNormalizer(BaseComponent):
    """The normalize stage's component: :func:`normalize_fields` (units, sizes, terminology codes)."""

    name = "terminology"
    version = "1"

    def normalize(self, fields: list[Field], language: str) -> list[Field]:
        return normalize_fields(fields, language)


# --- units --------------------------------------------------------------------------------


def _units(f: Field) -> Field:
    update: dict[str, Any] = {}
    unit = canonical_unit(f.unit) or f.unit
    normalized = f.normalized
    if isinstance(normalized, dict):
        fixed = {k: (canonical_unit(v) or v) if k in _UNIT_KEYS else v for k, v in normalized.items()}
        if fixed != normalized:
            normalized = update["normalized"] = fixed
        if unit is None and isinstance(normalized.get("unit"), str):
            unit = normalized["unit"]
    spec = field_spec(f.name)
    if spec is not None and "size" in spec.type and spec.unit:
        normalized, unit = _size_in(spec.unit, normalized, unit)
        if normalized != f.normalized:
            update["normalized"] = normalized
    if unit != f.unit:
        update["unit"] = unit
    return f.model_copy(update=update) if update else f


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _size_in(target: str, normalized: Any, unit: str | None) -> tuple[Any, str | None]:
    """Sizes converted to ``target`` (cm); a size without unit is already in ``target`` by contract."""
    numbers = normalized if isinstance(normalized, list) else [normalized]
    if not numbers or not all(_is_number(v) for v in numbers):
        return normalized, unit
    entry = _unit_entry(unit)
    if unit is None or (entry and entry.canonical == target):
        return normalized, target
    if entry and entry.attributes.get("convert_to") == target:
        factor = float(entry.attributes["factor"])
        converted = [round(v * factor, 4) for v in numbers]
        return (converted if isinstance(normalized, list) else converted[0]), target
    return normalized, unit


# --- terminology ---------------------------------------------------------------------


def _terminology(f: Field, language: str) -> Field:
    spec = field_spec(f.name) if f.code is None else None
    lookup = spec.terminology if spec is not None else None
    if lookup is None:
        return f
    lex = _lexicon(lookup.lexicon)
    entry = _lookup(lex, f, language) if lex else None
    return _with_code(f, entry, lookup) if entry is not None else f


def _lookup(lex: Lexicon, f: Field, language: str) -> LexiconEntry | None:
    """Exact term first, then the longest lexicon hit inside the written value."""
    for term in (f.value, f.normalized):
        if isinstance(term, str) and term.strip():
            entry = lex.lookup(term.strip())
            if entry is not None:
                return entry
            hits = lex.find(term, language if language in ("zh", "en") else None)
            if hits:
                return max(hits, key=lambda h: (h.end - h.start, -h.start)).entry
    return None


def _with_code(f: Field, entry: LexiconEntry, lookup: Terminology) -> Field:
    by_system = {c.system: c for c in entry.codes}
    chosen = next((by_system[s] for s in lookup.systems if s in by_system), None)
    if chosen is None:
        return f
    attributes = dict(f.attributes)
    for attr, system in lookup.extra_codes.items():
        if system in by_system and attr not in attributes:
            attributes[attr] = by_system[system].code
    attributes.setdefault("concept", entry.canonical)
    return f.model_copy(update={
        "code": Code(system=chosen.system, code=chosen.code, display=chosen.display or entry.canonical),
        "normalized": f.normalized if f.normalized is not None else entry.canonical,
        "attributes": attributes,
    })
