"""``GET /v1/records/{id}``: a stored Record."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from engine.cdm import Record
from serving.auth import ReaderDep
from serving.deps import IdPath, StoreDep
from serving.errors import ApiError, problem_responses

router = APIRouter(prefix="/v1/records", tags=["records"])


@router.get("/{record_id}", response_model=Record, summary="A stored Record", responses=problem_responses(401, 404))
def get_record(record_id: IdPath, store: StoreDep, _: ReaderDep) -> Any:
    found = store.get_record(record_id)
    if found is None:
        raise ApiError(404, f"no record with id {record_id!r}", code="not_found")
    return found
