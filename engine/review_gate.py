"""The review gate: mark fields ``needs_review`` when confidence is low or validation failed.

A field's review policy in the catalogue (``review:``) can set its own ``min_confidence`` or send
it to review ``always``; fields without one follow :class:`ReviewSettings`.
"""
from __future__ import annotations

from oncostruct.engine.catalogue import ReviewPolicy, field_spec, make_issue
from oncostruct.engine.cdm import Field, FieldStatus, Record
from oncostruct.engine.settings import ReviewSettings

ALWAYS_REASON = "always reviewed (field catalogue review policy)"


def _policy(name: str) -> ReviewPolicy | None:
    spec = field_spec(name)
    return spec.review if spec is not None else None


def gate_field(field: Field, settings: ReviewSettings) -> Field:
    """Send a field below its confidence threshold, or under an always-review policy, to review."""
    if field.status is not FieldStatus.auto_accepted:
        return field
    policy = _policy(field.name)
    threshold = settings.min_confidence
    if policy is not None and policy.min_confidence is not None:
        threshold = policy.min_confidence
    if field.confidence < threshold and (settings.review_inferred or not field.inferred):
        reason = f"confidence {field.confidence:.2f} below threshold {threshold:.2f}"
        return field.model_copy(update={"status": FieldStatus.needs_review, "review_reason": reason})
    if policy is not None and policy.always:
        return field.model_copy(update={"status": FieldStatus.needs_review, "review_reason": ALWAYS_REASON})
    return field


def apply_review_gate(record: Record, settings: ReviewSettings) -> Record:
    """Gate every field; add one summary issue when anything needs review."""
    fields = [gate_field(f, settings) for f in record.fields]
    pending = [f.name for f in fields if f.status is FieldStatus.needs_review]
    issues = list(record.issues)
    if pending:
        issues.append(make_issue("review.pending", f"{len(pending)} field(s) need human review", pending))
    return record.model_copy(update={"fields": fields, "issues": issues})
