"""Records → Label Studio tasks whose predictions are the engine's fields, as pre-annotations.

A task's prediction holds one span region per field with a text provenance (region id
``f<index of the field in Record.fields>``, region ``score`` = the field's confidence), one per
NER entity (``e<i>``), and for PET-CT one findings-sentence region per lesion (``l<i>``) linked to
its conclusion region by a relation. The prediction's ``score`` is the lowest confidence among
the fields under review and its ``model_version`` names their ``Field.source`` (``name@version``).
"""
from __future__ import annotations

import logging
import re
from typing import Any

from oncostruct.engine.cdm import Field, FieldStatus, Record, TextSpan
from oncostruct.annotation.label_config import RELATION_TYPE, TEXT_FROM, TEXT_TO, field_label, kind_for, kind_spec

log = logging.getLogger(__name__)
_LESION = re.compile(r"^imaging\.lesions\[(\d+)\]\.(\w+)$")


def task_key(record: Record) -> str:
    """Stable identity of a document's task: re-pushing the same document is a no-op."""
    return f"{record.document.doc_id}:{record.document.source_sha256[:12]}"


def source_tag(field: Field) -> str:
    return f"{field.source.name}@{field.source.version}"


def _span_region(rid: str, text: str, span: TextSpan, label: str, score: float, meta: list[str]) -> dict[str, Any] | None:
    if text[span.start:span.end] != (span.text if span.text is not None else text[span.start:span.end]):
        log.warning("region %s: provenance does not slice back into the document text; skipped", rid)
        return None
    return {"id": rid, "from_name": TEXT_FROM, "to_name": TEXT_TO, "type": "labels", "origin": "prediction",
            "value": {"start": span.start, "end": span.end, "text": text[span.start:span.end], "labels": [label]},
            "score": round(score, 4), "meta": {"text": meta}}


def _first_span(field: Field) -> TextSpan | None:
    return next((p for p in field.provenance if isinstance(p, TextSpan)), None)


def _lesion_links(record: Record, text: str, kind: str) -> list[dict[str, Any]]:
    """Findings-sentence regions for PET-CT lesions and their relations to conclusion regions."""
    spec = kind_spec(kind)
    if not spec.finding_label:
        return []
    findings: dict[str, TextSpan] = {}
    conclusions: dict[str, str] = {}
    for idx, f in enumerate(record.fields):
        m = _LESION.match(f.name)
        if not m:
            continue
        spans = [p for p in f.provenance if isinstance(p, TextSpan)]
        if m.group(2) == "conclusion" and spans:
            conclusions[m.group(1)] = f"f{idx}"
        elif len(spans) > 1 and m.group(1) not in findings:
            findings[m.group(1)] = max(spans, key=lambda s: s.end - s.start)
    out: list[dict[str, Any]] = []
    for lesion, span in sorted(findings.items(), key=lambda kv: int(kv[0])):
        region = _span_region(f"l{lesion}", text, span, spec.finding_label, 1.0, [f"lesion {lesion} findings"])
        if region is None:
            continue
        out.append(region)
        if lesion in conclusions:
            out.append({"id": f"r{lesion}", "type": RELATION_TYPE, "from_id": f"l{lesion}", "to_id": conclusions[lesion],
                        "direction": "right", "labels": [spec.relation]})
    return out


def prediction(record: Record, text: str) -> dict[str, Any]:
    """The pre-annotation of one Record."""
    kind = kind_for(record.document.doc_type.value)
    result: list[dict[str, Any]] = []
    for idx, f in enumerate(record.fields):
        span = _first_span(f)
        if span is None:
            continue
        meta = [f.name, source_tag(f)] + ([f"review: {f.review_reason}"] if f.status is FieldStatus.needs_review else [])
        region = _span_region(f"f{idx}", text, span, field_label(f.name), f.confidence, meta)
        if region is not None:
            result.append(region)
    for i, e in enumerate(record.entities):
        region = _span_region(f"e{i}", text, TextSpan(start=e.start, end=e.end, text=e.text), e.label, e.confidence,
                              [f"entity {e.label}", f"{e.source.name}@{e.source.version}"])
        if region is not None:
            result.append(region)
    result.extend(_lesion_links(record, text, kind))
    pending = [f for f in record.fields if f.status is FieldStatus.needs_review] or record.fields
    versions = sorted({source_tag(f) for f in pending})
    return {"model_version": "+".join(versions) or "none", "score": round(min((f.confidence for f in pending), default=1.0), 4),
            "result": result}


def review_hint(record: Record) -> str:
    pending = [f"{f.name} ({f.confidence:.2f})" for f in record.fields if f.status is FieldStatus.needs_review]
    return "Needs review: " + ", ".join(pending) if pending else "Nothing flagged"


def build_task(record: Record, text: str, *, rank: int = 0, priority: float = 0.0) -> dict[str, Any]:
    """A Label Studio task (data + one prediction) for a text Record."""
    doc = record.document
    return {
        "data": {"text": text, "task_key": task_key(record), "doc_id": doc.doc_id, "doc_type": doc.doc_type.value,
                 "source_sha256": doc.source_sha256, "review_hint": review_hint(record), "rank": rank,
                 "priority": priority},
        "predictions": [prediction(record, text)],
    }
