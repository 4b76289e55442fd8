"""The review gate sends low-confidence fields to review and leaves the rest alone."""
from __future__ import annotations

from engine.cdm import Document, DocType, Field, FieldStatus, Record, Source
from engine.review_gate import apply_review_gate
from engine.settings import ReviewSettings

SRC = Source(kind="rule", name="t", version="1")


def _record(*confidences: float) -> Record:
    doc = Document(doc_id="d", doc_type=DocType.pathology, source_sha256="0" * 64, engine_version="t")
    return Record(document=doc, fields=[Field(name=f"f{i}", value="v", confidence=c, source=SRC) for i, c in enumerate(confidences)])


def test_low_confidence_goes_to_review_with_reason() -> None:
    out = apply_review_gate(_record(0.95, 0.5), ReviewSettings(min_confidence=0.8))
    assert [f.status for f in out.fields] == [FieldStatus.auto_accepted, FieldStatus.needs_review]
    assert "below threshold" in (out.fields[1].review_reason or "")
    assert out.needs_review and out.issues[-1].fields == ["f1"]


def test_nothing_to_review_adds_no_issue() -> None:
    out = apply_review_gate(_record(0.9), ReviewSettings(min_confidence=0.8))
    assert not out.needs_review and out.issues == []
