"""Bring the spans of a PHI training set to benchmarks/PHI_GUIDELINE.md before the tagger learns them (issue 18,
session 17).

Writers of the training sets disagreed on a few conventions (departments labelled ORGANIZATION inside sentences by
some, titles kept in NAME spans by others...). A tagger trained on the union learns the widest habit and then
over-predicts on writers who kept to the guideline. The rules are data (:data:`RULES_FILE`), each one of three
actions on the spans of one category (``"*"``: all):

* ``drop``: the span's label is removed when its value matches ``value`` and not ``unless_value``, and the text
  of its line before it matches ``only_after`` and not ``unless_after`` (the sentence that runs into it);
* ``trim_start``: the prefix matched by ``value`` is cut off the span;
* ``strip``: white space is cut off both ends.

:func:`normalise_rows` returns the rows and a :class:`collections.Counter` of changes per rule, which
``deid_data`` reports per set and the manifest records.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import yaml

RULES_FILE = Path(__file__).with_name("deid_labelnorm.yaml")
_LINE_TAIL = 60   # characters of the line before a span that ``keep_after`` sees (bounded look-back)

Row = dict[str, object]


@dataclass(frozen=True)
class NormRule:
    """One normalisation rule (see the module docstring for the actions)."""

    name: str
    action: str
    category: str
    value: re.Pattern[str] | None = None
    unless_value: re.Pattern[str] | None = None
    only_after: re.Pattern[str] | None = None
    unless_after: re.Pattern[str] | None = None

    def applies(self, label: str) -> bool:
        return self.category in ("*", label)


def _compile(spec: dict[str, str], key: str) -> re.Pattern[str] | None:
    return re.compile(spec[key]) if spec.get(key) else None


def load_rules(path: Path = RULES_FILE) -> list[NormRule]:
    """The rules of ``path``, in order."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["rules"]
    rules = [NormRule(name=r["name"], action=r["action"], category=r["category"], value=_compile(r, "value"),
                      unless_value=_compile(r, "unless_value"), only_after=_compile(r, "only_after"),
                      unless_after=_compile(r, "unless_after")) for r in raw]
    bad = [r.name for r in rules if r.action not in ("drop", "trim_start", "strip")]
    if bad:
        raise ValueError(f"{path}: unknown action in rule(s) {bad}")
    return rules


def _line_before(text: str, start: int) -> str:
    """The text of the span's line before it, at most :data:`_LINE_TAIL` characters."""
    lo = max(0, start - _LINE_TAIL)
    head = text[lo:start]
    cut = head.rfind("\n")
    return head[cut + 1:] if cut >= 0 or lo == 0 else head


def _apply(rule: NormRule, text: str, span: dict) -> dict | None:
    """The span after ``rule`` (None: dropped); the same dict when the rule does not change it."""
    start, end = span["start"], span["end"]
    value = text[start:end]
    if rule.action == "strip":
        left = len(value) - len(value.lstrip())
        right = len(value) - len(value.rstrip())
        if not (left or right) or left == len(value):
            return span
        return {**span, "start": start + left, "end": end - right}
    if rule.value is None or not (m := rule.value.search(value)):
        return span
    if rule.action == "trim_start":
        return {**span, "start": start + m.end()} if 0 < m.end() < len(value) else span
    if rule.unless_value is not None and rule.unless_value.search(value):
        return span
    before = _line_before(text, start)
    if rule.only_after is not None and not rule.only_after.search(before):
        return span
    if rule.unless_after is not None and rule.unless_after.search(before):
        return span
    return None


def normalise_row(row: Row, rules: list[NormRule], counts: Counter[str]) -> Row:
    """``row`` with its entities normalised by ``rules``; ``counts[rule.name]`` grows by each span a rule changed."""
    text = str(row["text"])
    out = []
    for span in row["entities"]:  # type: ignore[union-attr]
        cur: dict | None = span
        for rule in rules:
            if cur is None or not rule.applies(cur["label"]):
                continue
            new = _apply(rule, text, cur)
            if new is not cur:
                counts[rule.name] += 1
            cur = new
        if cur is not None:
            out.append(cur)
    return {**row, "entities": out}


def normalise_rows(rows: Iterable[Row], rules: list[NormRule] | None = None) -> tuple[list[Row], Counter[str]]:
    """The rows normalised, and the count of spans each rule changed."""
    rules = load_rules() if rules is None else rules
    counts: Counter[str] = Counter()
    return [normalise_row(r, rules, counts) for r in rows], counts
