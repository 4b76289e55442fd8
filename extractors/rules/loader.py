"""Load, validate and match rule packs and lexicons (see the package docstring)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from oncostruct.engine.errors import RulePackError

Lang = Literal["zh", "en"]
_FLAG_NAMES = {"IGNORECASE": re.IGNORECASE, "MULTILINE": re.MULTILINE, "DOTALL": re.DOTALL, "VERBOSE": re.VERBOSE}


class Rule(BaseModel):
    """One regular-expression rule. Named groups carry the parts of the match."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    label: str
    pattern: str
    lang: list[Lang] = Field(default_factory=lambda: ["zh", "en"])
    reliability: float = Field(0.9, ge=0, le=1)
    flags: list[str] = Field(default_factory=list)
    examples: list[str] = Field(default_factory=list)
    counter_examples: list[str] = Field(default_factory=list)
    note: str | None = None

    @field_validator("flags")
    @classmethod
    def _known_flags(cls, flags: list[str]) -> list[str]:
        unknown = [f for f in flags if f not in _FLAG_NAMES]
        if unknown:
            raise ValueError(f"unknown regex flags {unknown}; use {sorted(_FLAG_NAMES)}")
        return flags

    def compiled(self) -> re.Pattern[str]:
        flags = 0
        for f in self.flags:
            flags |= _FLAG_NAMES[f]
        return re.compile(self.pattern, flags)


class RulePackFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pack: str
    version: str
    description: str = ""
    source: str | None = None
    definitions: dict[str, str] = Field(default_factory=dict, description="reusable fragments: {{name}} in patterns")
    parameters: dict[str, Any] = Field(default_factory=dict, description="data the pack's parser reads (validated "
                                       "there), e.g. the dates pack's century rule")
    rules: list[Rule]

    @model_validator(mode="after")
    def _unique_ids(self) -> "RulePackFile":
        ids = [r.id for r in self.rules]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"duplicate rule ids: {sorted(dup)}")
        return self


@dataclass(frozen=True)
class RuleMatch:
    """A rule hit with exact offsets (``end`` exclusive) and its named groups."""

    rule_id: str
    label: str
    start: int
    end: int
    text: str
    groups: dict[str, str | None]
    group_spans: dict[str, tuple[int, int]]
    reliability: float
    pack: str
    pack_version: str


class RulePack:
    """A validated, compiled rule pack."""

    def __init__(self, spec: RulePackFile) -> None:
        self.name = spec.pack
        self.version = spec.version
        self.spec = spec
        self.rules: list[Rule] = []
        self._compiled: list[tuple[Rule, re.Pattern[str]]] = []
        for rule in spec.rules:
            pattern = _expand(rule.pattern, spec.definitions, rule.id)
            rule = rule.model_copy(update={"pattern": pattern})
            try:
                compiled = rule.compiled()
            except re.error as exc:
                raise RulePackError(f"rule pack {spec.pack!r}: rule {rule.id!r} has a bad pattern: {exc}") from exc
            self.rules.append(rule)
            self._compiled.append((rule, compiled))
        self.check_examples()

    def definition(self, name: str) -> str:
        """The pack's reusable fragment ``name`` with its own ``{{…}}`` references expanded (for code that builds a
        pattern of its own around it)."""
        return _expand(self.spec.definitions[name], self.spec.definitions, name)

    def check_examples(self) -> None:
        """Every example must be matched by its rule, and no counter-example may be."""
        for rule, rx in self._compiled:
            for ex in rule.examples:
                if not rx.search(ex):
                    raise RulePackError(f"rule pack {self.name!r}: rule {rule.id!r} does not match its example {ex!r}")
            for ex in rule.counter_examples:
                if rx.search(ex):
                    raise RulePackError(f"rule pack {self.name!r}: rule {rule.id!r} matches its counter-example {ex!r}")

    def finditer(self, text: str, lang: str | None = None, labels: Iterable[str] | None = None) -> list[RuleMatch]:
        """All matches of all applicable rules, in text order (overlaps allowed)."""
        wanted = set(labels) if labels is not None else None
        out: list[RuleMatch] = []
        for rule, rx in self._compiled:
            if lang in ("zh", "en") and lang not in rule.lang:
                continue
            if wanted is not None and rule.label not in wanted:
                continue
            for m in rx.finditer(text):
                if m.end() == m.start():
                    continue
                spans = {k: m.span(k) for k, v in m.groupdict().items() if v is not None}
                out.append(
                    RuleMatch(rule.id, rule.label, m.start(), m.end(), m.group(0), m.groupdict(), spans,
                              rule.reliability, self.name, self.version)
                )
        out.sort(key=lambda r: (r.start, -(r.end - r.start)))
        return out

    def find(self, text: str, lang: str | None = None, labels: Iterable[str] | None = None) -> list[RuleMatch]:
        """Non-overlapping matches: earliest first, longest wins, then the more reliable rule."""
        cands = sorted(self.finditer(text, lang, labels), key=lambda r: (r.start, -(r.end - r.start), -r.reliability))
        chosen: list[RuleMatch] = []
        last_end = -1
        for c in cands:
            if c.start >= last_end:
                chosen.append(c)
                last_end = c.end
        return chosen


