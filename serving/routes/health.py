"""``GET /healthz`` (the process is up) and ``GET /readyz`` (every extractor is loaded)."""
from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from oncostruct.engine.version import __version__
from oncostruct.serving.deps import ServiceDep
from oncostruct.serving.errors import PROBLEM_JSON, problem
from oncostruct.serving.schemas import Health, Readiness

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="Liveness")
async def healthz() -> Health:
    return Health(status="ok", version=__version__)


@router.get("/readyz", response_model=Readiness, summary="Readiness: extractors loaded",
            responses={503: {"description": "still loading, or loading failed",
                             "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}})
async def readyz(service: ServiceDep) -> Readiness | JSONResponse:
    r = service.readiness
    body = Readiness(status=r.status, extractors=dict(r.extractors), errors=list(r.errors))  # type: ignore[arg-type]
    if r.status == "ready":
        return body
    # RFC 9457: ``status`` is the HTTP status (an integer); the readiness state is ``readiness``.
    return problem(503, f"not ready: {r.status}", code="not_ready", readiness=r.status,
                   extractors=body.extractors, errors=body.errors)
