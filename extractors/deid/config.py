"""The de-identification data file (``extractors/deid/deid.yaml``), validated."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from oncostruct.engine.deid import PHI_CATEGORIES
from oncostruct.engine.errors import RulePackError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Validator(_Strict):
    check: Literal["gb11643"]
    failed_confidence: float = Field(ge=0, le=1)


class SurrogateSettings(_Strict):
    date_shift_days: tuple[int, int]
    age_zh: str
    age_en: str
    tag_hex: int = Field(6, ge=4, le=32)


class TaggerSettings(_Strict):
    name: Literal["lac"]
    tags: dict[str, str]
    min_chars: int = Field(2, ge=1)
    max_chars: int = Field(4, ge=1)
    require_surname: bool = True
    require_name_end: bool = True
    confidence: float = Field(0.7, ge=0, le=1)


class DeidConfig(_Strict):
    version: str
    recognizers: str
    validators: dict[str, Validator] = Field(default_factory=dict)
    allow_list: list[str] = Field(default_factory=list)
    allow_lexicons: list[str] = Field(default_factory=list)
    en_not_name: list[str] = Field(default_factory=list)
    left_trim: dict[str, list[str]] = Field(default_factory=dict)
    not_phi: dict[str, list[str]] = Field(default_factory=dict)
    language_specific: bool = False
    tagger: TaggerSettings | None = None
    surrogates: SurrogateSettings
    patient_from: list[str]

    def model_post_init(self, __context: object) -> None:
        bad = [c for c in self.patient_from if c not in PHI_CATEGORIES]
        if bad:
            raise ValueError(f"patient_from: unknown categories {bad}")


@lru_cache(maxsize=None)
def load_config(path: str | None = None) -> DeidConfig:
    """The packaged ``deid.yaml`` (or a user file)."""
    try:
        text = (open(path, encoding="utf-8").read() if path else
                resources.files("oncostruct.extractors.deid").joinpath("deid.yaml").read_text(encoding="utf-8"))
        return DeidConfig.model_validate(yaml.safe_load(text))
    except (OSError, yaml.YAMLError, ValidationError, ValueError) as exc:
        raise RulePackError(f"de-identification config {path or 'deid.yaml'}: {exc}") from None


def recognizers_path(config: DeidConfig) -> str:
    """Where the config's rule pack of recognizers lies (packaged beside deid.yaml)."""
    return str(resources.files("oncostruct.extractors.deid").joinpath(config.recognizers))
