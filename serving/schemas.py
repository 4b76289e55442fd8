"""Request and response schemas of the REST API (the Record itself is engine.cdm.Record)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator

from engine.cdm import DocType

Lang = Literal["zh", "en"]
_ID = Field(None, min_length=1, max_length=128)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentMeta(_In):
    """Optional metadata of a document (type and language are detected when omitted)."""

    doc_type: DocType | None = None
    language: Lang | None = None
    doc_id: str | None = _ID
    patient_id: str | None = _ID
    visit_id: str | None = _ID

    def meta(self) -> dict[str, Any]:
        keys = ("doc_type", "language", "doc_id", "patient_id", "visit_id")
        return {k: getattr(self, k) for k in keys if getattr(self, k) is not None}


class DocumentIn(DocumentMeta):
    """One text document and its optional metadata."""

    text: str = Field(min_length=1, description="the document text")

    @field_validator("text")
    @classmethod
    def _encodable(cls, v: str) -> str:
        try:
            v.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError("text is not valid Unicode (unpaired surrogate)") from exc
        return v


class ExtractOptions(_In):
    store: StrictBool = Field(True, description="keep the record so GET /v1/records/{id} can return it")


class ExtractRequest(DocumentIn):
    """``POST /v1/extract`` with a JSON body."""

    options: ExtractOptions | None = None


class ExtractForm(DocumentMeta):
    """The form fields that may accompany a multipart upload."""

    store: bool = True


class JobRequest(_In):
    """``POST /v1/jobs``: documents to structure asynchronously."""

    documents: list[DocumentIn] = Field(min_length=1, description="the documents of the job")


class JobError(BaseModel):
    key: str
    source_sha256: str | None = None
    error: dict[str, Any]


class JobPublic(BaseModel):
    id: str
    status: Literal["queued", "running", "succeeded", "failed"]
    total: int
    done: int
    failed: int
    progress: float = Field(description="finished documents (done + failed) / total")
    message: str | None = None
    created_at: datetime
    updated_at: datetime
    record_ids: list[str]
    errors: list[JobError]


class KeyRequest(_In):
    name: str = Field(min_length=1, max_length=128)
    role: Literal["reader", "admin"] = "reader"


class KeyPublic(BaseModel):
    name: str
    role: str
    key: str = Field(description="the new key; shown once, only its hash is stored")


class Health(BaseModel):
    status: Literal["ok"]
    version: str


class Readiness(BaseModel):
    status: Literal["ready", "loading", "failed"]
    extractors: dict[str, str] = Field(description="doc type → extractor name and version")
    errors: list[str] = []
