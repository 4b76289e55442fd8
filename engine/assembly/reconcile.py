"""Reconciling one patient's facts: precedence by source (the catalogue's ``precedence``), then recency,
then confidence; gaps filled from the other sources; disagreements recorded as conflicts and sent to review.

Two values agree when their codes, or their normalised values, are equal; for the fields listed as
``prefix_compatible`` a value that only refines the other (T1 / T1b, IA / IA2) agrees too, and sizes
agree within ``size_tolerance_cm``.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from oncostruct.engine.assembly.config import ReconcileConfig
from oncostruct.engine.assembly.facts import DocInfo, Fact
from oncostruct.engine.assembly.model import Conflict, PatientField, SourceRef
from oncostruct.engine.catalogue import field_spec
from oncostruct.engine.cdm import FieldStatus


def comparable(f: Fact) -> Any:
    """The value two sources are compared by."""
    v = f.normalized if f.normalized is not None else f.value
    if f.code:
        return ("code", f.code)
    if isinstance(v, dict) and "category" in v:
        return str(v["category"]).upper()
    if isinstance(v, list):
        return tuple(round(float(x), 2) for x in v if isinstance(x, (int, float)))
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float)):
        return float(v)
    return " ".join(str(v).split()).casefold()


def _codes_nest(a: str, b: str, config: ReconcileConfig) -> bool:
    """One code names the broader class of the other (C34.9 ⊃ C34.1; 8010/3 carcinoma NOS ⊃ 8140/3)."""
    if a in config.generic_morphology or b in config.generic_morphology:
        return "/" in a and "/" in b
    for family in config.morphology_families:
        if (a == family.nos and family.contains(b)) or (b == family.nos and family.contains(a)):
            return True
    head_a, _, _ = a.partition(".")
    head_b, _, _ = b.partition(".")
    return head_a == head_b and any(c.endswith(sfx) for c in (a, b) for sfx in config.nos_topography_suffixes)


def agree(a: Fact, b: Fact, config: ReconcileConfig) -> bool:
    ka, kb = comparable(a), comparable(b)
    if ka == kb:
        return True
    if isinstance(ka, tuple) and isinstance(kb, tuple) and ka[:1] == kb[:1] == ("code",):
        return _codes_nest(str(ka[1]), str(kb[1]), config)
    if isinstance(ka, tuple) and isinstance(kb, tuple) and ka and kb and not isinstance(ka[0], str):
        return abs(max(ka) - max(kb)) <= config.size_tolerance_cm
    if a.name in config.prefix_compatible and isinstance(ka, str) and isinstance(kb, str):
        short, long = sorted((ka, kb), key=len)
        return long.startswith(short) and long[len(short)] not in "iv"  # IA ⊂ IA2, but I ≠ II, I ≠ IV
    return False


def _rank(f: Fact) -> tuple:
    spec = field_spec(f.name)
    order = [t.value for t in spec.sources] if spec else []
    precedence = order.index(f.doc_type) if f.doc_type in order else len(order)
    recency = -int((f.date or "0000-00-00").replace("-", "")[:8].ljust(8, "0"))
    return (f.inferred, precedence, recency, -f.confidence, f.doc_id)


def _ref(f: Fact) -> SourceRef:
    return SourceRef(doc_id=f.doc_id, field=f.field, doc_type=f.doc_type, date=f.date, start=f.start, end=f.end)


def _display(f: Fact) -> Any:
    return f.normalized if f.normalized is not None else f.value


def reconcile_group(name: str, facts: list[Fact], docs: Iterable[DocInfo], config: ReconcileConfig,
                    visit_id: str | None = None) -> tuple[PatientField, Conflict | None]:
    """The patient field ``name`` from its candidate ``facts`` (of the documents ``docs``)."""
    ranked = sorted(facts, key=_rank)
    winner = ranked[0]
    if not winner.inferred:  # a model's inference neither outvotes nor contradicts a statement
        ranked = [f for f in ranked if not f.inferred]
    agreeing = [f for f in ranked if agree(f, winner, config)]
    others = [f for f in ranked if f not in agreeing]
    conflict = None
    if others and name in config.conflict_fields:
        distinct: list[Fact] = []
        for f in ranked:
            if not any(agree(f, d, config) for d in distinct):
                distinct.append(f)
        conflict = Conflict(name=name, values=[_display(f) for f in distinct],
                            doc_ids=list(dict.fromkeys(f.doc_id for f in ranked)), visit_id=visit_id)
    if len(ranked) == 1:
        rule = "only_source"
    elif _rank(ranked[0])[:2] != _rank(ranked[1])[:2]:
        rule = "precedence"
    else:
        rule = "recency" if _rank(ranked[0])[2] != _rank(ranked[1])[2] else "confidence"
    spec = field_spec(name)
    could = {t.value for t in spec.sources} if spec else set()
    have = {f.doc_id for f in ranked}
    gaps = [d.doc_id for d in docs if d.doc_type in could and d.doc_id not in have]
    status, reason = FieldStatus.auto_accepted, None
    if conflict is not None:
        status, reason = FieldStatus.needs_review, "assembly.conflict: sources disagree: " + ", ".join(
            f"{f.doc_id}={_display(f)}" for f in ranked)
    elif winner.status is FieldStatus.needs_review:
        status, reason = FieldStatus.needs_review, f"the source field {winner.doc_id}:{winner.field} is under review"
    field = PatientField(name=name, value=winner.value, normalized=winner.normalized,
                         sources=[_ref(f) for f in agreeing] + ([_ref(f) for f in others] if conflict else []),
                         status=status, visit_id=visit_id, rule=rule, filled_gaps=gaps, review_reason=reason)
    return field, conflict


def staging_facts(docs: list[DocInfo], facts: list[Fact], config: ReconcileConfig) -> list[Fact]:
    """``facts`` without the follow-up imaging ones (``staging_only``: after the first pathology report)."""
    rule = config.staging_only
    dates = sorted(d.date for d in docs if d.doc_type == "pathology" and d.date)
    if not dates or not rule.fields:
        return facts
    return [f for f in facts if not (f.name in rule.fields and f.doc_type in rule.doc_types and f.date
                                     and f.date > dates[0])]


def _day(iso: Any) -> int | None:
    try:
        return date.fromisoformat(str(iso)[:10]).toordinal()
    except ValueError:
        return None


def infer_visits(docs: list[DocInfo], facts: list[Fact], config: ReconcileConfig) -> dict[str, str]:
    """doc_id → visit: the given visit_id, else the discharge stay its visit-level date falls in, else its own id."""
    visit_of = {d.doc_id: d.visit_id or d.doc_id for d in docs}
    dates: dict[str, dict[str, int | None]] = {}
    for f in facts:
        if f.name in config.visit_level:
            dates.setdefault(f.doc_id, {})[f.name.rsplit(".", 1)[-1]] = _day(f.normalized)
    stays = []
    for d in docs:
        own = dates.get(d.doc_id, {})
        if d.doc_type == "discharge" and own.get("discharge_date"):
            end = own["discharge_date"]
            start = own.get("admission_date") or end - config.max_stay_days  # type: ignore[operator]
            stays.append((start - config.visit_window_days, end, visit_of[d.doc_id]))
    for d in docs:
        own = dates.get(d.doc_id, {})
        if d.visit_id or d.doc_type == "discharge" or not own:
            continue
        day = own.get("admission_date") or own.get("discharge_date")
        hits = {visit for lo, hi, visit in stays if day is not None and lo <= day <= hi}
        if len(hits) == 1:
            visit_of[d.doc_id] = hits.pop()
    return visit_of


def reconcile(docs: list[DocInfo], facts: list[Fact], config: ReconcileConfig) -> tuple[list[PatientField], list[Conflict]]:
    """Every patient field (visit-level ones per visit) and the conflicts found."""
    facts = staging_facts(docs, facts, config)
    visit_of = infer_visits(docs, facts, config)
    groups: dict[tuple[str, str | None], list[Fact]] = {}
    for f in facts:
        visit = visit_of[f.doc_id] if f.name in config.visit_level else None
        groups.setdefault((f.name, visit), []).append(f)
    fields, conflicts = [], []
    for (name, visit), group in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        in_scope = [d for d in docs if visit is None or visit_of[d.doc_id] == visit]
        field, conflict = reconcile_group(name, group, in_scope, config, visit)
        fields.append(field)
        if conflict:
            conflicts.append(conflict)
    return fields, conflicts
