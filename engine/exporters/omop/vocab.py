"""Concept look-ups: a user's own Athena vocabulary (CONCEPT.csv), or concept_id 0.

Athena vocabularies cannot be shipped (registration, licences). Rows are built with :class:`Wanted`
placeholders for concept columns; :func:`resolve` streams CONCEPT.csv once for just those codes and
fills them in: the concept's id when it is standard (or for ``*_source_concept_id`` columns, any
concept), else the standard concept it "Maps to" in CONCEPT_RELATIONSHIP.csv when that file is there, else 0. Source values and codes stay in the ``*_source_value`` columns either way.
"""
from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from oncostruct.engine.errors import DataFormatError


@dataclass(frozen=True)
class Wanted:
    """A concept to look up: (OMOP vocabulary_id, concept_code); ``source`` accepts non-standard concepts."""

    vocabulary: str
    code: str
    source: bool = False


def _vocab_file(vocab_dir: Path, name: str) -> Path | None:
    for candidate in (f"{name}.csv", f"{name.lower()}.csv"):
        if (vocab_dir / candidate).is_file():
            return vocab_dir / candidate
    return None


def _rows(path: Path, required: set[str]) -> Iterator[dict[str, str]]:
    """The rows of an Athena CSV (tab-separated as downloaded, or comma-separated)."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with path.open(encoding="utf-8", newline="") as fh:
        head = fh.readline()
        delimiter = "\t" if head.count("\t") > head.count(",") else ","
        names = next(csv.reader([head], delimiter=delimiter))
        missing = required - set(names)
        if missing:
            raise DataFormatError(f"{path}: not an OMOP vocabulary file (missing columns {sorted(missing)})")
        yield from csv.DictReader(fh, fieldnames=names, delimiter=delimiter, quoting=csv.QUOTE_NONE)


def load_concepts(vocab_dir: Path, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, bool]]:
    """(vocabulary_id, concept_code) → (concept_id, standard) for the ``wanted`` codes found in CONCEPT.csv."""
    path = _vocab_file(vocab_dir, "CONCEPT")
    if path is None:
        raise DataFormatError(f"{vocab_dir}: no CONCEPT.csv (the Athena vocabulary download) in this folder")
    found: dict[tuple[str, str], tuple[int, bool]] = {}
    for row in _rows(path, {"concept_id", "vocabulary_id", "concept_code"}):
        key = (row["vocabulary_id"], row["concept_code"])
        if key in wanted and not row.get("invalid_reason"):
            try:
                found[key] = (int(row["concept_id"]), row.get("standard_concept") == "S")
            except ValueError:
                continue
    return found


def load_maps_to(vocab_dir: Path, ids: set[int]) -> dict[int, int]:
    """concept_id → its standard concept via the "Maps to" rows of CONCEPT_RELATIONSHIP.csv (when present)."""
    path = _vocab_file(vocab_dir, "CONCEPT_RELATIONSHIP")
    if path is None or not ids:
        return {}
    maps: dict[int, int] = {}
    for row in _rows(path, {"concept_id_1", "concept_id_2", "relationship_id"}):
        if row["relationship_id"] == "Maps to" and not row.get("invalid_reason"):
            try:
                a = int(row["concept_id_1"])
                if a in ids:
                    maps.setdefault(a, int(row["concept_id_2"]))
            except ValueError:
                continue
    return maps


def resolve(tables: dict[str, list[dict[str, Any]]], vocab_dir: Path | None) -> dict[str, dict[str, int]]:
    """Replace every :class:`Wanted` cell in place; return table → {"vocabulary:code" → count} left at 0."""
    wanted = {(w.vocabulary, w.code) for rows in tables.values() for r in rows for w in r.values()
              if isinstance(w, Wanted)}
    found = load_concepts(vocab_dir, wanted) if vocab_dir is not None and wanted else {}
    non_standard = {cid for cid, standard in found.values() if not standard}
    maps_to = load_maps_to(vocab_dir, non_standard) if vocab_dir is not None else {}
    unmapped: dict[str, dict[str, int]] = {}
    for table, rows in tables.items():
        for r in rows:
            for k, w in r.items():
                if not isinstance(w, Wanted):
                    continue
                cid, standard = found.get((w.vocabulary, w.code), (0, False))
                r[k] = cid if (standard or w.source) else maps_to.get(cid, 0)
                if r[k] == 0 and not k.endswith("source_concept_id"):
                    key = f"{w.vocabulary}:{w.code}"
                    unmapped.setdefault(table, {})[key] = unmapped.get(table, {}).get(key, 0) + 1
    return unmapped


def vocabulary_of(system: str) -> str:
    """The OMOP vocabulary_id of a CDM code system (engine/data/omop_mapping.yaml ``vocabularies``)."""
    from oncostruct.engine.exporters.export_input import mapping

    return mapping()["vocabularies"].get(system, system)


def wanted_code(code: dict[str, Any] | None, *, source: bool = False) -> Wanted | int:
    """A Field.code as a :class:`Wanted` look-up (0 when there is no code)."""
    return Wanted(vocabulary_of(code["system"]), code["code"], source) if code else 0
