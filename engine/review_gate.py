"""The review gate: mark fields ``needs_review`` when confidence is low or validation failed."""
from __future__ import annotations

from engine.cdm import Field, FieldStatus, Issue, Record
from engine.settings import ReviewSettings


def gate_field(field: Field, settings: ReviewSettings) -> Field:
    """Send a field below the confidence threshold to review (keeps any earlier reason)."""
    if field.status is not FieldStatus.auto_accepted:
        return field
    if field.confidence < settings.min_confidence and (settings.review_inferred or not field.inferred):
        reason = f"confidence {field.confidence:.2f} below threshold {settings.min_confidence:.2f}"
        return field.model_copy(update={"status": FieldStatus.needs_review, "review_reason": reason})
    return field


def apply_review_gate(record: Record, settings: ReviewSettings) -> Record:
    """Gate every field; add one summary issue when anything needs review."""
    fields = [gate_field(f, settings) for f in record.fields]
    pending = [f.name for f in fields if f.status is FieldStatus.needs_review]
    issues = list(record.issues)
    if pending:
        issues.append(Issue(code="review.pending", severity="info", fields=pending,
                            message=f"{len(pending)} field(s) need human review"))
    return record.model_copy(update={"fields": fields, "issues": issues})
