"""Data-quality checks declared as data (``engine/data/quality_checks.yaml``) and the counting behind each kind.

A check counts a denominator (units it can judge) and the violating units among them, then gets a status:
``not_applicable`` when the denominator is zero, ``passed`` when the violating share is at most the
threshold (in %), ``failed`` above it, ``error`` when counting raised. The records that violate most are
kept (doc_id and count), never their values.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Callable, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from oncostruct.engine.catalogue import field_spec, load_catalogue, template_of
from oncostruct.engine.cdm import DocType
from oncostruct.engine.errors import ConfigError
from oncostruct.engine.data_files import data_text

Dimension = Literal["completeness", "correctness", "consistency", "plausibility", "currency"]
DIMENSIONS: tuple[str, ...] = ("completeness", "correctness", "consistency", "plausibility", "currency")
Status = Literal["passed", "failed", "not_applicable", "error"]
Rec = dict[str, Any]


class CheckSpec(BaseModel):
    """One declared check."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    dimension: Dimension
    kahn: str
    kind: str
    threshold: float = Field(ge=0, le=100, description="% of violating units tolerated")
    counts: str
    params: dict[str, Any] = Field(default_factory=dict)


class ChecksFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str
    checks: list[CheckSpec]


@dataclass
class Count:
    """What a kind counted: the denominator and the violations per record (doc_id → count)."""

    denominator: int = 0
    violations: Counter = field(default_factory=Counter)

    def judge(self, ok: bool, doc_id: str, n: int = 1) -> None:
        self.denominator += n
        if not ok:
            self.violations[doc_id] += n


@dataclass
class CheckResult:
    name: str
    dimension: str
    kahn: str
    counts: str
    threshold: float
    status: Status
    denominator: int = 0
    violations: int = 0
    violation_pct: float | None = None
    worst_records: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None


@lru_cache(maxsize=None)
def load_checks(path: str | None = None) -> tuple[CheckSpec, ...]:
    """The packaged checks (or a user file), validated: known kinds, catalogue fields that exist."""
    try:
        text = open(path, encoding="utf-8").read() if path else data_text("quality_checks.yaml")
        checks = ChecksFile.model_validate(yaml.safe_load(text)).checks
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"quality checks {path or 'quality_checks.yaml'}: {exc}") from None
    fields = load_catalogue().fields
    for c in checks:
        if c.kind not in KINDS:
            raise ConfigError(f"quality check {c.name}: unknown kind {c.kind!r} (known: {', '.join(sorted(KINDS))})")
        named = [*c.params.get("fields", []), *(f for pair in c.params.get("pairs", []) for f in pair)]
        if unknown := [f for f in named if f not in fields]:
            raise ConfigError(f"quality check {c.name}: fields not in the field catalogue: {unknown}")
    return tuple(checks)


def run_check(spec: CheckSpec, records: list[Rec], as_of: date) -> CheckResult:
    """Count one check over the records and give it its status."""
    result = CheckResult(spec.name, spec.dimension, spec.kahn, spec.counts, spec.threshold, "not_applicable")
    try:
        count = KINDS[spec.kind](records, spec.params, as_of)
    except Exception as exc:  # noqa: BLE001 - a broken check is reported as error, the others still run
        result.status, result.error = "error", f"{type(exc).__name__}: {exc}"
        return result
    result.denominator, result.violations = count.denominator, sum(count.violations.values())
    result.worst_records = [{"doc_id": d, "violations": n} for d, n in count.violations.most_common(5)]
    if count.denominator:
        result.violation_pct = round(100 * result.violations / count.denominator, 2)
        result.status = "passed" if result.violation_pct <= spec.threshold else "failed"
    return result


# --- helpers over record dicts --------------------------------------------------------------------


def _doc_id(r: Rec) -> str:
    return str(r["document"]["doc_id"])


def _fields(r: Rec) -> list[Rec]:
    return r.get("fields") or []


def _value(f: Rec) -> Any:
    return f.get("normalized") if f.get("normalized") not in (None, "") else f.get("value")


def _iso(v: Any) -> date | None:
    if not isinstance(v, str):
        return None
    try:
        return date.fromisoformat(v[:10])
    except ValueError:
        return None


def _dates(r: Rec) -> list[date]:
    out = []
    for f in _fields(r):
        spec = field_spec(f["name"])
        if spec is not None and "date" in spec.type and (d := _iso(_value(f))):
            out.append(d)
    return out




# --- the kinds ---------------------------------------------------------------------------------------


