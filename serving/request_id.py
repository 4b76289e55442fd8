"""``X-Request-ID``: accept the client's id (if it is short and plain) or make one; echo it and log it.

The id lives in a context variable for the request's task, so problem bodies
(:func:`serving.errors.problem`) and log records (:class:`RequestIdFilter`) can carry it.
"""
from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "X-Request-ID"
_VALID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_current: ContextVar[str | None] = ContextVar("oncostruct_request_id", default=None)


def current_request_id() -> str | None:
    return _current.get()


def choose_request_id(given: str | None) -> str:
    """The client's id when it is 1–128 plain characters, else a new one (never echo arbitrary bytes)."""
    return given if given is not None and _VALID.fullmatch(given) else uuid.uuid4().hex


class RequestIdMiddleware:
    """ASGI middleware: sets the request id and adds ``X-Request-ID`` to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(b"x-request-id")
        rid = choose_request_id(given.decode("latin-1") if given is not None else None)
        _current.set(rid)  # not reset: the server runs each request in its own task (and context)
        scope.setdefault("state", {})["request_id"] = rid

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"]
                message = {**message, "headers": [*headers, (b"x-request-id", rid.encode("latin-1"))]}
            await send(message)

        await self.app(scope, receive, send_with_id)


class RequestIdFilter(logging.Filter):
    """Gives every log record a ``request_id`` attribute ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get() or "-"
        return True
