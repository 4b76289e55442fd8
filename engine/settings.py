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


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_text_bytes: int = Field(5_000_000, gt=0, description="text inputs larger than this are refused")
    max_file_bytes: int = Field(200_000_000, gt=0, description="any input larger than this is refused")
    review: ReviewSettings = ReviewSettings()
    keep_phi: bool = False


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
    return env


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings for this process (environment read once)."""
    return Settings(**_from_env())
