"""Validation: plausibility, grammar and cross-field checks on a Record.

``validate_record`` returns a new Record with one Issue per failed check and the fields
involved set to ``needs_review`` with a ``review_reason`` (fields a person already reviewed
or rejected keep their status). Thresholds and grammars live in ``engine/data/validation.yaml``.
Issue codes: ``value.out_of_range``, ``value.not_numeric``, ``date.invalid``,
``date.out_of_range``, ``cross.discharge_before_admission``, ``tnm.grammar``,
``cross.pN_vs_ln``, ``cross.ln_counts``, ``field.conflict``, ``provenance.bad_span``,
``provenance.mismatch``.
"""
from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator

import yaml

from engine.cdm import Field, FieldStatus, Issue, Record, TextSpan
from engine.errors import ConfigError

Finding = tuple[Issue, list[int]]
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_TNM_WRITTEN = re.compile(r"^\s*(?P<prefix>[a-z]{0,2})(?P<category>[TNM].*?)\s*$")
_KEEP_STATUS = (FieldStatus.reviewed, FieldStatus.rejected)


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The parsed ``engine/data/validation.yaml``."""
    try:
        return yaml.safe_load(resources.files("engine").joinpath("data/validation.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"engine/data/validation.yaml cannot be read: {exc}") from exc


def validate_record(record: Record, *, text: str | None = None, today: date | None = None) -> Record:
    """A copy of ``record`` with issues appended and offending fields sent to review.

    ``text`` (the document text) additionally checks that every text span slices back.
    """
    fields = record.fields
    findings = [
        *_ranges(fields),
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


def _issue(code: str, message: str, fields: list[Field], severity: str = "warning") -> Issue:
    return Issue(code=code, message=message, severity=severity, fields=sorted({f.name for f in fields}))


def _live(fields: list[Field]) -> Iterator[tuple[int, Field]]:
    return ((i, f) for i, f in enumerate(fields) if f.status is not FieldStatus.rejected)


# --- value ranges ------------------------------------------------------------------------


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _values(f: Field, keys: list[str] | None) -> list[Any]:
    norm = f.normalized
    if keys:
        return [norm.get(k) for k in keys if isinstance(norm, dict) and norm.get(k) is not None]
    if norm is None:
        return []
    return list(norm) if isinstance(norm, list) else [norm]


def _in_range(v: float, r: dict[str, Any]) -> bool:
    lo, hi = r.get("min"), r.get("max")
    if lo is not None and (v < lo or (r.get("min_exclusive") and v == lo)):
        return False
    return hi is None or (v <= hi and not (r.get("max_exclusive") and v == hi))


def _bounds(r: dict[str, Any]) -> str:
    lo = "(" if r.get("min_exclusive") else "["
    hi = ")" if r.get("max_exclusive") else "]"
    return f"{lo}{r.get('min', '-inf')}, {r.get('max', 'inf')}{hi}"


def _ranges(fields: list[Field]) -> list[Finding]:
    out: list[Finding] = []
    for r in rules()["ranges"]:
        rx = re.compile(r["field"])
        for i, f in _live(fields):
            if not rx.search(f.name):
                continue
            values = _values(f, r.get("keys"))
            if any(not _is_number(v) for v in values):
                out.append((_issue("value.not_numeric", f"{f.name}: expected a number, got {f.normalized!r}", [f], "error"), [i]))
            elif any(not _in_range(v, r) for v in values):
                msg = f"{f.name}: {f.normalized!r} outside the plausible range {_bounds(r)} ({r['id']})"
                out.append((_issue("value.out_of_range", msg, [f], "error"), [i]))
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


def _dates(fields: list[Field], today: date) -> list[Finding]:
    cfg = rules()["dates"]
    plain, in_dict = re.compile(cfg["fields"]), re.compile(cfg["dict_fields"])
    out: list[Finding] = []
    parsed: dict[str, tuple[int, Field, date]] = {}
    for i, f in _live(fields):
        if plain.search(f.name):
            raw = f.normalized
        elif in_dict.search(f.name) and isinstance(f.normalized, dict):
            raw = f.normalized.get(cfg["dict_key"])
        else:
            continue
        d = _parse_iso(raw)
        if d == "invalid":
            out.append((_issue("date.invalid", f"{f.name}: {raw!r} is not an ISO date", [f], "error"), [i]))
        elif isinstance(d, date):
            if d.year < cfg["min_year"] or d > today:
                msg = f"{f.name}: {raw} is before {cfg['min_year']} or in the future"
                out.append((_issue("date.out_of_range", msg, [f], "error"), [i]))
            parsed.setdefault(f.name, (i, f, d))
    adm, dis = parsed.get(cfg["admission"]), parsed.get(cfg["discharge"])
    if adm and dis and dis[2] < adm[2]:
        msg = f"discharge date {dis[1].normalized} is before admission date {adm[1].normalized}"
        out.append((_issue("cross.discharge_before_admission", msg, [adm[1], dis[1]], "error"), [adm[0], dis[0]]))
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
    cfg = rules()["tnm"]
    prefix_rx = re.compile(cfg["prefix"])
    out: list[Finding] = []
    for i, f in _live(fields):
        letter = cfg["fields"].get(f.name)
        if letter is None:
            continue
        parts = _tnm_parts(f)
        ok = parts is not None and prefix_rx.match(parts[0]) and re.match(cfg["categories"][letter], parts[1])
        if not ok:
            msg = f"{f.name}: {f.value!r} is not a valid {letter} category"
            out.append((_issue("tnm.grammar", msg, [f], "error"), [i]))
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
    ignore = [re.compile(p) for p in rules()["conflicts"]["ignore"] or []]
    groups: dict[str, list[tuple[int, Field]]] = {}
    for i, f in _live(fields):
        if "[" not in f.name and f.normalized is not None and not any(rx.search(f.name) for rx in ignore):
            groups.setdefault(f.name, []).append((i, f))
    out: list[Finding] = []
    for name, members in groups.items():
        distinct = {json.dumps(f.normalized, sort_keys=True, default=str, ensure_ascii=False) for _, f in members}
        if len(distinct) > 1:
            msg = f"{name} has {len(distinct)} different values: {', '.join(sorted(distinct))}"
            out.append((_issue("field.conflict", msg, [f for _, f in members]), [i for i, _ in members]))
    return out


def _provenance(fields: list[Field], text: str | None) -> list[Finding]:
    out: list[Finding] = []
    for i, f in enumerate(fields):
        for s in f.provenance:
            if not isinstance(s, TextSpan):
                continue
            if not 0 <= s.start < s.end or (text is not None and s.end > len(text)):
                msg = f"{f.name}: text span [{s.start}, {s.end}) is empty, reversed or outside the document"
                out.append((_issue("provenance.bad_span", msg, [f], "error"), [i]))
            elif text is not None and s.text is not None and text[s.start:s.end] != s.text:
                msg = f"{f.name}: span [{s.start}, {s.end}) does not slice back to {s.text!r}"
                out.append((_issue("provenance.mismatch", msg, [f], "error"), [i]))
    return out