def _required_fields(records: list[Rec], params: dict, as_of: date) -> Count:
    cat, count = load_catalogue(), Count()
    for r in records:
        try:
            required = cat.required_fields(DocType(r["document"]["doc_type"]))
        except ValueError:
            continue
        present = {template_of(f["name"]) for f in _fields(r) if _value(f) not in (None, "")}
        for name in required:
            count.judge(name in present, _doc_id(r))
    return count


def _validation_issues(records: list[Rec], params: dict, as_of: date) -> Count:
    areas, severities = set(params.get("areas", [])), set(params.get("severities", ["error"]))
    count = Count()
    for r in records:
        flagged = {name for i in r.get("issues") or [] if i["code"].split(".")[0] in areas
                   and i.get("severity") in severities for name in i.get("fields") or []}
        for f in _fields(r):
            count.judge(f["name"] not in flagged, _doc_id(r))
    return count


def _record_issues(records: list[Rec], params: dict, as_of: date) -> Count:
    codes, count = set(params["codes"]), Count()
    for r in records:
        count.judge(not any(i["code"] in codes for i in r.get("issues") or []), _doc_id(r))
    return count


def _patient_concordance(records: list[Rec], params: dict, as_of: date) -> Count:
    """Patients (as linked by :mod:`engine.assembly`) whose field came from two or more documents; a violation is
    a patient the assembler found a conflict for (so the check and ``patients.jsonl`` agree on what agrees:
    ICD-O-3 families, sides, stage notation)."""
    from oncostruct.engine.assembly.assemble import assemble

    wanted = set(params["fields"])
    count = Count()
    for patient in assemble(records):
        for f in patient.fields:
            if f.name in wanted and len({s.doc_id for s in f.sources}) >= 2:
                conflicted = any(c.name == f.name and (c.visit_id or None) == (f.visit_id or None)
                                 for c in patient.conflicts)
                count.judge(not conflicted, f"patient {patient.patient_id} ({f.name}, {len(f.sources)} sources)")
    return count


def _units(records: list[Rec], params: dict, as_of: date) -> Count:
    count = Count()
    for r in records:
        for f in _fields(r):
            spec = field_spec(f["name"])
            if spec is not None and spec.unit and f.get("unit"):
                count.judge(f["unit"] == spec.unit, _doc_id(r))
    return count


def _value_ranges(records: list[Rec], params: dict, as_of: date) -> Count:
    count = Count()
    for r in records:
        for f in _fields(r):
            spec = field_spec(f["name"])
            if spec is None or spec.domain is None or spec.domain.range is None:
                continue
            v = _value(f)
            keys = spec.domain.keys
            numbers = [v.get(k) for k in keys if v.get(k) is not None] if keys and isinstance(v, dict) else [v]
            numbers = [x for n in numbers for x in (n if isinstance(n, list) else [n])]  # sizes: one per axis
            for n in numbers:
                try:
                    ok = spec.domain.range.contains(float(n))
                except (TypeError, ValueError):
                    ok = False
                count.judge(ok, _doc_id(r))
    return count


def _date_order(records: list[Rec], params: dict, as_of: date) -> Count:
    count = Count()
    for r in records:
        got = {f["name"]: d for f in _fields(r) if (d := _iso(_value(f)))}
        for first, then in params["pairs"]:
            if first in got and then in got:
                count.judge(got[first] <= got[then], _doc_id(r))
    return count


def _future_dates(records: list[Rec], params: dict, as_of: date) -> Count:
    count = Count()
    for r in records:
        for d in _dates(r):
            count.judge(d <= as_of, _doc_id(r))
    return count


def _dated_records(records: list[Rec], params: dict, as_of: date) -> Count:
    cat, count = load_catalogue(), Count()
    dated_types = {t.value for f in cat.fields.values() if "date" in f.type for t in f.doc_types}
    for r in records:
        if r["document"]["doc_type"] in dated_types:
            count.judge(bool(_dates(r)), _doc_id(r))
    return count


def _document_age(records: list[Rec], params: dict, as_of: date) -> Count:
    count = Count()
    for r in records:
        if dates := _dates(r):
            count.judge((as_of - max(dates)).days <= params["max_days"], _doc_id(r))
    return count


KINDS: dict[str, Callable[[list[Rec], dict, date], Count]] = {
    "required_fields": _required_fields, "validation_issues": _validation_issues, "record_issues": _record_issues,
    "patient_concordance": _patient_concordance, "units": _units, "value_ranges": _value_ranges,
    "date_order": _date_order, "future_dates": _future_dates, "dated_records": _dated_records,
    "document_age": _document_age,
}
