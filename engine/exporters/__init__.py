"""Exporters: registered components that turn a records file into another format.

An exporter has a ``name``, a ``version``, a one-line ``description`` and
``export(records_path, out_dir) -> list[Path]`` (the files it wrote). Built-in ones register
with :func:`register_exporter`; others plug in through the entry-point group
``oncostruct.exporters``, so OMOP, FHIR, Label Studio or HTML outputs are one new module each.
``oncostruct batch --export jsonl,parquet`` and ``oncostruct export FORMAT --records R --out DIR``
run them.
"""
from __future__ import annotations

import importlib
import inspect
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Iterable, Protocol, runtime_checkable

from oncostruct.engine.errors import ConfigError

ENTRY_POINT_GROUP = "oncostruct.exporters"
# The exporters shipped in this package (module:Class), imported only when used.
BUILT_IN = {
    "jsonl": "oncostruct.engine.exporters.jsonl:JsonlExporter",
    "parquet": "oncostruct.engine.exporters.parquet:ParquetExporter",
    "omop": "oncostruct.engine.exporters.omop:OmopExporter",
    "fhir": "oncostruct.engine.exporters.fhir:FhirExporter",
}


@runtime_checkable
class Exporter(Protocol):
    name: str
    version: str
    description: str

    def export(self, records_path: Path, out_dir: Path) -> list[Path]: ...


_REGISTERED: dict[str, type] = {}


def register_exporter(name: str):
    """Class decorator: register an exporter class under ``name``."""

    def wrap(cls: type) -> type:
        _REGISTERED[name] = cls
        return cls

    return wrap


def _targets() -> dict[str, str]:
    return {**BUILT_IN, **{ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}}


def exporter_names() -> list[str]:
    return sorted({*_REGISTERED, *_targets()})


def get_exporter(name: str, options: dict[str, Any] | None = None) -> Exporter:
    """A new exporter named ``name`` built with keyword ``options`` (ConfigError when none is, or an
    option is not one it takes)."""
    if name not in _REGISTERED:
        target = _targets().get(name)
        if target is None:
            raise ConfigError(f"unknown export format {name!r}; choose from {', '.join(exporter_names())}")
        module, _, attr = target.partition(":")
        _REGISTERED[name] = getattr(importlib.import_module(module), attr)
    cls = _REGISTERED[name]
    if options:
        unknown = set(options) - set(inspect.signature(cls).parameters)
        if unknown:
            raise ConfigError(f"the {name} export takes no option {', '.join(sorted(unknown))}")
        return cls(**options)
    return cls()


def parse_exporters(names: str | Iterable[str], options: dict[str, dict[str, Any]] | None = None) -> list[Exporter]:
    """``"jsonl,parquet"`` (or a list of names) → exporters; every name checked before any runs.

    ``options``: exporter name → keyword options (e.g. ``{"omop": {"vocab": "athena/"}}``).
    """
    listed = [n.strip() for n in (names.split(",") if isinstance(names, str) else names) if n.strip()]
    return [get_exporter(n, (options or {}).get(n)) for n in dict.fromkeys(listed)]


def run_exporters(exporters: list[Exporter], records_path: Path, out_dir: Path) -> dict[str, list[str]]:
    """Run each exporter on ``records_path``; exporter name → the files it wrote."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return {e.name: [str(p) for p in e.export(records_path, out_dir)] for e in exporters}
