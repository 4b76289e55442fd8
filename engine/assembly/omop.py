"""Assembled episodes as OMOP CDM v5.4 EPISODE and EPISODE_EVENT rows (plain dicts), for the OMOP exporter.

Ids are stable integers derived from the patient, episode and event (so reruns give the same rows).
``person_id`` is left to the exporter (it maps ``person_source_value`` = our patient id; the OMOP exporter
passes each patient under its keyed pseudonym, so no id derives from a clear patient id); an EPISODE_EVENT
row names the OMOP table (``event_table``) and the document field behind the event (``event_source_value``
= ``doc_id#field``): the exporter that writes that CONDITION/PROCEDURE/DRUG/MEASUREMENT row fills in
``event_id`` and ``episode_event_field_concept_id``. Treatment episodes point at the diagnosis episode
(``episode_parent_id``); ``episode_number`` is the systemic-therapy line.
"""
from __future__ import annotations

import hashlib
from typing import Any, Iterable

from oncostruct.engine.assembly.config import AssemblyConfig, load_config
from oncostruct.engine.assembly.model import PatientRecord

_TREATMENTS = {"surgery", "systemic_therapy", "radiotherapy"}


def stable_id(*parts: str) -> int:
    """A positive 63-bit integer id from the parts."""
    return int.from_bytes(hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()[:8], "big") >> 1


def episode_rows(patients: Iterable[PatientRecord], config: AssemblyConfig | None = None
                 ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(EPISODE rows, EPISODE_EVENT rows) of every patient's episodes."""
    cfg = (config or load_config()).episodes
    episodes: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for p in patients:
        ids = [stable_id(p.patient_id, e.kind, e.start or "", str(e.line or ""), str(n)) for n, e in enumerate(p.episodes)]
        parent = next((i for i, e in zip(ids, p.episodes) if e.kind == "diagnosis"), None)
        for episode_id, e in zip(ids, p.episodes):
            episodes.append({
                "episode_id": episode_id, "person_id": None, "person_source_value": p.patient_id,
                "episode_concept_id": e.concept_id, "episode_start_date": e.start, "episode_end_date": e.end,
                "episode_parent_id": parent if e.kind in _TREATMENTS else None, "episode_number": e.line,
                "episode_object_concept_id": 0, "episode_type_concept_id": cfg.type_concept_id,
                "episode_source_value": e.kind, "episode_source_concept_id": 0})
            for ev in e.events:
                events.append({"episode_id": episode_id, "event_id": None, "episode_event_field_concept_id": None,
                               "event_table": cfg.event_tables.get(ev.kind, "observation"),
                               "event_source_value": f"{ev.doc_id}#{ev.field}", "event_date": ev.date})
    return episodes, events
