"""Field paths a reviewer may name: the templates of the CDM field catalogue (``engine/data/field_catalogue.yaml``).

A path is checked by its template (indices blanked: ``imaging.lesions[2].site`` →
``imaging.lesions[].site``). Anything unknown is refused with the closest known paths, so a typo
never reaches the gold set.
"""
from __future__ import annotations

import re
from typing import Iterable

from oncostruct.engine.catalogue import CATALOGUE_PATH, close_templates, field_spec, load_catalogue, template_of
from oncostruct.engine.errors import ConfigError

_WELL_FORMED = re.compile(r"^[a-z_]+(\.[A-Za-z_][A-Za-z0-9_]*(\[\d+\])?)+$")


def known_templates() -> frozenset[str]:
    """Every field template of the catalogue."""
    return frozenset(load_catalogue().fields)


def span_labels() -> frozenset[str]:
    """Templates offered as span labels in some text kind."""
    return frozenset(f.name for f in load_catalogue().fields.values() if f.label is not None)


def inferred_templates() -> frozenset[str]:
    """Templates of document-level fields inferred without a text span (reviewed as a choice)."""
    return frozenset(f.name for f in load_catalogue().fields.values() if f.inferred)


def check_field_path(name: str, also: Iterable[str] = ()) -> str:
    """``name`` when its template is known (or is the template of a name in ``also``); else a ConfigError."""
    extra = {template_of(a) for a in also}
    if _WELL_FORMED.match(name) and (field_spec(name) is not None or template_of(name) in extra):
        return name
    close = close_templates(name, extra=extra)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; see {CATALOGUE_PATH} for the field catalogue"
    raise ConfigError(f"unknown field path {name!r}{hint}")
