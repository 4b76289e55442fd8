"""Components: what a pipeline runs, how they register, and how they are built with their options.

A component turns :class:`ExtractionInput` documents into :class:`Extraction` results (fields,
entities, issues). It declares its ``name``, ``version``, the input ``modalities`` it accepts
and a pydantic ``Options`` model, and processes batches with ``pipe`` (as spaCy's
``nlp.pipe``), so that models see many documents at once. :class:`BaseComponent` gives the
per-document default; a model-backed component overrides ``pipe``.

Registration, as spaCy's factories:

* a decorator, ``@register_component("toy")``, for code that is imported anyway;
* an entry point in the group ``oncostruct.components`` (``name = module:Class``), which is
  imported only when a routing table names it, so a deployment loads only what it uses;
* or no registration at all: a routing table may name ``module:Class`` directly (worker
  processes import it by that name, which a decorator in a test or notebook cannot give them).

:func:`get_component` builds a component once per process and option set, with its options
taken from ``Settings.components[name]`` (config file, environment or API).
"""
from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, ClassVar, Iterable, Iterator, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, ValidationError

from oncostruct.engine.cdm import DocType, Entity, Field, Issue
from oncostruct.engine.errors import ConfigError, UnsupportedInputError

Modality = Literal["text", "image", "pdf", "video"]
ENTRY_POINT_GROUP = "oncostruct.components"


@dataclass
class ExtractionInput:
    """What a component sees: decoded text (text routes), or a path / bytes (image, PDF, video routes)."""

    text: str
    doc_type: DocType
    language: str  # "zh" | "en" | "unknown"
    data: bytes | None = None
    modality: str = "text"  # "text" | "image" | "pdf" | "video"
    name: str = "<input>"
    path: str | None = None  # large media travel as a path; ``data`` is then None


@dataclass
class Extraction:
    """What a component found in one document."""

    fields: list[Field] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


class NoOptions(BaseModel):
    """Options of a component that has none."""

    model_config = ConfigDict(extra="forbid")


@runtime_checkable
class Component(Protocol):
    """The protocol every pipeline component implements."""

    name: str
    version: str
    modalities: tuple[str, ...]
    view_name: str | None  # attribute of Record the component's view goes to, or None
    extra: str | None  # the pip extra its optional dependencies come from, or None

    def pipe(self, docs: Iterable[ExtractionInput]) -> Iterator[Extraction]: ...

    def build_view(self, fields: list[Field]) -> BaseModel | None: ...


@runtime_checkable
class Normalizer(Protocol):
    """The component the pipeline's normalize stage runs (``Settings.normalizer``)."""

    name: str
    version: str

    def normalize(self, fields: list[Field], language: str) -> list[Field]: ...


class BaseComponent:
    """Defaults for a component: text input, no options, no view, ``pipe`` one document at a time."""

    name: ClassVar[str] = "component"
    version: ClassVar[str] = "0"
    modalities: ClassVar[tuple[str, ...]] = ("text",)
    view_name: ClassVar[str | None] = None
    extra: ClassVar[str | None] = None
    Options: ClassVar[type[BaseModel]] = NoOptions

    def __init__(self, options: BaseModel | None = None, **overrides: Any) -> None:
        """``options`` as a model, or its fields as keywords (``PathologyTcgaExtractor(model="dir")``)."""
        self.options = options if options is not None else self.Options(**overrides)

    def extract(self, doc: ExtractionInput) -> Extraction:
        raise NotImplementedError

    def pipe(self, docs: Iterable[ExtractionInput]) -> Iterator[Extraction]:
        for doc in docs:
            yield self.extract(doc)

    def build_view(self, fields: list[Field]) -> BaseModel | None:
        return None


# --- the registry ---------------------------------------------------------------------------

_REGISTERED: dict[str, type] = {}
_BUILT: dict[tuple[str, str], Component] = {}
_LOCK = threading.RLock()


def register_component(name: str):
    """Class decorator: register a component class under ``name`` (a later registration replaces it)."""

    def wrap(cls: type) -> type:
        with _LOCK:
            _REGISTERED[name] = cls
            for key in [k for k in _BUILT if k[0] == name]:
                del _BUILT[key]
        return cls

    return wrap


def unregister_component(name: str) -> None:
    """Forget a decorator-registered component (tests)."""
    with _LOCK:
        _REGISTERED.pop(name, None)
        for key in [k for k in _BUILT if k[0] == name]:
            del _BUILT[key]


def _entry_points() -> dict[str, str]:
    return {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}


def registered_names() -> list[str]:
    """Every component name known: decorator-registered and entry points."""
    return sorted({*_REGISTERED, *_entry_points()})


def component_class(name: str) -> type:
    """The class registered as ``name`` (importing its module if it comes from an entry point)."""
    with _LOCK:
        if name in _REGISTERED:
            return _REGISTERED[name]
    target = name if ":" in name else _entry_points().get(name)  # "module:Class" works without registering
    if target is None:
        raise ConfigError(f"no component named {name!r} is registered (known: {', '.join(registered_names())})")
    module_name, _, attr = target.partition(":")
    cls = getattr(importlib.import_module(module_name), attr)
    with _LOCK:
        return _REGISTERED.setdefault(name, cls)


def component_options(name: str, given: dict[str, Any] | None = None) -> BaseModel:
    """``given`` validated against the component's ``Options`` model (ConfigError on unknown or bad keys)."""
    options_model: type[BaseModel] = getattr(component_class(name), "Options", NoOptions)
    try:
        return options_model.model_validate(given or {})
    except ValidationError as exc:
        raise ConfigError(f"options of component {name!r}: {exc.errors(include_url=False)}") from None


def get_component(name: str, options: dict[str, Any] | None = None) -> Component:
    """The component ``name`` built with ``options`` (cached: one instance per process and option set)."""
    opts = component_options(name, options)
    key = (name, opts.model_dump_json())
    with _LOCK:
        built = _BUILT.get(key)
        if built is None:
            built = _BUILT[key] = component_class(name)(opts)
        return built


def require_modality(component: Component, modality: str, what: str, doc_type: DocType) -> None:
    """UnsupportedInputError unless ``component`` accepts ``modality``."""
    if modality not in component.modalities:
        raise UnsupportedInputError(
            f"{what}: {modality} input cannot be structured as {doc_type.value!r} "
            f"({component.name} takes {', '.join(component.modalities)})"
        )
