"""Assembled patients kept per owner and records version, so ``GET /v1/patients/{id}`` assembles once.

Assembly links every record of the caller (a patient's documents are found through the links, so one
patient cannot be assembled from its own documents alone). The result is kept for the owner filter it
was made for, together with the version of that owner's records (:meth:`Store.records_version`: their
count and newest sequence number), and reused while the version is the same. A stored record (a new
extraction, a job's document) or an evicted one changes the version, and the next request assembles
again. The version is read from the database on every request, so several server processes sharing one
database each stay current. At most ``max_owners`` owners are kept, the least recently used dropped first.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Hashable, Iterable

from oncostruct.engine.assembly.model import PatientRecord

Patients = dict[str, PatientRecord]


class PatientCache:
    """Owner → (records version, patients by id), least recently used first out."""

    def __init__(self, max_owners: int = 8) -> None:
        self.max_owners = max_owners
        self._entries: OrderedDict[str | None, tuple[Hashable, Patients]] = OrderedDict()
        self._lock = threading.Lock()
        self.assemblies = 0  # how many times patients were assembled (tests and benchmarks read it)

    def patients(self, owner: str | None, version: Hashable,
                 assemble: Callable[[], Iterable[PatientRecord]]) -> Patients:
        """The owner's patients for ``version``: kept ones, or ``assemble()`` (outside the lock) kept for next time."""
        with self._lock:
            kept = self._entries.get(owner)
            if kept is not None and kept[0] == version:
                self._entries.move_to_end(owner)
                return kept[1]
        built = {p.patient_id: p for p in assemble()}
        with self._lock:
            self.assemblies += 1
            self._entries[owner] = (version, built)
            self._entries.move_to_end(owner)
            while len(self._entries) > self.max_owners:
                self._entries.popitem(last=False)
        return built
