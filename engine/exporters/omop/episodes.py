"""EPISODE and EPISODE_EVENT rows of one patient: the assembler's episodes, their events resolved to exported rows.

The episodes are :func:`engine.assembly.omop.episode_rows` of the assembled patient (kept under its
pseudonym, so the stable episode ids derive from a keyed hash, never from a clear patient id). Each event
names the document field behind it (``event_source_value`` = ``doc_id#field``); it points at the row the
exporter wrote for that field (``written``), with the Field concept of that row's table
(``omop_mapping.yaml`` ``event_fields``). An event whose field got no row is not written and is counted
by its table. A Disease First Occurrence takes its condition's concept and source value as
``episode_object_concept_id`` / ``episode_source_value``. An undated episode starts on the export date,
as every undated row of the export does.
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from oncostruct.engine.assembly.omop import episode_rows
from oncostruct.engine.exporters.export_input import mapping
from oncostruct.engine.exporters.omop.vocab import Wanted

if TYPE_CHECKING:
    from oncostruct.engine.exporters.export_input import Patient

Written = dict[str, tuple[str, int, dict[str, Any]]]  # doc_id#field → (table, row id, row)


def event_field(table: str) -> int | Wanted:
    """The CDM Field concept of ``table``'s id column: fixed, or a CDM vocabulary code for --vocab to resolve."""
    value = mapping()["event_fields"][table]
    return value if isinstance(value, int) else Wanted("CDM", value)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def episode_tables(patient: Patient, written: Written, today: date
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], Counter[str]]:
    """(EPISODE rows, EPISODE_EVENT rows, unresolved events by table) of ``patient``."""
    episodes, events = episode_rows([patient.assembled])
    unnamed = {e["episode_id"]: e for e in episodes if e["episode_source_value"] == "diagnosis"}
    out_events: list[dict[str, Any]] = []
    unresolved: Counter[str] = Counter()
    seen: set[tuple[int, str, int]] = set()
    for ev in events:
        hit = written.get(ev["event_source_value"])
        if hit is None or hit[0] not in mapping()["event_fields"]:
            unresolved[ev["event_table"]] += 1
            continue
        table, event_id, row = hit
        if (ev["episode_id"], table, event_id) in seen:  # two fields of one row (histology and site: the condition)
            continue
        seen.add((ev["episode_id"], table, event_id))
        out_events.append({"episode_id": ev["episode_id"], "event_id": event_id,
                           "episode_event_field_concept_id": event_field(table)})
        if table == "condition_occurrence" and ev["episode_id"] in unnamed:  # the diagnosis's first condition
            episode = unnamed.pop(ev["episode_id"])
            episode["episode_object_concept_id"] = row["condition_concept_id"]
            episode["episode_source_value"] = row["condition_source_value"]
    rows = []
    for e in episodes:
        e = {k: v for k, v in e.items() if k != "person_source_value"}
        e.update(person_id=patient.person_id, episode_start_date=_day(e["episode_start_date"]) or today,
                 episode_end_date=_day(e["episode_end_date"]))
        rows.append(e)
    return rows, out_events, unresolved
