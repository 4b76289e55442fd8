"""``POST /v1/extract``: structure one document given as JSON text or as an uploaded file."""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException

from oncostruct.engine.cdm import DocType, Record
from oncostruct.engine.errors import UnsupportedInputError
from oncostruct.engine.ingest import IngestedInput, ingest_bytes, ingest_text
from oncostruct.serving.auth import ReaderDep
from oncostruct.serving.deps import ServiceDep
from oncostruct.serving.errors import ApiError, problem_responses
from oncostruct.serving.limits import check_text_length, run_limited
from oncostruct.serving.schemas import ExtractForm, ExtractRequest
from oncostruct.serving.service import Service

router = APIRouter(prefix="/v1", tags=["extract"])

_ID_FIELD = {"type": "string", "minLength": 1, "maxLength": 128}
MULTIPART_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "a text file, image, PDF or video"},
        "doc_type": {"type": "string", "enum": [t.value for t in DocType]},
        "language": {"type": "string", "enum": ["zh", "en"]},
        "doc_id": _ID_FIELD, "patient_id": _ID_FIELD, "visit_id": _ID_FIELD,
        "date": {"type": "string", "format": "date"},
        "store": {"type": "boolean", "default": True},
    },
}
REQUEST_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/ExtractRequest"}},
        "multipart/form-data": {"schema": MULTIPART_SCHEMA},
    },
}


def _invalid(exc: ValidationError, prefix: str) -> RequestValidationError:
    return RequestValidationError([{**e, "loc": (prefix, *e["loc"])} for e in exc.errors(include_url=False)])


@dataclass(frozen=True)
class _Input:
    """What the request carried, before decoding (which happens in a worker thread)."""

    name: str
    meta: dict[str, Any]
    store: bool
    text: str | None = None
    data: bytes | None = None
    owner: str | None = None

    def ingest(self, service: Service) -> IngestedInput:
        if self.text is not None:
            return ingest_text(self.text, self.name, service.settings)
        ing = ingest_bytes(self.data or b"", self.name, service.settings)
        if ing.text is not None:
            check_text_length(ing.text, service.settings.api, self.name)
        return ing


async def _from_json(request: Request, service: Service) -> _Input:
    try:
        req = ExtractRequest.model_validate_json(await request.body())
    except ValidationError as exc:
        raise _invalid(exc, "body") from None
    check_text_length(req.text, service.settings.api)
    wanted = req.options.deidentify if req.options else None
    if wanted is not None and wanted != service.settings.deidentify:
        state = "de-identifies every document" if service.settings.deidentify else "does not de-identify"
        raise ApiError(422, f"options.deidentify={str(wanted).lower()}: this server {state} (its setting "
                       "ONCOSTRUCT_DEIDENTIFY is the policy; start one with the setting you need)",
                       code="deidentify_unavailable")
    return _Input(req.doc_id or "<text>", req.meta(), req.options.store if req.options else True, text=req.text)


async def _from_multipart(request: Request) -> _Input:
    try:
        form = await request.form(max_files=1, max_fields=10)
    except HTTPException:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure is the client's malformed body
        raise ApiError(400, f"malformed multipart body: {type(exc).__name__}", code="bad_multipart") from None
    try:
        return await _form_input(form)
    finally:
        await form.close()  # the uploads' temporary files


async def _form_input(form: FormData) -> _Input:
    upload = form.get("file")
    try:
        fields = ExtractForm.model_validate({k: v for k, v in form.items() if k != "file" and isinstance(v, str)})
    except ValidationError as exc:
        raise _invalid(exc, "body") from None
    if upload is None:
        raise RequestValidationError([{"loc": ("body", "file"), "msg": "Field required", "type": "missing"}])
    meta = fields.meta()
    if isinstance(upload, UploadFile):
        return _Input(upload.filename or "upload", meta, fields.store, data=await upload.read())
    return _Input("upload.txt", meta, fields.store, data=upload.encode("utf-8", "surrogatepass"))


def _structure(service: Service, given: _Input) -> tuple[Record, str | None]:
    """Worker-thread part: decode, run the pipeline, keep the record."""
    ing = given.ingest(service)
    try:
        record = service.engine.extract(ing, **given.meta)
    except UnsupportedInputError as exc:
        status = 422 if ing.modality == "text" else 415
        raise ApiError(status, exc.message, code=exc.code) from None
    rid = service.store.put_record(json.loads(record.model_dump_json()), owner=given.owner) if given.store else None
    return record, rid


@router.post(
    "/extract",
    response_model=Record,
    summary="Structure one document",
    description="A JSON body with the text, or a multipart upload of a file (`file`) with optional form fields. "
                "Returns the Record; when stored, `Location` points to `/v1/records/{id}`.",
    openapi_extra={"requestBody": REQUEST_BODY},
    responses=problem_responses(400, 401, 413, 415, 422, 504),
)
async def extract(request: Request, response: Response, service: ServiceDep, principal: ReaderDep) -> Record:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "multipart/form-data":
        given = await _from_multipart(request)
    elif ctype in ("application/json", "") or ctype.endswith("+json"):
        given = await _from_json(request, service)
    else:
        raise ApiError(415, f"unsupported content type {ctype!r}: send application/json or multipart/form-data",
                       code="unsupported_media_type")
    given = replace(given, owner=principal.id)
    record, rid = await run_limited(_structure, service, given, limiter=service.limiter,
                                    timeout_s=service.request_timeout_s)
    if rid is not None:
        response.headers["Location"] = f"/v1/records/{rid}"
        response.headers["X-Record-Id"] = rid
    return record
