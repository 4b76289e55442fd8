"""The review gate sends low-confidence fields to review and leaves the rest alone."""
from __future__ import annotations

from oncostruct.engine.cdm import Document, DocType, Field, FieldStatus, Record, Source
from oncostruct.engine.review_gate import apply_review_gate
from oncostruct.engine.settings import ReviewSettings

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


def _with_policy(monkeypatch, **policy) -> None:
    from oncostruct.engine import review_gate
    from oncostruct.engine.catalogue import ReviewPolicy, field_spec

    spec = field_spec("pathology.grade").model_copy(update={"review": ReviewPolicy(**policy)})
    monkeypatch.setattr(review_gate, "field_spec", lambda name: spec if name == "pathology.grade" else field_spec(name))


def _named(name: str, confidence: float) -> Record:
    doc = Document(doc_id="d", doc_type=DocType.pathology, source_sha256="0" * 64, engine_version="t")
    return Record(document=doc, fields=[Field(name=name, value="G2", confidence=confidence, source=SRC),
                                        Field(name="pathology.margin", value="x", confidence=confidence, source=SRC)])


def test_catalogue_min_confidence_overrides_the_setting(monkeypatch) -> None:
    _with_policy(monkeypatch, min_confidence=0.95)
    out = apply_review_gate(_named("pathology.grade", 0.9), ReviewSettings(min_confidence=0.8))
    assert [f.status for f in out.fields] == [FieldStatus.needs_review, FieldStatus.auto_accepted]
    assert out.fields[0].review_reason == "confidence 0.90 below threshold 0.95"


def test_catalogue_always_review_policy(monkeypatch) -> None:
    _with_policy(monkeypatch, always=True)
    out = apply_review_gate(_named("pathology.grade", 0.99), ReviewSettings(min_confidence=0.8))
    assert out.fields[0].status is FieldStatus.needs_review and "always reviewed" in out.fields[0].review_reason
    assert out.issues[-1].code == "review.pending" and out.issues[-1].fields == ["pathology.grade"]


def test_catalogue_policies_are_the_weak_video_model_only() -> None:
    """Only the surgical-video model's spans are always reviewed (its leave-one-group-out accuracy is poor)."""
    from oncostruct.engine.catalogue import load_catalogue

    with_policy = {name for name, s in load_catalogue().fields.items() if s.review is not None}
    assert with_policy == {"procedure_video.segments[]", "procedure_video.instruments[]"}
