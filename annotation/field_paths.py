"""Field paths a reviewer may name: the catalogue's span labels plus the other CDM paths the extractors emit.

A path is checked by its template (indices blanked: ``imaging.lesions[2].site`` →
``imaging.lesions[].site``) against ``annotation/fields.yaml``: every text kind's ``fields``
and ``finding_label``, and the ``emitted`` lists (model-inferred document fields, lab cells,
NER entity fields). Anything else is refused with the closest known paths, so a typo never
reaches the gold set.
"""
from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Iterable

from annotation.label_config import catalogue, field_label
from engine.errors import ConfigError

_WELL_FORMED = re.compile(r"^[a-z_]+(\.[A-Za-z_][A-Za-z0-9_]*(\[\d+\])?)+$")


@lru_cache(maxsize=1)
def known_templates() -> frozenset[str]:
    """Every field template of the catalogue (span labels, findings labels, emitted paths)."""
    cat = catalogue()
    out: set[str] = set()
    for spec in cat["text"].values():
        out |= set(spec["fields"])
        if spec.get("finding_label"):
            out.add(spec["finding_label"])
    for paths in cat.get("emitted", {}).values():
        out |= set(paths)
    return frozenset(out)


@lru_cache(maxsize=1)
def span_labels() -> frozenset[str]:
    """Templates offered as span labels in some text kind."""
    return frozenset(name for spec in catalogue()["text"].values() for name in spec["fields"])


@lru_cache(maxsize=1)
def inferred_templates() -> frozenset[str]:
    """Templates of document-level fields inferred without a text span (reviewed as a choice)."""
    return frozenset(catalogue().get("emitted", {}).get("inferred", []))


def check_field_path(name: str, also: Iterable[str] = ()) -> str:
    """``name`` when its template is known (or is the template of a name in ``also``); else a ConfigError."""
    known = known_templates() | {field_label(a) for a in also}
    template = field_label(name)
    if _WELL_FORMED.match(name) and template in known:
        return name
    close = difflib.get_close_matches(template, sorted(known), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else "; see annotation/fields.yaml for the field catalogue"
    raise ConfigError(f"unknown field path {name!r}{hint}")
