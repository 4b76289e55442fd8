"""``POST /v1/jobs``, ``GET /v1/jobs`` and ``GET /v1/jobs/{id}``: asynchronous batch jobs with progress.

A job and its records belong to the key that created it; readers see only their own (another
key's job id is a 404), admins see all. A job runs on the service's job thread, one document after another, through the same
``engine.batch_items.process_item`` as ``oncostruct batch``; a bad document becomes an error
entry of the job and never stops it.
"""
from __future__ import annotations

import hashlib
import logging
from typing import Any

from fastapi import APIRouter, Request, Response

from oncostruct.engine.batch_items import BatchItem, process_item
from oncostruct.serving.auth import ReaderDep
from oncostruct.serving.deps import IdPath, ServiceDep
from oncostruct.serving.errors import ApiError, problem_responses
from oncostruct.serving.limits import check_text_length
from oncostruct.serving.pagination import Limit, Offset, page
from oncostruct.serving.schemas import DocumentIn, JobPublic, JobRequest, JobSummary, Page
from oncostruct.serving.service import Service

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1/jobs", tags=["jobs"])


def _item(n: int, doc: DocumentIn) -> tuple[BatchItem, str]:
    item = BatchItem(key=doc.doc_id or f"doc{n}", text=doc.text, meta=doc.meta())
    return item, hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def run_job(service: Service, job_id: str, documents: list[DocumentIn], owner: str | None = None) -> None:
    """Structure a job's documents, recording progress in the store; the records belong to ``owner``."""
    service.store.set_job_status(job_id, "running")
    try:
        for n, doc in enumerate(documents):
            outcome = process_item(service.engine, *_item(n, doc))
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


def _progress(row: dict[str, Any]) -> float:
    return round((row["done"] + row["failed"]) / row["total"], 4) if row["total"] else 1.0


def job_summary(row: dict[str, Any]) -> JobSummary:
    return JobSummary(**{k: row[k] for k in JobSummary.model_fields if k != "progress"}, progress=_progress(row))


def job_public(row: dict[str, Any]) -> JobPublic:
    return JobPublic(**{k: row[k] for k in JobPublic.model_fields if k != "progress"}, progress=_progress(row))


@router.post("", status_code=202, response_model=JobPublic, summary="Start a batch job",
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
    service.jobs.submit(run_job, service, job_id, list(request.documents), principal.id)
    response.headers["Location"] = f"/v1/jobs/{job_id}"
    return job_public(service.store.get_job(job_id) or {})


@router.get("", response_model=Page[JobSummary], summary="List jobs, newest first",
            responses=problem_responses(401, 422))
def list_jobs(request: Request, service: ServiceDep, principal: ReaderDep, limit: Limit = 20,
              offset: Offset = 0) -> Any:
    rows, total = service.store.list_jobs(principal.owner_filter, limit, offset)
    return page(request, [job_summary(r) for r in rows], total, limit, offset)


@router.get("/{job_id}", response_model=JobPublic, summary="A job's status and progress",
            responses=problem_responses(401, 404, 422))
def get_job(job_id: IdPath, service: ServiceDep, principal: ReaderDep) -> JobPublic:
    row = service.store.get_job(job_id, owner=principal.owner_filter)
    if row is None:
        raise ApiError(404, f"no job with id {job_id!r}", code="not_found")
    return job_public(row)
