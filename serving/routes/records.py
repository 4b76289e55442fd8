"""``GET /v1/records`` (a page of the key's records) and ``GET /v1/records/{id}`` (one stored Record).

``GET /v1/records/{id}?format=html`` renders the record as an HTML page (engine.html_view). The
server keeps records, not document texts, so the page lists the fields without highlighted spans.

A reader sees only the records its key created (admins see all); another key's id is a 404,
so ids do not leak.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from oncostruct.engine.cdm import Record
from oncostruct.engine.html_view import CSP, render_record_html
from oncostruct.serving.auth import ReaderDep
from oncostruct.serving.deps import IdPath, StoreDep
from oncostruct.serving.errors import ApiError, problem_responses
from oncostruct.serving.pagination import Limit, Offset, page
from oncostruct.serving.schemas import Page, RecordSummary

router = APIRouter(prefix="/v1/records", tags=["records"])


@router.get("", response_model=Page[RecordSummary], summary="List stored records, newest first",
            responses=problem_responses(401, 422))
def list_records(request: Request, store: StoreDep, principal: ReaderDep, limit: Limit = 20,
                 offset: Offset = 0) -> Any:
    items, total = store.list_records(principal.owner_filter, limit, offset)
    return page(request, items, total, limit, offset)


NO_TEXT_ON_SERVER = ("The server keeps records, not document texts: the fields are listed without their highlighted "
                     "spans. To see them on the text, save the record as JSON and run "
                     "`oncostruct view RECORD.json --html --source FILE_OR_FOLDER`.")
Format = Annotated[Literal["json", "html"], Query(alias="format", description="json: the Record; html: a page to read")]
_HTML_RESPONSE = {"content": {"text/html": {"schema": {"type": "string"}}},
                  "description": "The Record (JSON), or with format=html an HTML page showing it"}


@router.get("/{record_id}", response_model=Record, summary="A stored Record",
            responses={200: _HTML_RESPONSE, **problem_responses(401, 404)})
def get_record(record_id: IdPath, store: StoreDep, principal: ReaderDep, fmt: Format = "json") -> Any:
    found = store.get_record(record_id, owner=principal.owner_filter)
    if found is None:
        raise ApiError(404, f"no record with id {record_id!r}", code="not_found")
    if fmt == "html":
        page = render_record_html(Record.model_validate(found), note=NO_TEXT_ON_SERVER)
        return HTMLResponse(page, headers={"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"})
    return found