def _expand(pattern: str, definitions: dict[str, str], rule_id: str) -> str:
    """Replace ``{{name}}`` with the named definition (recursively, depth-limited)."""
    for _ in range(5):
        if "{{" not in pattern:
            return pattern
        def sub(m: re.Match[str]) -> str:
            key = m.group(1)
            if key not in definitions:
                raise RulePackError(f"rule {rule_id!r} refers to unknown definition {{{{{key}}}}}")
            return definitions[key]
        pattern = re.sub(r"\{\{(\w+)\}\}", sub, pattern)
    return pattern


# --- lexicons -------------------------------------------------------------------------


class LexiconCode(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    system: str
    code: str
    display: str | None = None


class LexiconEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    canonical: str
    terms: list[str] = Field(min_length=1)
    lang: list[Lang] = Field(default_factory=lambda: ["zh", "en"])
    codes: list[LexiconCode] = Field(default_factory=list)
    category: str | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)


class LexiconFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lexicon: str
    version: str
    description: str = ""
    source: str = Field(description="where the terms and codes come from")
    case_sensitive: bool = False
    reliability: float = Field(0.9, ge=0, le=1)
    entries: list[LexiconEntry]


_LATIN = re.compile(r"[A-Za-z]")


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    """No ASCII letter directly before ``start`` or after ``end``."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return not (before.isascii() and before.isalpha()) and not (after.isascii() and after.isalpha())


@dataclass(frozen=True)
class LexiconMatch:
    entry: LexiconEntry
    start: int
    end: int
    text: str
    reliability: float
    lexicon: str
    version: str


class Lexicon:
    """Longest-first, non-overlapping dictionary matcher with codes."""

    def __init__(self, spec: LexiconFile) -> None:
        self.name = spec.lexicon
        self.version = spec.version
        self.spec = spec
        self.entries = spec.entries
        self._by_term: dict[str, LexiconEntry] = {}
        for e in spec.entries:
            for t in e.terms:
                key = t if spec.case_sensitive else t.lower()
                if key in self._by_term and self._by_term[key] is not e:
                    raise RulePackError(f"lexicon {spec.lexicon!r}: term {t!r} is listed under two entries")
                self._by_term[key] = e
        # Two-character index: each position only tries the terms that start with its two characters.
        self._by_prefix: dict[str, list[str]] = {}
        for key in sorted(self._by_term, key=len, reverse=True):
            self._by_prefix.setdefault(key[:2], []).append(key)

    def _fold(self, text: str) -> str:
        """Lower-case without changing the length, so offsets stay exact."""
        if self.spec.case_sensitive:
            return text
        lowered = text.lower()
        if len(lowered) == len(text):
            return lowered
        return "".join(c if len(low := c.lower()) != 1 else low for c in text)

    def find(self, text: str, lang: str | None = None) -> list[LexiconMatch]:
        """Longest-first, non-overlapping matches; Latin terms must sit on word boundaries."""
        folded = self._fold(text)
        out: list[LexiconMatch] = []
        i, n = 0, len(folded)
        while i < n:
            hit = self._longest_at(folded, i, lang)
            if hit is None:
                i += 1
                continue
            key, entry = hit
            end = i + len(key)
            out.append(LexiconMatch(entry, i, end, text[i:end], self.spec.reliability, self.name, self.version))
            i = end
        return out

    def _longest_at(self, folded: str, i: int, lang: str | None) -> tuple[str, LexiconEntry] | None:
        prev = folded[i - 1] if i else ""
        at_word_start = not (prev.isascii() and prev.isalpha())
        candidates = [*self._by_prefix.get(folded[i : i + 2], ()), *self._by_prefix.get(folded[i], ())]
        for key in candidates:
            if not folded.startswith(key, i):
                continue
            entry = self._by_term[key]
            if lang in ("zh", "en") and lang not in entry.lang:
                continue
            if _LATIN.search(key) and not (at_word_start and _on_word_boundaries(folded, i, i + len(key))):
                continue
            return key, entry
        return None

    def lookup(self, term: str) -> LexiconEntry | None:
        return self._by_term.get(term if self.spec.case_sensitive else term.lower())


# --- loading ----------------------------------------------------------------------------


def _read_yaml(name_or_path: str | Path) -> tuple[dict, str]:
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml", ".json") and path.exists():
        text, label = path.read_text(encoding="utf-8"), str(path)
    else:
        res = resources.files("oncostruct.extractors.rules").joinpath(f"{name_or_path}.yaml")
        if not res.is_file():
            raise RulePackError(f"no rule pack or lexicon named {name_or_path!r}")
        text, label = res.read_text(encoding="utf-8"), f"extractors/rules/{name_or_path}.yaml"
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulePackError(f"{label}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RulePackError(f"{label}: expected a mapping at the top level")
    return data, label


@lru_cache(maxsize=None)
def load_pack(name_or_path: str) -> RulePack:
    """Load a packaged rule pack by name (``"sizes"``) or a user file by path."""
    data, label = _read_yaml(name_or_path)
    try:
        return RulePack(RulePackFile.model_validate(data))
    except ValidationError as exc:
        raise RulePackError(f"{label}: invalid rule pack: {exc}") from exc


@lru_cache(maxsize=None)
def load_lexicon(name_or_path: str) -> Lexicon:
    """Load a packaged lexicon by name (``"histology"``) or a user file by path."""
    data, label = _read_yaml(name_or_path)
    try:
        return Lexicon(LexiconFile.model_validate(data))
    except ValidationError as exc:
        raise RulePackError(f"{label}: invalid lexicon: {exc}") from exc
