"""The error model: every error response is ``application/problem+json`` (RFC 9457).

A problem has ``type``, ``title``, ``status``, ``detail`` and, where useful, a stable ``code``
(the engine's error code), ``errors`` (the validation errors) and ``request_id`` (the
``X-Request-ID`` of the request, also in the server log). Unexpected exceptions give a plain 500
problem: the traceback goes to the server log, never to the client. A client that disconnects
before its body arrived is logged at INFO, without a traceback.
"""
from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import Match

from oncostruct.engine.errors import (BinaryInputError, EmptyInputError, EncodingError, ExtractionTimeout, InputError,
                           InputTooLargeError, OncostructError, UnsupportedInputError)
from oncostruct.serving.request_id import HEADER as REQUEST_ID_HEADER
from oncostruct.serving.request_id import current_request_id

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"
_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")

_ENGINE_STATUS: list[tuple[type[OncostructError], int]] = [
    (InputTooLargeError, 413),
    (UnsupportedInputError, 415),
    (EmptyInputError, 422),
    (BinaryInputError, 422),
    (EncodingError, 422),
    (InputError, 422),
    (ExtractionTimeout, 504),
]


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    model_config = ConfigDict(extra="allow")
    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    code: str | None = None
    request_id: str | None = None


class ApiError(Exception):
    """An error raised by the service itself, with its HTTP status."""

    def __init__(self, status: int, detail: str, *, code: str | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.code, self.headers = status, detail, code, headers


def problem(status: int, detail: str | None, *, code: str | None = None, headers: dict[str, str] | None = None,
            **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail}
    if code:
        body["code"] = code
    body.update(extra)
    headers = dict(headers or {})
    if rid := current_request_id():
        body["request_id"] = rid
        headers[REQUEST_ID_HEADER] = rid  # also on 500s, which the outermost middleware answers
    return JSONResponse(jsonable_encoder(body), status_code=status, media_type=PROBLEM_JSON, headers=headers)


def engine_status(exc: OncostructError) -> int:
    """The HTTP status of an engine error: input errors are 4xx, anything else 500."""
    return next((status for cls, status in _ENGINE_STATUS if isinstance(exc, cls)), 500)


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]


async def _on_validation(_: Request, exc: RequestValidationError) -> JSONResponse:
    errors = _validation_errors(exc)
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(p) for p in first["loc"]) or "body"
    return problem(422, f"invalid request: {where}: {first['msg']}", code="validation", errors=errors)


def _allowed_methods(request: Request) -> str:
    """Every method of every route matching the path (Starlette lists only the first route's)."""
    def routed(method: str) -> bool:
        scope = {**request.scope, "method": method}
        return any(route.matches(scope)[0] == Match.FULL for route in request.app.routes)

    return ", ".join(m for m in _METHODS if routed(m))


async def _on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).description
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405 and (allowed := _allowed_methods(request)):
        headers["Allow"] = allowed
    return problem(exc.status_code, detail, headers=headers or None)


async def _on_api(_: Request, exc: ApiError) -> JSONResponse:
    return problem(exc.status, exc.detail, code=exc.code, headers=exc.headers)


async def _on_engine(_: Request, exc: OncostructError) -> JSONResponse:
    status = engine_status(exc)
    if status == 500:
        log.error("engine error: %s", exc, exc_info=exc)
        return problem(500, "internal error while structuring the document", code=exc.code)
    return problem(status, exc.message, code=exc.code)


async def _on_disconnect(request: Request, _: ClientDisconnect) -> JSONResponse:
    """Nobody is left to read the answer: an INFO line, no traceback, no 500."""
    log.info("client disconnected during %s %s (request_id=%s)", request.method, request.url.path,
             current_request_id())
    return problem(400, "the client disconnected before the request was complete", code="client_disconnected")


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error on %s %s (request_id=%s)", request.method, request.url.path, current_request_id(),
              exc_info=exc)
    return problem(500, "internal server error; the incident was logged", code="internal")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _on_http)  # type: ignore[arg-type]
    app.add_exception_handler(ApiError, _on_api)  # type: ignore[arg-type]
    app.add_exception_handler(OncostructError, _on_engine)  # type: ignore[arg-type]
    app.add_exception_handler(ClientDisconnect, _on_disconnect)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _on_unexpected)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries documenting problem+json errors."""
    ref = {"schema": {"$ref": "#/components/schemas/Problem"}}
    return {s: {"description": HTTPStatus(s).phrase, "content": {PROBLEM_JSON: ref}} for s in statuses}
