"""``POST /v1/jobs``, ``POST /v1/uploads``, ``GET /v1/jobs`` and ``GET /v1/jobs/{id}``: asynchronous jobs with progress.

``/upload`` takes one file (multipart ``file``, e.g. a long surgical video) that would not finish within a
request: it is spooled to a temporary file (the body limit ``ONCOSTRUCT_API_MAX_BODY_BYTES`` applies) and
structured as a one-document job from that path, so the media is streamed, not held in memory.

A job and its records belong to the key that created it; readers see only their own (another
key's job id is a 404), admins see all. A job runs on the service's job thread, one document after another, through the same
``engine.batch_items.process_item`` as ``oncostruct batch``; a bad document becomes an error
entry of the job and never stops it.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from oncostruct.engine.batch_items import BatchItem, process_item
from oncostruct.serving.auth import ReaderDep
from oncostruct.serving.deps import IdPath, ServiceDep
from oncostruct.serving.errors import ApiError, problem_responses
from oncostruct.serving.limits import check_text_length
from oncostruct.serving.pagination import Limit, Offset, page
from oncostruct.serving.routes.extract import _invalid
from oncostruct.serving.schemas import DocumentIn, ExtractForm, JobPublic, JobRequest, JobSummary, Page
from oncostruct.serving.service import Service

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["jobs"])


def _item(n: int, doc: DocumentIn) -> tuple[BatchItem, str]:
    item = BatchItem(key=doc.doc_id or f"doc{n}", text=doc.text, meta=doc.meta())
    return item, hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def run_job(service: Service, job_id: str, documents: list[DocumentIn], owner: str | None = None) -> None:
    """Structure a job's documents, recording progress in the store; the records belong to ``owner``."""
    run_items(service, job_id, [_item(n, doc) for n, doc in enumerate(documents)], owner)


def _progress(row: dict[str, Any]) -> float:
    return round((row["done"] + row["failed"]) / row["total"], 4) if row["total"] else 1.0


def job_summary(row: dict[str, Any]) -> JobSummary:
    return JobSummary(**{k: row[k] for k in JobSummary.model_fields if k != "progress"}, progress=_progress(row))


def job_public(row: dict[str, Any]) -> JobPublic:
    return JobPublic(**{k: row[k] for k in JobPublic.model_fields if k != "progress"}, progress=_progress(row))


@router.post("/jobs", status_code=202, response_model=JobPublic, summary="Start a batch job",
             responses=problem_responses(401, 413, 422))
def create_job(request: JobRequest, response: Response, service: ServiceDep, principal: ReaderDep) -> JobPublic:
    api = service.settings.api
    if len(request.documents) > api.max_job_documents:
        raise ApiError(413, f"{len(request.documents)} documents exceed the limit of {api.max_job_documents} per job "
                            "(ONCOSTRUCT_API_MAX_JOB_DOCUMENTS)", code="too_many_documents")
    for n, doc in enumerate(request.documents):
        check_text_length(doc.text, api, f"documents[{n}].text")
    job_id = service.store.create_job(len(request.documents), owner=principal.id)
    service.metrics.jobs.inc()
    service.submit_job(run_job, job_id, list(request.documents), principal.id)
    response.headers["Location"] = f"/v1/jobs/{job_id}"
    return job_public(service.store.get_job(job_id) or {})


def run_file_job(service: Service, job_id: str, path: Path, name: str, meta: dict[str, Any],
                 owner: str | None = None) -> None:
    """Structure one spooled upload as a job, then delete the file."""
    try:
        sha = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                sha.update(block)
        run_items(service, job_id, [(BatchItem(key=name, path=path, meta=meta), sha.hexdigest())], owner)
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)


def run_items(service: Service, job_id: str, items: list[tuple[BatchItem, str]], owner: str | None) -> None:
    service.store.set_job_status(job_id, "running")
    try:
        for item, sha in items:
            if service.stopping.is_set():
                service.store.set_job_status(job_id, "failed", "the server shut down before the job finished")
                return
            outcome = process_item(service.engine, item, sha)
            if outcome.record is not None:
                service.store.put_record(outcome.record, job_id=job_id, owner=owner)
                service.store.job_progress(job_id)
            else:
                service.store.job_progress(job_id, error=outcome.error)
        service.store.set_job_status(job_id, "succeeded")
    except Exception as exc:  # noqa: BLE001 - the job fails, the server stays up
        log.exception("job %s failed", job_id)
        service.store.set_job_status(job_id, "failed", f"{type(exc).__name__}: {exc}")
    finally:
        service.metrics.jobs.dec()


@router.post("/uploads", status_code=202, response_model=JobPublic, summary="Start a job on one uploaded file",
             description="A multipart upload (`file`, and optional `doc_type`, `language`, `patient_id`, `visit_id` "
                         "fields) structured in the background, e.g. a long video; poll `/v1/jobs/{id}`.",
             responses=problem_responses(400, 401, 413, 415, 422))
async def upload_job(request: Request, response: Response, service: ServiceDep, principal: ReaderDep) -> JobPublic:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "multipart/form-data":
        raise ApiError(415, "send the file as multipart/form-data (field `file`)", code="unsupported_media_type")
    form = await request.form(max_files=1, max_fields=10)
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ApiError(422, "field `file` (a file upload) is required", code="validation_error")
        try:
            fields = ExtractForm.model_validate({k: v for k, v in form.items() if k != "file" and isinstance(v, str)})
        except ValidationError as exc:
            raise _invalid(exc, "body") from None
        name = Path(upload.filename or "upload").name or "upload"
        folder = Path(tempfile.mkdtemp(prefix="oncostruct-upload-"))
        path = folder / name
        with path.open("wb") as out:
            shutil.copyfileobj(upload.file, out, 1 << 20)
        if os.path.getsize(path) == 0:
            shutil.rmtree(folder, ignore_errors=True)
            raise ApiError(422, f"{name}: the uploaded file is empty", code="E101")
    finally:
        await form.close()
    job_id = service.store.create_job(1, owner=principal.id)
    service.metrics.jobs.inc()
    service.submit_job(run_file_job, job_id, path, name, fields.meta(), principal.id)
    response.headers["Location"] = f"/v1/jobs/{job_id}"
    return job_public(service.store.get_job(job_id) or {})


@router.get("/jobs", response_model=Page[JobSummary], summary="List jobs, newest first",
            responses=problem_responses(401, 422))
def list_jobs(request: Request, service: ServiceDep, principal: ReaderDep, limit: Limit = 20,
              offset: Offset = 0) -> Any:
    rows, total = service.store.list_jobs(principal.owner_filter, limit, offset)
    return page(request, [job_summary(r) for r in rows], total, limit, offset)


@router.get("/jobs/{job_id}", response_model=JobPublic, summary="A job's status and progress",
            responses=problem_responses(401, 404, 422))
def get_job(job_id: IdPath, service: ServiceDep, principal: ReaderDep) -> JobPublic:
    row = service.store.get_job(job_id, owner=principal.owner_filter)
    if row is None:
        raise ApiError(404, f"no job with id {job_id!r}", code="not_found")
    return job_public(row)
