"""The uvicorn access log without secrets: query-string values are redacted, and the request id is added.

Keys belong in the ``Authorization`` header, but a client may still send ``?api_key=...``;
the access log then keeps only the parameter names. Installed once per process on the
``uvicorn.access`` logger, whose records carry ``(client, method, path, http_version, status)``.
"""
from __future__ import annotations

import logging
from urllib.parse import parse_qsl

from oncostruct.serving.request_id import current_request_id

ACCESS_LOGGER = "uvicorn.access"
REDACTED = "[redacted]"


def redact_query(path: str) -> str:
    """``/v1/x?api_key=s&limit=5`` → ``/v1/x?api_key=[redacted]&limit=[redacted]``."""
    base, sep, query = path.partition("?")
    if not sep:
        return path
    names = [name for name, _ in parse_qsl(query, keep_blank_values=True)] or ["query"]
    return base + "?" + "&".join(f"{name}={REDACTED}" for name in names)


class AccessLogFilter(logging.Filter):
    """Redacts the path's query string in uvicorn's access records and appends the request id."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (*args[:2], redact_query(args[2]), *args[3:])
            rid = current_request_id()
            if rid and "request_id=" not in str(record.msg):
                record.msg = f"{record.msg} request_id={rid}"
        return True


def install_access_log_filter() -> None:
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, AccessLogFilter) for f in logger.filters):
        logger.addFilter(AccessLogFilter())
