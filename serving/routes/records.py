"""``GET /v1/records`` (a page of the key's records) and ``GET /v1/records/{id}`` (one stored Record).

A reader sees only the records its key created (admins see all); another key's id is a 404,
so ids do not leak.
"""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from engine.cdm import Record
from serving.auth import ReaderDep
from serving.deps import IdPath, StoreDep
from serving.errors import ApiError, problem_responses
from serving.pagination import Limit, Offset, page
from serving.schemas import Page, RecordSummary

router = APIRouter(prefix="/v1/records", tags=["records"])


@router.get("", response_model=Page[RecordSummary], summary="List stored records, newest first",
            responses=problem_responses(401, 422))
def list_records(request: Request, store: StoreDep, principal: ReaderDep, limit: Limit = 20,
                 offset: Offset = 0) -> Any:
    items, total = store.list_records(principal.owner_filter, limit, offset)
    return page(request, items, total, limit, offset)


@router.get("/{record_id}", response_model=Record, summary="A stored Record", responses=problem_responses(401, 404))
def get_record(record_id: IdPath, store: StoreDep, principal: ReaderDep) -> Any:
    found = store.get_record(record_id, owner=principal.owner_filter)
    if found is None:
        raise ApiError(404, f"no record with id {record_id!r}", code="not_found")
    return found
