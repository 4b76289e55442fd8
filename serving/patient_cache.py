"""Linked patients kept per owner and records version, so ``GET /v1/patients/{id}`` does the least work it can.

A patient's documents are found through links over all of the caller's records, so one patient cannot be
assembled from its own documents alone. Per owner filter the cache keeps the version of that owner's records
(:meth:`Store.records_version`: their count and newest sequence number), the parsed documents by record id, the
linked groups (patient id → documents), and the patients assembled so far. A request for the same version
assembles at most its own patient (:func:`engine.assembly.assemble.assemble_patient`, which depends on that
patient's documents only). A stored or evicted record changes the version: the records are read again, only new
ones are parsed (records are never updated in place), everything is linked again, and patients are assembled again
when asked for. The version is read from the database on every request, so several server processes sharing one
database each stay current. At most ``max_owners`` owners are kept, the least recently used dropped first.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable, Hashable

from oncostruct.engine.assembly.assemble import Members, assemble_patient, link
from oncostruct.engine.assembly.config import load_config
from oncostruct.engine.assembly.facts import DocInfo, doc_info
from oncostruct.engine.assembly.model import PatientRecord
from oncostruct.engine.cdm import Record

Rows = Callable[[], list[tuple[str, str]]]  # (record id, JSON body), oldest first


@dataclass
class _Entry:
    version: Hashable
    docs: dict[str, DocInfo]
    groups: dict[str, Members]
    patients: dict[str, PatientRecord] = field(default_factory=dict)


class PatientCache:
    """Owner → its records' version, parsed documents, linked groups and assembled patients."""

    def __init__(self, max_owners: int = 8) -> None:
        self.max_owners = max_owners
        self._entries: OrderedDict[str | None, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        # work counters (tests and benchmarks read them)
        self.links = 0  # times an owner's records were linked
        self.parsed = 0  # records parsed
        self.assembled = 0  # patients assembled

    def patient(self, owner: str | None, version: Hashable, patient_id: str, rows: Rows) -> PatientRecord | None:
        """Patient ``patient_id`` among the owner's records at ``version`` (``rows()`` reads them when the
        version is new); None when no linked patient has that id."""
        entry = self._entry(owner, version, rows)
        members = entry.groups.get(patient_id)
        if members is None:
            return None
        with self._lock:
            kept = entry.patients.get(patient_id)
        if kept is not None:
            return kept
        built = assemble_patient(patient_id, members, load_config())
        with self._lock:
            self.assembled += 1
            return entry.patients.setdefault(patient_id, built)

    def _entry(self, owner: str | None, version: Hashable, rows: Rows) -> _Entry:
        with self._lock:
            old = self._entries.get(owner)
            if old is not None:
                self._entries.move_to_end(owner)
                if old.version == version:
                    return old
        known = old.docs if old is not None else {}
        docs: dict[str, DocInfo] = {}
        parsed = 0
        for rid, body in rows():  # outside the lock: reading and parsing take time
            docs[rid] = known.get(rid) or doc_info(Record.model_validate_json(body))
            parsed += rid not in known
        entry = _Entry(version, docs, link(list(docs.values()), load_config()))
        with self._lock:
            self.links += 1
            self.parsed += parsed
            self._entries[owner] = entry
            self._entries.move_to_end(owner)
            while len(self._entries) > self.max_owners:
                self._entries.popitem(last=False)
        return entry
