"""Build the FastAPI app: ``create_app()`` (uvicorn runs it as a factory, one Service per worker process)."""
from __future__ import annotations

import logging
from http import HTTPStatus
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator

import anyio.to_thread
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from oncostruct.engine.settings import Settings, get_settings
from oncostruct.engine.version import __version__
from oncostruct.serving.access_log import install_access_log_filter
from oncostruct.serving.auth import parse_env_keys
from oncostruct.serving.docs import install_docs
from oncostruct.serving.errors import PROBLEM_JSON, Problem, install_error_handlers
from oncostruct.serving.limits import BodySizeLimit
from oncostruct.serving.metrics import MetricsMiddleware
from oncostruct.serving.request_id import RequestIdMiddleware
from oncostruct.serving.routes import extract, health, jobs, keys, metrics, patients, records
from oncostruct.serving.schemas import ExtractRequest
from oncostruct.serving.service import Service

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, *, api_keys: str | None = None, warm_up: bool = True) -> FastAPI:
    """The app. ``api_keys`` overrides ``ONCOSTRUCT_API_KEYS``; ``warm_up`` loads the extractors at start-up."""
    settings = settings or get_settings()
    service = Service.build(settings, parse_env_keys(api_keys), warm_up=warm_up)
    if not service.env_keys:
        log.warning("no API keys in ONCOSTRUCT_API_KEYS: only keys created in the store will be accepted")
    if not service.store.persistent:
        log.warning("records and jobs are kept in memory (set ONCOSTRUCT_DB_URL to keep them)")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm_up:
            # In the background: /healthz answers at once, /readyz once the extractors are loaded.
            async with anyio.create_task_group() as tg:
                tg.start_soon(_warm, service)
                yield
                tg.cancel_scope.cancel()
        else:
            service.readiness.status = "ready"
            yield
        service.close()

    install_access_log_filter()
    app = FastAPI(title="oncostruct", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  generate_unique_id_function=lambda route: route.name,
                  description="Structure oncology documents into CDM Records. Errors are application/problem+json.")
    app.state.service = service
    install_error_handlers(app)
    for module in (extract, jobs, records, patients, keys, health, metrics):
        app.include_router(module.router)
    install_docs(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.api.max_body_bytes)
    app.add_middleware(MetricsMiddleware, metrics=service.metrics)
    app.add_middleware(RequestIdMiddleware)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


async def _warm(service: Service) -> None:
    await anyio.to_thread.run_sync(service.warm_up, abandon_on_cancel=True)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The generated spec plus the schemas that only the hand-written request bodies refer to."""
    if app.openapi_schema is None:
        spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        components = spec.setdefault("components", {}).setdefault("schemas", {})
        for model in (ExtractRequest, Problem):
            schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(schema.pop("$defs", {}))
            components[model.__name__] = schema
        problem = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for operation in (op for path in spec["paths"].values() for op in path.values()):
            _document_errors(operation)
            for status, response in operation.get("responses", {}).items():
                if status[0] in "45":  # every error is a problem document, validation errors included
                    response["content"] = problem
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        app.openapi_schema = spec
    return app.openapi_schema


def _document_errors(operation: dict[str, Any]) -> None:
    """Errors any operation may answer: 401 when secured, 400/413/422 with a body, 422 with parameters."""
    statuses = set()
    if operation.get("security"):
        statuses.add(401)
    if "requestBody" in operation:
        statuses |= {400, 413, 422}
    if operation.get("parameters"):
        statuses.add(422)
    responses = operation.setdefault("responses", {})
    for status in sorted(statuses):
        responses.setdefault(str(status), {"description": HTTPStatus(status).phrase})
