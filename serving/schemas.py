"""Request and response schemas of the REST API (the Record itself is engine.cdm.Record)."""
from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator

from oncostruct.engine.cdm import DocType

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
    date: dt.date | None = Field(None, description="the document's date (ISO), used by patient assembly")

    @field_validator("date", mode="before")
    @classmethod
    def _iso_text(cls, v: Any) -> Any:
        if v is not None and not isinstance(v, (str, dt.date)):
            raise ValueError("date is an ISO date string (YYYY-MM-DD)")
        return v

    def meta(self) -> dict[str, Any]:
        keys = ("doc_type", "language", "doc_id", "patient_id", "visit_id", "date")
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
    deidentify: StrictBool | None = Field(
        None, description="ask for de-identification (PHI replaced before extraction). The server's setting "
        "(ONCOSTRUCT_DEIDENTIFY) is the hospital's policy: a request that asks for the other is refused with 422")


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


class JobSummary(BaseModel):
    """A job as listed by ``GET /v1/jobs`` (``GET /v1/jobs/{id}`` adds its record ids and errors)."""

    id: str
    status: Literal["queued", "running", "succeeded", "failed"]
    total: int
    done: int
    failed: int
    progress: float = Field(description="finished documents (done + failed) / total")
    message: str | None = None
    created_at: datetime
    updated_at: datetime


class JobPublic(JobSummary):
    record_ids: list[str]
    errors: list[JobError]


class RecordSummary(BaseModel):
    """A stored record as listed by ``GET /v1/records`` (the Record itself: ``GET /v1/records/{id}``)."""

    id: str
    job_id: str | None = None
    doc_id: str | None = None
    doc_type: str | None = None
    source_sha256: str | None = None
    created_at: datetime


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list, newest first; ``next`` is the URL of the next page, or null on the last."""

    items: list[T]
    total: int = Field(description="items visible to this key, on all pages")
    limit: int
    offset: int
    next: str | None = None


class KeyRequest(_In):
    name: str = Field(min_length=1, max_length=128)
    role: Literal["reader", "admin"] = "reader"


class KeyInfo(BaseModel):
    """An API key without its secret."""

    id: str = Field(description="the first 16 hex digits of the key's sha256; records and jobs belong to it")
    name: str
    role: str
    source: Literal["env", "store"] = Field(description="ONCOSTRUCT_API_KEYS (cannot be revoked here) or created")
    created_at: datetime | None = None


class KeyPublic(BaseModel):
    id: str
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
