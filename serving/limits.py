"""Request limits: body size (413), document length (413) and time (504).

CPU-bound work runs in worker threads (:func:`run_limited`), never on the event loop; a
capacity limiter bounds how many run at once. A request that exceeds its time limit gets a
504 problem at once; the thread finishes in the background, since Python cannot kill it.
"""
from __future__ import annotations

from typing import Any, Callable, TypeVar

import anyio
import anyio.to_thread
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from oncostruct.engine.settings import ApiSettings
from oncostruct.serving.errors import ApiError, problem

T = TypeVar("T")


def _too_large(limit: int) -> str:
    return f"request body exceeds the limit of {limit:,} bytes (set ONCOSTRUCT_API_MAX_BODY_BYTES to raise it)"


class BodySizeLimit:
    """ASGI middleware: 413 when Content-Length, or the bytes actually received, exceed ``max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await problem(413, _too_large(self.max_bytes), code="body_too_large")(scope, receive, send)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # FastAPI re-raises HTTPExceptions from body reading; the error handlers make it a problem.
                    raise HTTPException(413, _too_large(self.max_bytes))
            return message

        await self.app(scope, counting_receive, send)


def check_text_length(text: str, api: ApiSettings, what: str = "text") -> None:
    if len(text) > api.max_text_chars:
        raise ApiError(413, f"{what} has {len(text):,} characters, over the limit of {api.max_text_chars:,} "
                            "(set ONCOSTRUCT_API_MAX_TEXT_CHARS to raise it)", code="document_too_long")


async def run_limited(fn: Callable[..., T], *args: Any, limiter: anyio.CapacityLimiter, timeout_s: float) -> T:
    """Run ``fn(*args)`` in a worker thread; 504 problem after ``timeout_s`` seconds.

    With the isolated engine pass the limit plus the time a replacement worker may need to start
    (the worker's own limit counts from when it takes the document, and stops it); without
    isolation the thread finishes in the background.
    """
    with anyio.move_on_after(timeout_s):
        return await anyio.to_thread.run_sync(fn, *args, limiter=limiter, abandon_on_cancel=True)
    raise ApiError(504, f"extraction did not finish within {timeout_s:g} s (ONCOSTRUCT_API_TIMEOUT_S)", code="timeout")
