"""One typed settings object. Values come from defaults, then ``ONCOSTRUCT_*`` environment variables."""
from __future__ import annotations

import os
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field


class ReviewSettings(BaseModel):
    """Thresholds of the review gate."""

    model_config = ConfigDict(extra="forbid")
    min_confidence: float = Field(0.80, ge=0, le=1, description="fields below this go to review")
    review_inferred: bool = Field(True, description="send model-inferred (unstated) values below threshold to review")


class ApiSettings(BaseModel):
    """Limits and storage of the REST service (``oncostruct serve``)."""

    model_config = ConfigDict(extra="forbid")
    max_body_bytes: int = Field(20_000_000, gt=0, description="request bodies larger than this get 413")
    max_text_chars: int = Field(1_000_000, gt=0, description="a document longer than this (characters) gets 413")
    timeout_s: float = Field(60.0, gt=0, description="an extraction taking longer than this gets 504")
    max_job_documents: int = Field(1000, gt=0, description="most documents in one batch job")
    threads: int = Field(4, gt=0, description="worker threads for CPU-bound extraction per server process")
    db_url: str = Field("sqlite://", description="SQLAlchemy URL of the job/record/key store (default: in memory)")
    memory_max_records: int = Field(10_000, gt=0, description="an in-memory store keeps at most this many records "
                                    "and finished jobs, evicting the oldest (a file store keeps everything)")


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_text_bytes: int = Field(5_000_000, gt=0, description="text inputs larger than this are refused")
    max_file_bytes: int = Field(200_000_000, gt=0, description="any input larger than this is refused")
    review: ReviewSettings = ReviewSettings()
    keep_phi: bool = False
    api: ApiSettings = ApiSettings()


def _from_env() -> dict:
    env: dict = {}
    if v := os.environ.get("ONCOSTRUCT_MAX_TEXT_BYTES"):
        env["max_text_bytes"] = int(v)
    if v := os.environ.get("ONCOSTRUCT_MAX_FILE_BYTES"):
        env["max_file_bytes"] = int(v)
    if v := os.environ.get("ONCOSTRUCT_REVIEW_MIN_CONFIDENCE"):
        env["review"] = {"min_confidence": float(v)}
    if v := os.environ.get("ONCOSTRUCT_KEEP_PHI"):
        env["keep_phi"] = v.lower() in {"1", "true", "yes"}
    api = {k: os.environ[f"ONCOSTRUCT_API_{k.upper()}"] for k in ApiSettings.model_fields
           if f"ONCOSTRUCT_API_{k.upper()}" in os.environ}
    if v := os.environ.get("ONCOSTRUCT_DB_URL"):
        api["db_url"] = v
    if api:
        env["api"] = api
    return env


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings for this process (environment read once)."""
    return Settings(**_from_env())
