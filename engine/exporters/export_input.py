"""What the standards exporters (OMOP, FHIR) read: the records, the texts sidecar, and pseudonymous patients.

Patients come from the patient assembler (:func:`engine.assembly.assemble`, as ``oncostruct assemble``):
documents are linked by ``document.patient_id`` and, without one, by the keyed hashes of their header
identifiers (``patient.keys.*``); an unlinked document is its own patient. Nothing identifying leaves this
module: each patient gets a pseudonym, an HMAC-SHA256 under ``Settings.secret_key`` (ONCOSTRUCT_SECRET_KEY)
of its patient id (or, for patients linked without one, of its documents' content hashes), or a plain
SHA-256 when no key is set (weaker: an id list can be hashed and compared; the export summary says so), and
a stable positive 31-bit ``person_id`` derived from it. The assembled patient (episodes included) is kept
under that pseudonym, never under the clear patient id.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from oncostruct.engine.assembly import assemble
from oncostruct.engine.assembly.model import PatientRecord
from oncostruct.engine.cdm import Record
from oncostruct.engine.errors import DataFormatError
from oncostruct.engine.jsonl import TEXTS_FILE, iter_jsonl
from oncostruct.engine.data_files import data_yaml

PSEUDONYM_CHARS = 40  # hex characters: fits person_source_value varchar(50) and a FHIR id
_INT31 = 0x7FFFFFFF


@dataclass
class Patient:
    """One pseudonymous patient: its records (in input order) and its assembled record (``patient_id`` =
    the pseudonym)."""

    pseudonym: str
    person_id: int
    has_patient_id: bool
    assembled: PatientRecord
    records: list[dict[str, Any]] = field(default_factory=list)


@lru_cache(maxsize=1)
def mapping() -> dict[str, Any]:
    """engine/data/omop_mapping.yaml: codes, templates and concept ids shared by the OMOP and FHIR exporters."""
    return data_yaml("omop_mapping.yaml")


def read_records(records_path: Path) -> list[dict[str, Any]]:
    """The records of a records.jsonl (error rows and torn lines skipped)."""
    if not records_path.is_file():
        raise DataFormatError(f"{records_path}: no such records file")
    try:
        return [r for r in iter_jsonl(records_path) if isinstance(r, dict) and "document" in r]
    except UnicodeDecodeError as exc:
        raise DataFormatError(f"{records_path}: not a records.jsonl (not UTF-8: {exc.reason})") from None


def read_texts(records_path: Path) -> dict[str, str] | None:
    """source_sha256 → structured text, from the texts.jsonl beside ``records_path``; None when there is none."""
    path = records_path.parent / TEXTS_FILE
    if not path.is_file():
        return None
    return {row["source_sha256"]: row["text"] for row in iter_jsonl(path)
            if isinstance(row, dict) and isinstance(row.get("text"), str) and row.get("source_sha256")}


def pseudonym(key: str, secret: SecretStr | None) -> str:
    """A keyed hash of ``key`` (HMAC-SHA256 with the hospital key; SHA-256 without one), as hex."""
    data = key.encode("utf-8", "surrogatepass")
    if secret is not None:
        digest = hmac.new(secret.get_secret_value().encode("utf-8"), data, hashlib.sha256).hexdigest()
    else:
        digest = hashlib.sha256(b"oncostruct-person\x00" + data).hexdigest()
    return digest[:PSEUDONYM_CHARS]


def _validated(records: list[dict[str, Any]]) -> list[Record]:
    out = []
    seen: set[str] = set()
    for n, row in enumerate(records, 1):
        try:
            record = Record.model_validate(row)
        except ValueError as exc:  # pydantic's ValidationError
            raise DataFormatError(f"record {n}: not a Record ({str(exc).splitlines()[0]})") from None
        if record.document.doc_id in seen:
            raise DataFormatError(f"record {n}: doc_id {record.document.doc_id!r} appears twice in the records file")
        seen.add(record.document.doc_id)
        out.append(record)
    return out


def group_patients(records: list[dict[str, Any]], secret: SecretStr | None) -> list[Patient]:
    """Records assembled into pseudonymous patients, ordered by pseudonym; person ids are unique."""
    by_doc = {r["document"]["doc_id"]: r for r in records}
    patients = []
    for assembled in assemble(_validated(records)):
        members = [by_doc[d] for d in assembled.documents]
        docs = set(assembled.documents)
        explicit = any(r["document"].get("patient_id") for r in members)
        key = f"patient:{assembled.patient_id}" if explicit else \
            "document:" + "\x1f".join(sorted(r["document"]["source_sha256"] for r in members))
        name = pseudonym(key, secret)
        patients.append(Patient(name, 0, explicit, assembled.model_copy(update={"patient_id": name}),
                                [r for r in records if r["document"]["doc_id"] in docs]))
    patients.sort(key=lambda p: p.pseudonym)
    ids = person_ids([p.pseudonym for p in patients])
    for p in patients:
        p.person_id = ids[p.pseudonym]
    return patients


def person_ids(pseudonyms: list[str]) -> dict[str, int]:
    """Pseudonym → ``person_id``: its first 31 bits; on a collision within the export the later pseudonym
    (in sorted order) takes the next free id, so ids stay stable unless two patients collide."""
    used: set[int] = set()
    out = {}
    for name in sorted(pseudonyms):
        pid = (int(name[:8], 16) & _INT31) or 1
        while pid in used:
            pid = pid % _INT31 + 1
        used.add(pid)
        out[name] = pid
    return out
