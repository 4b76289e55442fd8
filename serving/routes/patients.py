"""``GET /v1/patients/{patient_id}``: the assembled patient record (engine.assembly) over the stored records.

The key's own records (all records for admins) are linked, and the requested patient reconciled and turned into
episodes; links and patients are kept until those records change (:mod:`serving.patient_cache`). A patient id is
the explicit ``patient_id`` given with the documents, or the ``linked-…`` id assembly gives a patient linked from
header identifiers. Another key's patient is a 404.
"""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from oncostruct.engine.assembly.model import PatientRecord
from oncostruct.serving.auth import ReaderDep
from oncostruct.serving.deps import IdPath, ServiceDep
from oncostruct.serving.errors import ApiError, problem_responses

router = APIRouter(prefix="/v1/patients", tags=["patients"])


@router.get("/{patient_id}", response_model=PatientRecord, summary="A patient's assembled record",
            responses=problem_responses(401, 404))
def get_patient(patient_id: IdPath, service: ServiceDep, principal: ReaderDep) -> Any:
    """The patient's linked documents, reconciled fields with their sources, conflicts and episodes."""
    store, owner = service.store, principal.owner_filter
    patient = service.patients.patient(owner, store.records_version(owner), patient_id,
                                       lambda: store.record_rows(owner))
    if patient is None:
        raise ApiError(404, f"no patient with id {patient_id!r}", code="not_found")
    return patient
