"""Validation: plausibility, grammar and cross-field checks on a Record.

``validate_record`` returns a new Record with one Issue per failed check and the fields
involved set to ``needs_review`` with a ``review_reason`` (fields a person already reviewed
or rejected keep their status). Per-field value domains (ranges, enumerations, dates, TNM
grammar) come from the field catalogue (``engine/data/field_catalogue.yaml``), the cross-field
settings from ``engine/data/validation.yaml``; issue severities are the catalogue's.
Issue codes: ``value.out_of_range``, ``value.not_numeric``, ``value.not_in_domain``, ``date.invalid``,
``date.out_of_range``, ``cross.discharge_before_admission``, ``tnm.grammar``,
``cross.pN_vs_ln``, ``cross.ln_counts``, ``field.conflict``, ``provenance.bad_span``,
``provenance.mismatch``.
"""
from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from typing import Any, Iterator

import yaml

from oncostruct.engine.catalogue import Domain, field_spec, make_issue
from oncostruct.engine.cdm import Field, FieldStatus, Issue, Record, TextSpan
from oncostruct.engine.data_files import data_yaml
from oncostruct.engine.errors import ConfigError

Finding = tuple[Issue, list[int]]
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_TNM_WRITTEN = re.compile(r"^\s*(?P<prefix>[a-z]{0,2})(?P<category>[TNM].*?)\s*$")
_KEEP_STATUS = (FieldStatus.reviewed, FieldStatus.rejected)


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The parsed ``engine/data/validation.yaml`` (cross-field settings)."""
    try:
        return data_yaml("validation.yaml")
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"engine/data/validation.yaml cannot be read: {exc}") from exc


def validate_record(record: Record, *, text: str | None = None, today: date | None = None) -> Record:
    """A copy of ``record`` with issues appended and offending fields sent to review.

    ``text`` (the document text) additionally checks that every text span slices back.
    """
    fields = record.fields
    findings = [
        *_values_in_domain(fields),
        *_dates(fields, today or date.today()),
        *_tnm(fields),
        *_lymph_nodes(fields),
        *_conflicts(fields),
        *_provenance(fields, text),
    ]
    if not findings:
        return record
    reasons: dict[int, list[str]] = {}
    for issue, idx in findings:
        for i in idx:
            reasons.setdefault(i, []).append(issue.message)
    new_fields = [_flag(f, reasons[i]) if i in reasons else f for i, f in enumerate(fields)]
    return record.model_copy(update={"fields": new_fields, "issues": [*record.issues, *(i for i, _ in findings)]})


def _flag(f: Field, messages: list[str]) -> Field:
    if f.status in _KEEP_STATUS:
        return f
    reason = "; ".join(m for m in [f.review_reason, *messages] if m)
    return f.model_copy(update={"status": FieldStatus.needs_review, "review_reason": reason})


def _issue(code: str, message: str, fields: list[Field]) -> Issue:
    return make_issue(code, message, sorted({f.name for f in fields}))


def _live(fields: list[Field]) -> Iterator[tuple[int, Field]]:
    return ((i, f) for i, f in enumerate(fields) if f.status is not FieldStatus.rejected)


def _with_domain(fields: list[Field]) -> Iterator[tuple[int, Field, Domain]]:
    """Live fields whose catalogue entry has a value domain."""
    for i, f in _live(fields):
        spec = field_spec(f.name)
        if spec is not None and spec.domain is not None:
            yield i, f, spec.domain


# --- value domains ---------------------------------------------------------------------


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _values(f: Field, keys: list[str] | None) -> list[Any]:
    norm = f.normalized
    if keys:
        return [norm.get(k) for k in keys if isinstance(norm, dict) and norm.get(k) is not None]
    if norm is None:
        return []
    return list(norm) if isinstance(norm, list) else [norm]


def _values_in_domain(fields: list[Field]) -> list[Finding]:
    """Numeric ranges and enumerations, one finding per failing field."""
    out: list[Finding] = []
    for i, f, dom in _with_domain(fields):
        values = _values(f, dom.keys)
        if dom.range is not None:
            r = dom.range
            if any(not _is_number(v) for v in values):
                msg = f"{f.name}: expected a number, got {f.normalized!r}"
                out.append((_issue("value.not_numeric", msg, [f]), [i]))
            elif any(not r.contains(v) for v in values):
                msg = f"{f.name}: {f.normalized!r} outside the plausible range {r.bounds()} ({r.id})"
                out.append((_issue("value.out_of_range", msg, [f]), [i]))
        if dom.enum is not None and any(v not in dom.enum for v in values):
            msg = f"{f.name}: {f.normalized!r} is not one of {', '.join(dom.enum)}"
            out.append((_issue("value.not_in_domain", msg, [f]), [i]))
    return out


# --- dates ---------------------------------------------------------------------------------


def _parse_iso(value: Any) -> date | None | str:
    """A date, None when absent, or the string "invalid"."""
    if value is None:
        return None
    m = _ISO.match(str(value))
    if not m:
        return "invalid"
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return "invalid"


def _date_values(f: Field, keys: list[str] | None) -> list[Any]:
    if not keys:
        return [f.normalized]
    return [f.normalized.get(k) for k in keys] if isinstance(f.normalized, dict) else []


def _dates(fields: list[Field], today: date) -> list[Finding]:
    out: list[Finding] = []
    parsed: dict[str, tuple[int, Field, date]] = {}
    for i, f, dom in _with_domain(fields):
        if dom.date is None:
            continue
        for raw in _date_values(f, dom.keys):
            d = _parse_iso(raw)
            if d == "invalid":
                out.append((_issue("date.invalid", f"{f.name}: {raw!r} is not an ISO date", [f]), [i]))
            elif isinstance(d, date):
                if d.year < dom.date.min_year or d > today:
                    msg = f"{f.name}: {raw} is before {dom.date.min_year} or in the future"
                    out.append((_issue("date.out_of_range", msg, [f]), [i]))
                parsed.setdefault(f.name, (i, f, d))
    cfg = rules()["dates"]
    adm, dis = parsed.get(cfg["admission"]), parsed.get(cfg["discharge"])
    if adm and dis and dis[2] < adm[2]:
        msg = f"discharge date {dis[1].normalized} is before admission date {adm[1].normalized}"
        out.append((_issue("cross.discharge_before_admission", msg, [adm[1], dis[1]]), [adm[0], dis[0]]))
    return out


# --- TNM and lymph nodes -----------------------------------------------------------------


def _tnm_parts(f: Field) -> tuple[str, str] | None:
    """(prefix, category) from the normalized dict, else parsed from the written value."""
    norm = f.normalized
    if isinstance(norm, dict) and norm.get("category"):
        return str(norm.get("prefix") or ""), str(norm["category"])
    m = _TNM_WRITTEN.match(str(f.value)) if f.value is not None else None
    return (m.group("prefix"), m.group("category")) if m else None


def _tnm(fields: list[Field]) -> list[Finding]:
    out: list[Finding] = []
    for i, f, dom in _with_domain(fields):
        grammar = dom.tnm
        if grammar is None:
            continue
        parts = _tnm_parts(f)
        ok = parts is not None and re.match(grammar.prefix, parts[0]) and re.match(grammar.category, parts[1])
        if not ok:
            msg = f"{f.name}: {f.value!r} is not a valid {grammar.axis} category"
            out.append((_issue("tnm.grammar", msg, [f]), [i]))
    return out


def _first(fields: list[Field], name: str) -> tuple[int, Field] | None:
    return next(((i, f) for i, f in _live(fields) if f.name == name), None)


def _int(f: Field | None) -> int | None:
    return int(f.normalized) if f is not None and _is_number(f.normalized) else None


def _lymph_nodes(fields: list[Field]) -> list[Finding]:
    pn, pos, exa = (_first(fields, n) for n in ("pathology.pN", "pathology.ln_positive", "pathology.ln_examined"))
    n_pos, n_exa = _int(pos[1] if pos else None), _int(exa[1] if exa else None)
    out: list[Finding] = []
    if pos and exa and n_pos is not None and n_exa is not None and n_pos > n_exa:
        msg = f"{n_pos} positive lymph nodes but only {n_exa} examined"
        out.append((_issue("cross.ln_counts", msg, [pos[1], exa[1]]), [pos[0], exa[0]]))
    parts = _tnm_parts(pn[1]) if pn else None
    if not (pn and pos and parts and n_pos is not None):
        return out
    category = parts[1]
    if category.startswith("N0") and n_pos > 0:
        msg = f"pN {category} but {n_pos} positive lymph nodes"
        out.append((_issue("cross.pN_vs_ln", msg, [pn[1], pos[1]]), [pn[0], pos[0]]))
    exempt = any(category.startswith(c) for c in rules()["tnm"]["n_without_nodes"])
    if re.match(r"^N[1-3]", category) and not exempt and n_pos == 0 and (n_exa or 0) > 0:
        msg = f"pN {category} but 0 of {n_exa} lymph nodes positive"
        idx = [pn[0], pos[0]] + ([exa[0]] if exa else [])
        out.append((_issue("cross.pN_vs_ln", msg, [pn[1], pos[1]] + ([exa[1]] if exa else [])), idx))
    return out


# --- conflicts and provenance ------------------------------------------------------------


def _conflicts(fields: list[Field]) -> list[Finding]:
    groups: dict[str, list[tuple[int, Field]]] = {}
    for i, f in _live(fields):
        if "[" not in f.name and f.normalized is not None and _checks_conflicts(f.name):
            groups.setdefault(f.name, []).append((i, f))
    out: list[Finding] = []
    for name, members in groups.items():
        distinct = {json.dumps(f.normalized, sort_keys=True, default=str, ensure_ascii=False) for _, f in members}
        if len(distinct) > 1:
            msg = f"{name} has {len(distinct)} different values: {', '.join(sorted(distinct))}"
            out.append((_issue("field.conflict", msg, [f for _, f in members]), [i for i, _ in members]))
    return out


def _checks_conflicts(name: str) -> bool:
    spec = field_spec(name)
    return spec is None or spec.check_conflicts


def _provenance(fields: list[Field], text: str | None) -> list[Finding]:
    out: list[Finding] = []
    for i, f in enumerate(fields):
        for s in f.provenance:
            if not isinstance(s, TextSpan):
                continue
            if not 0 <= s.start < s.end or (text is not None and s.end > len(text)):
                msg = f"{f.name}: text span [{s.start}, {s.end}) is empty, reversed or outside the document"
                out.append((_issue("provenance.bad_span", msg, [f]), [i]))
            elif text is not None and s.text is not None and text[s.start:s.end] != s.text:
                msg = f"{f.name}: span [{s.start}, {s.end}) does not slice back to {s.text!r}"
                out.append((_issue("provenance.mismatch", msg, [f]), [i]))
    return out
