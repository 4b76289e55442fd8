"""The CDM field catalogue: one validated file (``engine/data/field_catalogue.yaml``) for every field path.

Each field template (the CDM path with indices written ``[]``) carries its value type, unit, code
systems, value domain, required-ness per document type, review policy, source precedence,
terminology lookup and Label Studio label/view; ``issue_codes`` lists every issue code the engine
emits. :func:`field_spec` maps a concrete path (``imaging.lesions[3].suv_max``) to its entry.
"""
from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Any, Iterable, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field as PydField, ValidationError, field_validator, model_validator

from oncostruct.engine.cdm import DocType, Field, Issue, Record
from oncostruct.engine.errors import ConfigError
from oncostruct.engine.data_files import data_yaml

CATALOGUE_PATH = "engine/data/field_catalogue.yaml"
_INDEX = re.compile(r"\[\d+\]")
_TEMPLATE = re.compile(r"^[a-z_]+(?:\.[A-Za-z_][A-Za-z0-9_]*(?:\[\])?)+$")
_ISSUE_CODE = re.compile(r"^[a-z]+\.[a-z][A-Za-z0-9_]*$")  # <area>.<snake_case> (pN spelled as in the CDM)

ValueType = Literal["string", "integer", "number", "boolean", "date", "size", "tnm", "object"]
Severity = Literal["info", "warning", "error"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Range(_Strict):
    """A numeric range; bounds are inclusive unless marked exclusive. ``id`` is quoted in issues."""

    id: str
    min: int | float | None = None
    max: int | float | None = None
    min_exclusive: bool = False
    max_exclusive: bool = False

    def contains(self, v: float) -> bool:
        if self.min is not None and (v < self.min or (self.min_exclusive and v == self.min)):
            return False
        return self.max is None or (v <= self.max and not (self.max_exclusive and v == self.max))

    def bounds(self) -> str:
        lo, hi = "(" if self.min_exclusive else "[", ")" if self.max_exclusive else "]"
        return f"{lo}{'-inf' if self.min is None else self.min}, {'inf' if self.max is None else self.max}{hi}"


class DateDomain(_Strict):
    """An ISO date not before ``min_year`` and not in the future."""

    min_year: int


class TnmGrammar(_Strict):
    """The AJCC grammar of one axis: regular expressions for the prefix and the category."""

    axis: Literal["T", "N", "M"]
    prefix: str
    category: str

    @field_validator("prefix", "category")
    @classmethod
    def _compiles(cls, v: str) -> str:
        re.compile(v)
        return v


class Domain(_Strict):
    """Plausible values; ``keys`` applies the checks to those members of a mapping value."""

    keys: list[str] | None = None
    enum: list[str] | None = None
    range: Range | None = None
    date: DateDomain | None = None
    tnm: TnmGrammar | None = None


class Terminology(_Strict):
    """A lexicon lookup: ``systems`` in order of preference, ``extra_codes`` attribute → system."""

    lexicon: str
    systems: list[str] = PydField(min_length=1)
    extra_codes: dict[str, str] = PydField(default_factory=dict)


class ReviewPolicy(_Strict):
    """Overrides of the review gate for one field."""

    min_confidence: float | None = PydField(None, ge=0, le=1)
    always: bool = False


class FieldSpec(_Strict):
    """One field template of the catalogue."""

    name: str
    description: str
    type: tuple[ValueType, ...] = PydField(min_length=1)
    members: list[str] = PydField(default_factory=list)
    unit: str | None = None
    code_systems: list[str] = PydField(default_factory=list)
    domain: Domain | None = None
    doc_types: list[DocType] = PydField(min_length=1)
    required_for: list[DocType] = PydField(default_factory=list)
    precedence: list[DocType] = PydField(default_factory=list)
    review: ReviewPolicy | None = None
    terminology: Terminology | None = None
    label: str | None = None
    view: str | None = None
    inferred: bool = False
    check_conflicts: bool = True

    @field_validator("type", mode="before")
    @classmethod
    def _one_or_more(cls, v: Any) -> Any:
        return (v,) if isinstance(v, str) else v

    @model_validator(mode="after")
    def _consistent(self) -> FieldSpec:
        problems = [msg for bad, msg in [
            (not _TEMPLATE.match(self.name), "is not a field template (indices written [])"),
            (("object" in self.type) != bool(self.members), "lists members exactly when its type is object"),
            (not set(self.required_for) <= set(self.doc_types), "is required for a type that does not emit it"),
            (len(set(self.precedence)) != len(self.precedence), "repeats a document type in precedence"),
            (self.terminology is not None and not set(self.terminology.systems) <= set(self.code_systems),
             "looks up code systems missing from code_systems"),
            (self.domain is not None and not set(self.domain.keys or []) <= set(self.members),
             "checks domain keys that are not members"),
            (self.domain is not None and self.domain.tnm is not None and "tnm" not in self.type,
             "has a TNM grammar but is not of type tnm"),
        ] if bad]
        if problems:
            raise ValueError(f"{self.name}: " + "; ".join(problems))
        return self

    @property
    def sources(self) -> list[DocType]:
        """Document types that may supply the field for a patient, most trusted first."""
        return self.precedence or self.doc_types


class LabelKind(_Strict):
    """One Label Studio labelling kind; ``view`` is the Record attribute it reviews."""

    view: str
    finding_label: str | None = None
    relation: str | None = None
    regions: list[str] = PydField(default_factory=list)
    text_areas: list[str] = PydField(default_factory=list)
    segments: list[str] = PydField(default_factory=list)
    instruments: list[str] = PydField(default_factory=list)


class LabelStudio(_Strict):
    entity_labels: list[str]
    kinds: dict[str, LabelKind]


class IssueSpec(_Strict):
    """One issue code: its severity and what it means."""

    severity: Severity
    meaning: str
    replaced_by: str | None = None


class Catalogue(_Strict):
    """The whole catalogue file."""

    version: Literal[1]
    label_studio: LabelStudio
    fields: dict[str, FieldSpec]
    issue_codes: dict[str, IssueSpec]

    @model_validator(mode="before")
    @classmethod
    def _name_fields(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("fields"), dict):
            data = {**data, "fields": {k: {**v, "name": k} if isinstance(v, dict) else v
                                       for k, v in data["fields"].items()}}
        return data

    @model_validator(mode="after")
    def _references(self) -> Catalogue:
        kinds = self.label_studio.kinds
        problems = [f"{k}: not <area>.<snake_case>" for k in self.issue_codes if not _ISSUE_CODE.match(k)]
        problems += [f"{k}: replaced by unknown code {s.replaced_by}" for k, s in self.issue_codes.items()
                     if s.replaced_by and s.replaced_by not in self.issue_codes]
        problems += [f"{k}: finding label {s.finding_label} is not a field" for k, s in kinds.items()
                     if s.finding_label and s.finding_label not in self.fields]
        problems += [f"{k}: no view attribute Record.{s.view}" for k, s in kinds.items()
                     if not has_attribute(Record, s.view)]
        for f in self.fields.values():
            if f.label is not None and f.label not in kinds:
                problems.append(f"{f.name}: label kind {f.label!r} is not a Label Studio kind")
            if f.view is not None and not has_attribute(Record, f.view):
                problems.append(f"{f.name}: no view attribute Record.{f.view}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def span_labels(self, kind: str) -> list[str]:
        """Templates offered as span labels in a Label Studio text kind, in catalogue order."""
        return [f.name for f in self.fields.values() if f.label == kind]

    def required_fields(self, doc_type: DocType) -> list[str]:
        """Templates a record of ``doc_type`` is incomplete without."""
        return [f.name for f in self.fields.values() if doc_type in f.required_for]


def has_attribute(model: type[BaseModel], dotted: str) -> bool:
    """Whether ``model`` (through optional and list-typed members) has the dotted attribute path."""
    head, _, rest = dotted.partition(".")
    info = model.model_fields.get(head)
    if info is None:
        return False
    if not rest:
        return True
    candidates = [info.annotation, *_type_args(info.annotation)]
    return any(isinstance(t, type) and issubclass(t, BaseModel) and has_attribute(t, rest) for t in candidates)


def _type_args(annotation: Any) -> list[Any]:
    out = []
    for a in getattr(annotation, "__args__", ()):
        out += [a, *_type_args(a)]
    return out


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The parsed and validated catalogue (cached); a ConfigError names what is wrong."""
    try:
        return Catalogue.model_validate(data_yaml("field_catalogue.yaml"))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"{CATALOGUE_PATH} is invalid: {exc}") from exc


@lru_cache(maxsize=4096)
def template_of(name: str) -> str:
    """The template of a concrete field path (``imaging.lesions[2].site`` → ``imaging.lesions[].site``)."""
    return _INDEX.sub("[]", name)


def field_spec(name: str) -> FieldSpec | None:
    """The catalogue entry of a concrete path or template, or None when the catalogue does not know it."""
    return load_catalogue().fields.get(template_of(name))


def issue_spec(code: str) -> IssueSpec | None:
    """The catalogue entry of an issue code, or None."""
    return load_catalogue().issue_codes.get(code)


def make_issue(code: str, message: str, fields: Iterable[str] = ()) -> Issue:
    """An Issue with the catalogue's severity for ``code`` (a ConfigError for a code not listed)."""
    spec = issue_spec(code)
    if spec is None:
        raise ConfigError(f"issue code {code!r} is not listed in {CATALOGUE_PATH}")
    return Issue(code=code, message=message, severity=spec.severity, fields=list(fields))


def close_templates(name: str, n: int = 3, extra: Iterable[str] = ()) -> list[str]:
    """Known templates closest to ``name`` (for "did you mean" hints)."""
    known = sorted({*load_catalogue().fields, *extra})
    return difflib.get_close_matches(template_of(name), known, n=n, cutoff=0.6)


def unknown_paths(fields: Iterable[Field]) -> set[str]:
    """Names of fields the catalogue does not know."""
    return {f.name for f in fields if field_spec(f.name) is None}
