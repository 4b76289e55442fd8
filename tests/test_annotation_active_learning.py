"""The active-learning order: uncertainty with diversity across document types."""
from __future__ import annotations

from oncostruct.engine.cdm import DocType, Document, Field, FieldStatus, Record, Source
from oncostruct.annotation.active_learning import binary_entropy, rank, uncertainty
from oncostruct.annotation.settings import PolicySettings

SRC = Source(kind="rule", name="r", version="1")


def rec(doc_id: str, doc_type: str, confs: list[float]) -> Record:
    fields = [Field(name=f"x[{i}]", confidence=c, source=SRC,
                    status=FieldStatus.needs_review if c < 0.8 else FieldStatus.auto_accepted) for i, c in enumerate(confs)]
    doc = Document(doc_id=doc_id, doc_type=DocType(doc_type), source_sha256=doc_id * 4, engine_version="t")
    return Record(document=doc, fields=fields)


POOL = [rec("p1", "pathology", [0.7, 0.95]), rec("p2", "pathology", [0.6]), rec("p3", "pathology", [0.5]),
        rec("c1", "petct", [0.75]), rec("c2", "petct", [0.79, 0.79, 0.79]), rec("d1", "discharge", [0.99])]


def test_least_confidence_and_entropy() -> None:
    assert uncertainty(POOL[0]) == 1 - 0.7
    assert abs(uncertainty(POOL[4], "entropy") - 3 * binary_entropy(0.79)) < 1e-12
    assert uncertainty(POOL[5]) == 0.0
    assert binary_entropy(0.5) == 1.0


def test_global_ranking_without_diversity() -> None:
    order = [r.record.document.doc_id for r in rank(POOL, PolicySettings(diversity="none"))]
    assert order == ["p3", "p2", "p1", "c1", "c2"]  # d1 has nothing to review


def test_round_robin_interleaves_document_types() -> None:
    order = [r.record.document.doc_id for r in rank(POOL, PolicySettings())]
    assert order == ["p3", "c1", "p2", "c2", "p1"]
    assert [r.rank for r in rank(POOL)] == list(range(5))


def test_entropy_prefers_many_uncertain_fields_and_limit() -> None:
    order = [r.record.document.doc_id for r in rank(POOL, PolicySettings(strategy="entropy", diversity="none", limit=2))]
    assert order == ["c2", "p3"]


def test_calibrator_changes_the_order() -> None:
    flip = lambda f: 1 - f.confidence  # noqa: E731
    order = [r.record.document.doc_id for r in rank(POOL, PolicySettings(diversity="none"), calibrate=flip)]
    assert order[0] == "c2"
