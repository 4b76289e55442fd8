"""The assembly rules (``engine/data/assembly.yaml``): linking, reconciliation and episodes, validated."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field as PydField, ValidationError, field_validator, model_validator

from oncostruct.engine.assembly.keys import KINDS
from oncostruct.engine.catalogue import field_spec
from oncostruct.engine.errors import ConfigError
from oncostruct.engine.data_files import data_yaml

CONFIG_PATH = "engine/data/assembly.yaml"
EpisodeKind = Literal["diagnosis", "surgery", "systemic_therapy", "radiotherapy", "progression", "recurrence"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LinkRule(_Strict):
    """Link two documents when all ``keys`` (patient.keys.<kind>) are present on both and equal."""

    name: str
    keys: list[str] = PydField(min_length=1)
    confidence: float = PydField(gt=0, le=1)

    @field_validator("keys")
    @classmethod
    def _known(cls, v: list[str]) -> list[str]:
        if unknown := set(v) - set(KINDS):
            raise ValueError(f"unknown identifier kinds {sorted(unknown)}; known: {list(KINDS)}")
        return v


class LinkConfig(_Strict):
    rules: list[LinkRule] = PydField(min_length=1)
    contradiction_factor: float = PydField(ge=0, le=1)
    contradiction_keys: list[str]
    accept_min: float = PydField(ge=0, le=1)
    review_below: float = PydField(ge=0, le=1)


class Derived(_Strict):
    """``name`` read from the fields ``from`` (templates) of the same record: their attribute ``attribute``,
    else (``side_words``) the side written in their value; without ``attribute``, a copy of the field."""

    name: str
    from_: list[str] = PydField(alias="from")
    attribute: str | None = None
    side_words: bool = False


class MorphologyFamily(_Strict):
    name: str
    nos: str
    ranges: list[tuple[int, int]]

    def contains(self, code: str) -> bool:
        head = code.partition("/")[0]
        return head.isdigit() and any(lo <= int(head) <= hi for lo, hi in self.ranges)


class StagingOnly(_Strict):
    """Facts of ``fields`` from ``doc_types`` count only when dated no later than the first pathology report."""

    fields: list[str] = PydField(default_factory=list)
    doc_types: list[str] = PydField(default_factory=list)


class ReconcileConfig(_Strict):
    exclude: list[str] = PydField(default_factory=list)
    visit_level: list[str] = PydField(default_factory=list)
    visit_window_days: int = PydField(7, ge=0)
    max_stay_days: int = PydField(60, gt=0)
    conflict_fields: list[str] = PydField(default_factory=list)
    prefix_compatible: list[str] = PydField(default_factory=list)
    size_tolerance_cm: float = PydField(0.0, ge=0)
    nos_topography_suffixes: list[str] = PydField(default_factory=list)
    generic_morphology: list[str] = PydField(default_factory=list)
    morphology_families: list[MorphologyFamily] = PydField(default_factory=list)
    derived: list[Derived] = PydField(default_factory=list)
    side_words: dict[str, list[str]] = PydField(default_factory=dict)
    staging_only: StagingOnly = StagingOnly()

    @model_validator(mode="after")
    def _catalogued(self) -> ReconcileConfig:
        names = [*self.exclude, *self.visit_level, *self.conflict_fields, *self.prefix_compatible,
                 *(d.name for d in self.derived), *(f for d in self.derived for f in d.from_)]
        if missing := sorted({n for n in names if field_spec(n) is None}):
            raise ValueError(f"fields missing from the field catalogue: {missing}")
        return self


class Concept(_Strict):
    concept_id: int
    name: str
    object: str | None = None


class ProcedureKind(_Strict):
    kind: Literal["surgery", "systemic_therapy", "radiotherapy"]
    pattern: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        re.compile(v)
        return v


class EpisodeConfig(_Strict):
    concepts: dict[EpisodeKind, Concept]
    type_concept_id: int
    event_tables: dict[str, str]
    procedure_kinds: list[ProcedureKind]
    antineoplastic_atc_prefixes: list[str]
    progression_pattern: str
    recurrence_pattern: str
    line_gap_days: int = PydField(gt=0)


class AssemblyConfig(_Strict):
    version: Literal[1]
    link: LinkConfig
    reconcile: ReconcileConfig
    episodes: EpisodeConfig


@lru_cache(maxsize=1)
def load_config() -> AssemblyConfig:
    """The packaged assembly rules (cached); a ConfigError names what is wrong."""
    try:
        return AssemblyConfig.model_validate(data_yaml("assembly.yaml"))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"{CONFIG_PATH} is invalid: {exc}") from exc
