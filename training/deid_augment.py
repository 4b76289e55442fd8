"""Augmented copies of PHI training documents, so the PHI tagger learns contexts and shapes rather than values
(issue 18, session 14).

Each copy of a document has (all seeded, :class:`AugmentOptions`):

* its PHI values swapped for other values of the same category and script drawn from the other documents (a value
  that recurs in a document gets the same substitute each time, so repetition patterns survive; a one-character
  name, a surname before its title, is swapped for another one-character name);
* with probability ``synonyms``, each cue label before a colon or ``#`` outside the PHI (``姓名：``, ``MRN:``...)
  replaced by another label of its group (:data:`SYNONYMS_FILE`, rules as data);
* with probability ``spaces``, a long number (phone, ID, record number) written in groups of digits and a Chinese
  name written with spaces between its characters, as dictated or typed notes have them.

Offsets are recomputed from the pieces. Full-width forms are not varied: the tagger sees texts width-folded
(:func:`extractors.deid.detect.fold_width`), so a full-width copy would read the same.
"""
from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from oncostruct.training.splits import COPY_MARK

SYNONYMS_FILE = Path(__file__).with_name("deid_synonyms.yaml")
_CJK = re.compile(r"[\u3400-\u9fff]")
_SPACED_CATEGORIES = ("PHONE", "ID_NUMBER", "RECORD_NUMBER")

Row = dict[str, object]


@dataclass(frozen=True)
class AugmentOptions:
    """How many augmented copies of each document, and which variations they take."""

    copies: int = 1
    seed: int = 14
    swap: bool = True
    synonyms: float = 0.5
    spaces: float = 0.15


def script(value: str) -> str:
    """``zh`` when the value holds a Chinese character, else ``en``: values are swapped within a script."""
    return "zh" if _CJK.search(value) else "en"


def shape(value: str) -> str:
    """A coarse shape kept by a swap: one character (a surname before its title), an e-mail, a web address, or
    any other."""
    if len(value.strip()) == 1:
        return "one"
    if "@" in value:
        return "mail"
    return "web" if "://" in value or value.startswith("www.") else ""


def _pool_key(category: str, value: str) -> tuple[str, str, str]:
    return category, script(value), shape(value)


def value_pools(rows: Iterable[Row]) -> dict[tuple[str, str, str], list[str]]:
    """The distinct PHI values of ``rows`` by (category, script, :func:`shape`), in first-seen order."""
    pools: dict[tuple[str, str, str], dict[str, None]] = defaultdict(dict)
    for row in rows:
        text = str(row["text"])
        for e in row["entities"]:  # type: ignore[union-attr]
            value = text[e["start"]:e["end"]]
            pools[_pool_key(e["label"], value)][value] = None
    return {k: list(v) for k, v in pools.items()}


def load_synonyms(path: Path = SYNONYMS_FILE) -> list[list[str]]:
    """Groups of interchangeable cue labels."""
    groups = yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]
    return [[str(x) for x in g] for g in groups if len(g) > 1]


class _Relabeller:
    """Replaces cue labels in free text by another label of their group."""

    def __init__(self, groups: list[list[str]]) -> None:
        self._group = {label: g for g in groups for label in g}
        labels = sorted(self._group, key=len, reverse=True)
        alternatives = "|".join(re.escape(x) if _CJK.search(x) else rf"(?<![A-Za-z]){re.escape(x)}" for x in labels)
        self._pattern = re.compile(f"(?:{alternatives})(?=[ \t]*[:：#])") if labels else None

    def __call__(self, text: str, rng: random.Random, p: float) -> str:
        if self._pattern is None or p <= 0:
            return text
        return self._pattern.sub(lambda m: self._swap(m.group(0), rng, p), text)

    def _swap(self, label: str, rng: random.Random, p: float) -> str:
        if rng.random() >= p:
            return label
        return rng.choice([x for x in self._group[label] if x != label])


def spaced(value: str, category: str, rng: random.Random) -> str:
    """The value as typed with spaces: digits in groups of 3 or 4 (the last of 3 to 5), a Chinese name's characters apart; else as is."""
    if category in _SPACED_CATEGORIES and re.fullmatch(r"\d{7,}", value):
        parts, rest = [], value
        while len(rest) >= 6:
            k = rng.choice([k for k in (3, 4) if len(rest) - k >= 3])
            parts.append(rest[:k])
            rest = rest[k:]
        return " ".join(parts + [rest])
    if category == "NAME" and re.fullmatch(r"[\u3400-\u9fff]{2,3}", value):
        return " ".join(value)
    return value


def augment_row(row: Row, pools: dict[tuple[str, str, str], list[str]], rng: random.Random,
                opts: AugmentOptions, relabel: _Relabeller) -> Row:
    """One augmented copy of a span-JSONL row (its ``id`` marked :data:`training.splits.COPY_MARK`)."""
    text = str(row["text"])
    entities = sorted(row["entities"], key=lambda e: e["start"])  # type: ignore[arg-type]
    chosen: dict[str, str] = {}
    pieces: list[str] = []
    out_entities: list[dict[str, object]] = []
    at = length = 0
    for e in entities:
        if e["start"] < at:
            continue  # a nested or overlapping span: the outer one was written
        gap = relabel(text[at:e["start"]], rng, opts.synonyms)
        value = text[e["start"]:e["end"]]
        new = chosen.get(value)
        if new is None:
            new = value
            pool = pools.get(_pool_key(e["label"], value), [])
            if opts.swap and len(pool) > 1:
                new = rng.choice(pool)
            if rng.random() < opts.spaces:
                new = spaced(new, e["label"], rng)
            chosen[value] = new
        pieces += [gap, new]
        length += len(gap)
        out_entities.append({"start": length, "end": length + len(new), "label": e["label"]})
        length += len(new)
        at = e["end"]
    pieces.append(relabel(text[at:], rng, opts.synonyms))
    return {"id": f"{row['id']}{COPY_MARK}a", "text": "".join(pieces), "entities": out_entities}


def augmented(rows: list[Row], opts: AugmentOptions, groups: list[list[str]] | None = None) -> Iterator[Row]:
    """``opts.copies`` augmented copies of every row (values drawn from all ``rows``), copy by copy."""
    pools = value_pools(rows)
    relabel = _Relabeller(load_synonyms() if groups is None else groups)
    rng = random.Random(opts.seed)
    for k in range(opts.copies):
        for row in rows:
            copy = augment_row(row, pools, rng, opts, relabel)
            copy["id"] = f"{copy['id']}{k}"
            yield copy
