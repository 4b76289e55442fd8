"""What assembly reads from one Record: the document (type, date, visit, link keys) and its candidate facts."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from oncostruct.engine.assembly.config import AssemblyConfig
from oncostruct.engine.catalogue import field_spec, template_of
from oncostruct.engine.cdm import Field, FieldStatus, Record, TextSpan

_KEY_PREFIX = "patient.keys."
_DATE_FALLBACKS = ("document.date", "discharge.discharge_date", "discharge.admission_date")


@dataclass(frozen=True)
class Fact:
    """One candidate value of a patient field, from one field of one document."""

    name: str  # the patient field (a catalogue template)
    value: Any
    normalized: Any
    field: str  # the concrete field name in the record
    doc_id: str
    doc_type: str
    date: str | None
    confidence: float
    status: FieldStatus
    code: str | None = None
    start: int | None = None
    end: int | None = None
    inferred: bool = False  # a model's inference, not a statement of the document


@dataclass
class DocInfo:
    doc_id: str
    doc_type: str
    patient_id: str | None
    visit_id: str | None
    date: str | None
    source_name: str | None
    keys: dict[str, str] = field(default_factory=dict)
    record: Record | None = None


def _first_span(f: Field) -> tuple[int | None, int | None]:
    span = next((p for p in f.provenance if isinstance(p, TextSpan)), None)
    return (span.start, span.end) if span else (None, None)


def _iso(v: Any) -> str | None:
    if isinstance(v, date):
        return v.isoformat()
    return v if isinstance(v, str) and len(v) >= 7 else None


def doc_info(record: Record) -> DocInfo:
    """The document's identity, date (manifest, else header, else discharge dates) and link keys."""
    d = record.document
    live = [f for f in record.fields if f.status is not FieldStatus.rejected]
    when = _iso(d.document_date)
    for name in _DATE_FALLBACKS:
        if when:
            break
        when = next((_iso(f.normalized) for f in live if f.name == name and _iso(f.normalized)), None)
    keys = {f.name[len(_KEY_PREFIX):]: str(f.normalized) for f in live if f.name.startswith(_KEY_PREFIX) and f.normalized}
    return DocInfo(d.doc_id, d.doc_type.value, d.patient_id, d.visit_id, when, d.source_name, keys, record)


def record_facts(info: DocInfo, config: AssemblyConfig) -> list[Fact]:
    """Candidate facts of one record: its single-valued catalogue fields, plus the derived ones."""
    assert info.record is not None
    rc = config.reconcile
    excluded = set(rc.exclude)
    out: list[Fact] = []
    seen: set[str] = set()

    def add(name: str, f: Field, value: Any, normalized: Any, derived: bool = False) -> None:
        if name in seen or normalized is None and value is None:
            return
        seen.add(name)
        start, end = _first_span(f)
        code = f.code.code if f.code and not derived else None  # a derived value does not share its field's code
        out.append(Fact(name, value, normalized, f.name, info.doc_id, info.doc_type, info.date, f.confidence,
                        f.status, code, start, end, f.inferred))

    live = [f for f in info.record.fields if f.status is not FieldStatus.rejected]
    for f in live:
        if "[" in f.name or f.name in excluded or f.name.startswith(_KEY_PREFIX) or field_spec(f.name) is None:
            continue
        add(f.name, f, f.value, f.normalized)
    for d in rc.derived:
        for f in live:
            if template_of(f.name) not in d.from_:
                continue
            if d.attribute is None:
                add(d.name, f, f.value, f.normalized)
                continue
            value = f.attributes.get(d.attribute) or (side_of(f.value, rc.side_words) if d.side_words else None)
            if value:
                add(d.name, f, value, value, derived=True)
    return out


def side_of(value: Any, words: dict[str, list[str]]) -> str | None:
    """The side (left/right/bilateral) written in a value, by the configured words, in their order."""
    text = str(value or "").casefold()
    return next((side for side, ws in words.items() if any(w.casefold() in text for w in ws)), None)
