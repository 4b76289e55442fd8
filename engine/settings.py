"""One typed settings object: defaults, then a YAML config file (``ONCOSTRUCT_CONFIG``), then ``ONCOSTRUCT_*``
environment variables.

Component options live under ``components.<name>`` and are validated against the component's own
``Options`` model when it is built: in the config file as ``components: {lab_report: {fix_orientation: false}}``,
in the environment as ``ONCOSTRUCT_COMPONENTS__lab_report__fix_orientation=false`` (values read as YAML).
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from oncostruct.engine.errors import ConfigError


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
    threads: int = Field(4, gt=0, description="requests structured at once per server process")
    isolate: bool = Field(True, description="structure documents in worker processes that are stopped after timeout_s "
                          "(a runaway document cannot stall the server); off: in threads of the server process")
    processes: int = Field(2, gt=0, description="extraction worker processes per server process (with isolate)")
    worker_start_s: float = Field(60.0, ge=0, description="with isolate, a request may also wait this long for a "
                                  "worker (e.g. the replacement of a stopped one) before it gets 504")
    db_url: str = Field("sqlite://", description="SQLAlchemy URL of the job/record/key store (default: in memory)")
    memory_max_records: int = Field(10_000, gt=0, description="an in-memory store keeps at most this many records "
                                    "and finished jobs, evicting the oldest (a file store keeps everything)")


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_text_bytes: int = Field(5_000_000, gt=0, description="text inputs larger than this are refused")
    max_file_bytes: int = Field(200_000_000, gt=0, description="any input larger than this is refused")
    review: ReviewSettings = ReviewSettings()
    api: ApiSettings = ApiSettings()
    extract_timeout_s: float | None = Field(
        120.0, gt=0, description="a document whose structuring takes longer is stopped and reported (batch and "
        "server run each document in a worker process that can be stopped); None: no limit, in-process")
    device: Literal["auto", "cpu", "cuda"] = Field("auto", description="where models run: auto uses CUDA when "
                                                  "ONNX Runtime offers it")
    components: dict[str, dict[str, Any]] = Field(default_factory=dict, description="options per component name")
    normalizer: str = Field("terminology", description="the component the normalize stage runs")
    routes: dict[str, list[str]] = Field(default_factory=dict, description="routing-table overrides: doc type → "
                                         "component names")
    secret_key: SecretStr | None = Field(None, description="the hospital's key for keyed hashes (HMAC): patient "
                                         "linkage keys and de-identification surrogates; env ONCOSTRUCT_SECRET_KEY")
    deidentify: bool = Field(False, description="replace PHI with keyed surrogates before any extraction (the "
                             "deidentify stage; needs secret_key); env ONCOSTRUCT_DEIDENTIFY")
    deidentifier: str = Field("deid", description="the component the deidentify stage runs")


def _deep_merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _deep_merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _from_file(path: str | None) -> dict:
    if not path:
        return {}
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"ONCOSTRUCT_CONFIG={path}: cannot be read as YAML ({exc})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"ONCOSTRUCT_CONFIG={path}: a config file is a YAML mapping")
    return data


def _component_env() -> dict:
    out: dict[str, dict[str, Any]] = {}
    for key, raw in os.environ.items():
        if key.startswith("ONCOSTRUCT_COMPONENTS__"):
            parts = key.split("__")
            if len(parts) != 3 or not parts[1] or not parts[2]:
                raise ConfigError(f"{key}: write ONCOSTRUCT_COMPONENTS__<component>__<option>")
            out.setdefault(parts[1], {})[parts[2]] = yaml.safe_load(raw)
    return out


def _from_env() -> dict:
    env: dict = {}
    if components := _component_env():
        env["components"] = components
    if v := os.environ.get("ONCOSTRUCT_EXTRACT_TIMEOUT_S"):
        env["extract_timeout_s"] = None if v.lower() in {"0", "none", "off"} else float(v)
    if v := os.environ.get("ONCOSTRUCT_SECRET_KEY"):
        env["secret_key"] = v
    if v := os.environ.get("ONCOSTRUCT_DEIDENTIFY"):
        env["deidentify"] = v.lower() in {"1", "true", "yes", "on"}
    if v := os.environ.get("ONCOSTRUCT_DEVICE"):
        env["device"] = v.lower()
    if v := os.environ.get("ONCOSTRUCT_MAX_TEXT_BYTES"):
        env["max_text_bytes"] = int(v)
    if v := os.environ.get("ONCOSTRUCT_MAX_FILE_BYTES"):
        env["max_file_bytes"] = int(v)
    if v := os.environ.get("ONCOSTRUCT_REVIEW_MIN_CONFIDENCE"):
        env["review"] = {"min_confidence": float(v)}
    api = {k: os.environ[f"ONCOSTRUCT_API_{k.upper()}"] for k in ApiSettings.model_fields
           if f"ONCOSTRUCT_API_{k.upper()}" in os.environ}
    if v := os.environ.get("ONCOSTRUCT_DB_URL"):
        api["db_url"] = v
    if api:
        env["api"] = api
    return env


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings for this process (config file and environment read once)."""
    return load_settings()


def load_settings(config_file: str | None = None) -> Settings:
    """Defaults < the YAML config file (``config_file`` or ``ONCOSTRUCT_CONFIG``) < the environment."""
    data = _deep_merge(_from_file(config_file or os.environ.get("ONCOSTRUCT_CONFIG")), _from_env())
    try:
        return Settings(**data)
    except ValidationError as exc:
        raise ConfigError(f"settings: {exc.errors(include_url=False)}") from None
