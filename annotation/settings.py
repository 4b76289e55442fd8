"""Settings of the review loop, from ``ONCOSTRUCT_REVIEW_*`` / ``LABEL_STUDIO_*`` environment variables.

* ``ONCOSTRUCT_REVIEW_DB``: SQLAlchemy URL of the gold store and embedded queue
  (default ``sqlite:///.oncostruct/review.sqlite`` under the working directory).
* ``LABEL_STUDIO_URL`` and ``LABEL_STUDIO_API_KEY``: when both are set, the queue syncs to that server.
* ``ONCOSTRUCT_REVIEW_STRATEGY`` (``least_confidence`` | ``entropy``) and
  ``ONCOSTRUCT_REVIEW_DIVERSITY`` (``round_robin`` | ``none``): the active-learning policy.
* ``ONCOSTRUCT_REVIEW_KEEP_TEXT`` (default ``1``): keep each pushed document's text in the store.
  ``0``: store no document text; it is re-read from the push sources (matched by sha256) when
  ``correct``, ``pull`` or ``export`` needs it. Label Studio still receives the text in its tasks:
  the annotators must see the document.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_DB = ".oncostruct/review.sqlite"


class PolicySettings(BaseModel):
    """The active-learning policy (see :mod:`annotation.active_learning`)."""

    model_config = ConfigDict(extra="forbid")
    strategy: Literal["least_confidence", "entropy"] = "least_confidence"
    diversity: Literal["round_robin", "none"] = "round_robin"
    limit: int | None = Field(default=None, ge=1, description="push at most this many documents")


class ReviewLoopSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    db_url: str = f"sqlite:///{DEFAULT_DB}"
    ls_url: str | None = None
    ls_api_key: str | None = None
    policy: PolicySettings = PolicySettings()
    keep_text: bool = True

    @property
    def has_server(self) -> bool:
        return bool(self.ls_url and self.ls_api_key)


def load_settings(**overrides: object) -> ReviewLoopSettings:
    """Settings from the environment, then explicit overrides (``None`` values are ignored)."""
    env = os.environ
    raw: dict = {"policy": {}}
    if v := env.get("ONCOSTRUCT_REVIEW_DB"):
        raw["db_url"] = v
    if v := env.get("LABEL_STUDIO_URL"):
        raw["ls_url"] = v
    if v := env.get("LABEL_STUDIO_API_KEY"):
        raw["ls_api_key"] = v
    if v := env.get("ONCOSTRUCT_REVIEW_STRATEGY"):
        raw["policy"]["strategy"] = v
    if v := env.get("ONCOSTRUCT_REVIEW_DIVERSITY"):
        raw["policy"]["diversity"] = v
    if v := env.get("ONCOSTRUCT_REVIEW_KEEP_TEXT"):
        raw["keep_text"] = v.strip().lower() not in ("0", "false", "no", "off")
    for key, value in overrides.items():
        if value is None:
            continue
        if key in PolicySettings.model_fields:
            raw["policy"][key] = value
        else:
            raw[key] = value
    settings = ReviewLoopSettings.model_validate(raw)
    if settings.db_url == f"sqlite:///{DEFAULT_DB}":
        Path(DEFAULT_DB).parent.mkdir(parents=True, exist_ok=True)
    return settings
