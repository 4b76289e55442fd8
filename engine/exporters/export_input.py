"""What the standards exporters (OMOP, FHIR) read: the records, the texts sidecar, and pseudonymous patients.

Patients are grouped by ``document.patient_id``; a document without one is its own patient (keyed by its
content hash). Nothing identifying leaves this module: each patient gets a pseudonym, an HMAC-SHA256 of the
patient id under ``Settings.secret_key`` (ONCOSTRUCT_SECRET_KEY), or a plain SHA-256 when no key is set
(weaker: an id list can be hashed and compared; the export summary says so), and a stable positive 31-bit
``person_id`` derived from it.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import SecretStr

from oncostruct.engine.errors import DataFormatError
from oncostruct.engine.jsonl import TEXTS_FILE, iter_jsonl

PSEUDONYM_CHARS = 40  # hex characters: fits person_source_value varchar(50) and a FHIR id
_INT31 = 0x7FFFFFFF


@dataclass
class Patient:
    """One pseudonymous patient and its records (in input order)."""

    pseudonym: str
    person_id: int
    has_patient_id: bool
    records: list[dict[str, Any]] = field(default_factory=list)


@lru_cache(maxsize=1)
def mapping() -> dict[str, Any]:
    """engine/data/omop_mapping.yaml: codes, templates and concept ids shared by the OMOP and FHIR exporters."""
    text = resources.files("oncostruct.engine").joinpath("data/omop_mapping.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


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


def group_patients(records: list[dict[str, Any]], secret: SecretStr | None) -> list[Patient]:
    """Records grouped into pseudonymous patients, ordered by pseudonym; person ids are unique.

    ``person_id`` is the pseudonym's first 31 bits; on a collision within the export the later patient
    (by pseudonym) takes the next free id, so ids stay stable unless two patients collide.
    """
    by_key: dict[str, Patient] = {}
    for record in records:
        doc = record["document"]
        pid = doc.get("patient_id")
        key = f"patient:{pid}" if pid else f"document:{doc['source_sha256']}"
        if key not in by_key:
            by_key[key] = Patient(pseudonym(key, secret), 0, bool(pid))
        by_key[key].records.append(record)
    used: set[int] = set()
    patients = sorted(by_key.values(), key=lambda p: p.pseudonym)
    for p in patients:
        pid = (int(p.pseudonym[:8], 16) & _INT31) or 1
        while pid in used:
            pid = pid % _INT31 + 1
        used.add(pid)
        p.person_id = pid
    return patients
