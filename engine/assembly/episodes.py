"""Oncology episodes of one patient, each mapped to its OMOP EPISODE concept (``engine/data/assembly.yaml``):

* diagnosis (Disease First Occurrence): the earliest document stating the tumour, with histology and
  the stage at diagnosis (the reconciled patient fields) as events;
* surgery and radiotherapy: discharge procedures classified by the ``procedure_kinds`` patterns;
* systemic therapy lines: antineoplastic drugs (ATC prefixes) and regimen procedures of the discharge
  summaries in date order; a new line starts when the drug set changes or after ``line_gap_days``;
* progression / recurrence: imaging (and discharge diagnoses) after diagnosis whose statements match the
  progression or recurrence patterns, or imaging naming metastasis sites.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from oncostruct.engine.assembly.config import EpisodeConfig, EpisodeKind
from oncostruct.engine.assembly.facts import DocInfo
from oncostruct.engine.assembly.model import Episode, EpisodeEvent, PatientField
from oncostruct.engine.cdm import Field, FieldStatus

_STAGE = ("pathology.histology", "pathology.pT", "pathology.pN", "pathology.pM", "pathology.ajcc_stage",
          "pathology.primary_site", "pathology.laterality")
_IMAGING = ("petct", "ct")


@dataclass
class _Treatment:
    kind: str
    when: str | None
    event: EpisodeEvent
    drugs: frozenset[str] = frozenset()


def _episode(config: EpisodeConfig, kind: EpisodeKind, start: str | None, end: str | None,
             events: list[EpisodeEvent], line: int | None = None) -> Episode:
    c = config.concepts[kind]
    return Episode(kind=kind, start=start, end=end, concept_id=c.concept_id, concept_name=c.name, object=c.object,
                   line=line, events=events)


def _live(d: DocInfo, prefix: str) -> list[Field]:
    assert d.record is not None
    return [f for f in d.record.fields_named(prefix) if f.status is not FieldStatus.rejected]


def _event(kind: str, d: DocInfo, f: Field, name: str | None = None, when: str | None = None) -> EpisodeEvent:
    value = f.normalized if f.normalized is not None else f.value
    return EpisodeEvent(kind=kind, name=name or f.name, value=value, date=when or d.date, doc_id=d.doc_id, field=f.name)


def _days(a: str | None, b: str | None) -> int | None:
    try:
        return (date.fromisoformat(b[:10]) - date.fromisoformat(a[:10])).days if a and b else None  # type: ignore[index]
    except ValueError:
        return None


def _diagnosis(docs: list[DocInfo], fields: list[PatientField], config: EpisodeConfig) -> Episode | None:
    stating = [d for d in docs if _live(d, "pathology.histology") or any(
        f.code and f.code.code.startswith("C") for f in _live(d, "discharge.diagnoses"))]
    if not stating:
        return None
    dated = sorted((d.date for d in stating if d.date))
    events = [EpisodeEvent(kind="condition" if f.name == "pathology.histology" else "measurement", name=f.name,
                           value=f.normalized if f.normalized is not None else f.value, date=f.sources[0].date,
                           doc_id=f.sources[0].doc_id, field=f.sources[0].field)
              for f in fields if f.name in _STAGE]
    return _episode(config, "diagnosis", dated[0] if dated else None, None, events)


def _treatments(docs: list[DocInfo], config: EpisodeConfig) -> list[_Treatment]:
    kinds = [(k.kind, re.compile(k.pattern, re.IGNORECASE)) for k in config.procedure_kinds]
    out: list[_Treatment] = []
    for d in docs:
        for f in _live(d, "discharge.procedures"):
            norm = f.normalized if isinstance(f.normalized, dict) else {"name": str(f.value)}
            name = str(norm.get("name") or f.value)
            kind = next((k for k, rx in kinds if rx.search(name)), None)
            if kind:
                when = norm.get("date") or d.date
                out.append(_Treatment(kind, when, _event("procedure", d, f, name, when)))
        drugs = [f for f in _live(d, "discharge.drugs")
                 if f.code and any(f.code.code.startswith(p) for p in config.antineoplastic_atc_prefixes)]
        if drugs:
            names = frozenset(str((f.normalized or {}).get("name") or f.value) for f in drugs)
            for f in drugs:
                name = str((f.normalized or {}).get("name") or f.value)
                out.append(_Treatment("systemic_therapy", d.date, _event("drug", d, f, name), names))
    return sorted(out, key=lambda t: (t.when or "9999", t.event.doc_id))


def _lines(items: list[_Treatment], config: EpisodeConfig) -> list[Episode]:
    lines: list[list[_Treatment]] = []
    current: frozenset[str] = frozenset()
    for t in items:
        last = lines[-1][-1] if lines else None
        gap = _days(last.when, t.when) if last else None
        changed = bool(t.drugs) and bool(current) and not (t.drugs & current)
        if last is None or changed or (gap is not None and gap > config.line_gap_days):
            lines.append([t])
            current = t.drugs
        else:
            lines[-1].append(t)
            current = current | t.drugs
    out = []
    for n, line in enumerate(lines, 1):
        dates = sorted(t.when for t in line if t.when)
        out.append(_episode(config, "systemic_therapy", dates[0] if dates else None, dates[-1] if dates else None,
                            [t.event for t in line], line=n))
    return out


def _disease_course(docs: list[DocInfo], start: str | None, config: EpisodeConfig) -> list[Episode]:
    progress = re.compile(config.progression_pattern, re.IGNORECASE)
    recur = re.compile(config.recurrence_pattern, re.IGNORECASE)
    out = []
    for d in sorted(docs, key=lambda x: x.date or "9999"):
        after = start is not None and d.date is not None and d.date > start
        if not after:
            continue
        texts: list[tuple[Field, Any]] = []
        if d.doc_type in _IMAGING:
            texts = [(f, f.value) for f in _live(d, "imaging.lesions") if f.name.endswith(".conclusion")]
            texts += [(f, f.value) for f in _live(d, "imaging.metastasis_sites")]
        texts += [(f, f.value) for f in _live(d, "discharge.diagnoses")]
        rec = [f for f, v in texts if recur.search(str(v))]
        prog = [f for f, v in texts if progress.search(str(v)) or (f.name.startswith("imaging.metastasis_sites"))]
        for kind, hits in (("recurrence", rec), ("progression", [f for f in prog if f not in rec])):
            if hits:
                out.append(_episode(config, kind, d.date, d.date, [_event("imaging" if d.doc_type in _IMAGING
                                                                          else "condition", d, f) for f in hits]))
    return out


def build_episodes(docs: list[DocInfo], fields: list[PatientField], config: EpisodeConfig) -> list[Episode]:
    """The patient's episodes in time order (undated ones last)."""
    episodes: list[Episode] = []
    diagnosis = _diagnosis(docs, fields, config)
    if diagnosis:
        episodes.append(diagnosis)
    treatments = _treatments(docs, config)
    for t in treatments:
        if t.kind in ("surgery", "radiotherapy"):
            episodes.append(_episode(config, t.kind, t.when, t.when, [t.event]))  # type: ignore[arg-type]
    episodes += _lines([t for t in treatments if t.kind == "systemic_therapy"], config)
    episodes += _disease_course(docs, diagnosis.start if diagnosis else None, config)
    return sorted(episodes, key=lambda e: (e.start or "9999", e.kind))
