"""The assembled patient record: one line of ``patients.jsonl``."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field as PydField

from oncostruct.engine.cdm import FieldStatus


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceRef(_Strict):
    """Where a patient-level value came from: a document and the field in it."""

    doc_id: str
    field: str
    doc_type: str | None = None
    date: str | None = None
    start: int | None = None  # the first text span of the field, when it has one
    end: int | None = None


class PatientField(_Strict):
    """One reconciled fact. ``sources[0]`` supplied the value; the others agree (or conflict)."""

    name: str
    value: Any = None
    normalized: Any = None
    sources: list[SourceRef]
    status: FieldStatus = FieldStatus.auto_accepted
    visit_id: str | None = None  # for visit-level fields (admission dates)
    rule: str = PydField(description="how the value was chosen: precedence, recency, only_source")
    filled_gaps: list[str] = PydField(default_factory=list,
                                      description="documents that could state the field but do not (filled from sources[0])")
    review_reason: str | None = None


class Conflict(_Strict):
    name: str
    values: list[Any]
    doc_ids: list[str]
    visit_id: str | None = None


class EpisodeEvent(_Strict):
    """One EPISODE_EVENT: the field of a document that backs the episode."""

    kind: str  # condition / procedure / drug / measurement / imaging
    name: str
    value: Any = None
    date: str | None = None
    doc_id: str
    field: str


class Episode(_Strict):
    kind: str
    start: str | None = None
    end: str | None = None
    concept_id: int
    concept_name: str
    object: str | None = None
    line: int | None = None  # systemic-therapy line number
    events: list[EpisodeEvent] = PydField(default_factory=list)


class Link(_Strict):
    """How a document joined its patient."""

    doc_id: str
    rule: str
    confidence: float
    status: FieldStatus = FieldStatus.auto_accepted
    linked_to: str | None = None  # the document it matched (rules other than patient_id)


class DocumentRef(_Strict):
    doc_id: str
    doc_type: str
    date: str | None = None
    visit_id: str | None = None
    source_name: str | None = None


class PatientRecord(_Strict):
    """A patient: the documents linked to them, reconciled fields, conflicts and episodes."""

    patient_id: str
    documents: list[str]
    fields: list[PatientField] = PydField(default_factory=list)
    conflicts: list[Conflict] = PydField(default_factory=list)
    episodes: list[Episode] = PydField(default_factory=list)
    links: list[Link] = PydField(default_factory=list)
    document_info: list[DocumentRef] = PydField(default_factory=list)

    @property
    def needs_review(self) -> bool:
        return any(f.status is FieldStatus.needs_review for f in self.fields) or any(
            link.status is FieldStatus.needs_review for link in self.links)
