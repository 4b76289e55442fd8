"""Records in, patients out: link, reconcile, build episodes."""
from __future__ import annotations

from typing import Any, Iterable

from oncostruct.engine.assembly.config import AssemblyConfig, load_config
from oncostruct.engine.assembly.episodes import build_episodes
from oncostruct.engine.assembly.facts import doc_info, record_facts
from oncostruct.engine.assembly.link import link_documents
from oncostruct.engine.assembly.model import DocumentRef, PatientRecord
from oncostruct.engine.assembly.reconcile import reconcile
from oncostruct.engine.cdm import Record


def assemble(records: Iterable[Record | dict[str, Any]], config: AssemblyConfig | None = None) -> list[PatientRecord]:
    """One PatientRecord per linked patient, ordered by patient id."""
    config = config or load_config()
    docs = [doc_info(r if isinstance(r, Record) else Record.model_validate(r)) for r in records]
    patients = []
    for pid, members in sorted(link_documents(docs, config.link).items()):
        infos = sorted((d for d, _ in members), key=lambda d: (d.date or "9999", d.doc_id))
        facts = [f for d in infos for f in record_facts(d, config)]
        fields, conflicts = reconcile(infos, facts, config.reconcile)
        patients.append(PatientRecord(
            patient_id=pid, documents=[d.doc_id for d in infos], fields=fields, conflicts=conflicts,
            episodes=build_episodes(infos, fields, config.episodes),
            links=[link for _, link in sorted(members, key=lambda m: m[0].doc_id)],
            document_info=[DocumentRef(doc_id=d.doc_id, doc_type=d.doc_type, date=d.date, visit_id=d.visit_id,
                                       source_name=d.source_name) for d in infos]))
    return patients
