"""Records in, patients out: link, reconcile, build episodes.

:func:`assemble` does it all at once. The two steps are also public, so that a caller holding many records can
link them once and assemble only the patients it is asked for (the REST API, ``serving/patient_cache.py``):
:func:`link` (documents → patient id → members) and :func:`assemble_patient` (one patient's members → its record).
"""
from __future__ import annotations

from typing import Any, Iterable

from oncostruct.engine.assembly.config import AssemblyConfig, load_config
from oncostruct.engine.assembly.episodes import build_episodes
from oncostruct.engine.assembly.facts import DocInfo, doc_info, record_facts
from oncostruct.engine.assembly.link import link_documents
from oncostruct.engine.assembly.model import DocumentRef, Link, PatientRecord
from oncostruct.engine.assembly.reconcile import reconcile
from oncostruct.engine.cdm import Record

Members = list[tuple[DocInfo, Link]]


def assemble(records: Iterable[Record | dict[str, Any]], config: AssemblyConfig | None = None) -> list[PatientRecord]:
    """One PatientRecord per linked patient, ordered by patient id."""
    config = config or load_config()
    docs = [doc_info(r if isinstance(r, Record) else Record.model_validate(r)) for r in records]
    return [assemble_patient(pid, members, config) for pid, members in link(docs, config).items()]


def link(docs: list[DocInfo], config: AssemblyConfig | None = None) -> dict[str, Members]:
    """Patient id → its documents with the link that joined each, ordered by patient id."""
    return dict(sorted(link_documents(docs, (config or load_config()).link).items()))


def assemble_patient(pid: str, members: Members, config: AssemblyConfig | None = None) -> PatientRecord:
    """The record of patient ``pid`` from its linked documents (depends on nothing else)."""
    config = config or load_config()
    infos = sorted((d for d, _ in members), key=lambda d: (d.date or "9999", d.doc_id))
    facts = [f for d in infos for f in record_facts(d, config)]
    fields, conflicts = reconcile(infos, facts, config.reconcile)
    return PatientRecord(
        patient_id=pid, documents=[d.doc_id for d in infos], fields=fields, conflicts=conflicts,
        episodes=build_episodes(infos, fields, config.episodes),
        links=[lk for _, lk in sorted(members, key=lambda m: m[0].doc_id)],
        document_info=[DocumentRef(doc_id=d.doc_id, doc_type=d.doc_type, date=d.date, visit_id=d.visit_id,
                                   source_name=d.source_name) for d in infos])
