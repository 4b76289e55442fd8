"""Bearer-key authentication with two roles, ``reader`` and ``admin``.

Keys come from ``ONCOSTRUCT_API_KEYS`` (comma-separated ``KEY`` or ``KEY:ROLE``; a bare key is
an admin key) and from the store, which keeps only the sha256 of each key. A missing or
unknown key gets 401; a reader calling an admin route gets 403.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from typing import Annotated, Callable

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from serving.errors import ApiError

ROLES = ("reader", "admin")
_bearer = HTTPBearer(auto_error=False, description="an API key: Authorization: Bearer <key>")


@dataclass(frozen=True)
class Principal:
    name: str
    role: str


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    return "onc_" + secrets.token_urlsafe(32)


def parse_env_keys(value: str | None = None) -> dict[str, str]:
    """``{key_hash: role}`` from ``ONCOSTRUCT_API_KEYS``."""
    value = os.environ.get("ONCOSTRUCT_API_KEYS", "") if value is None else value
    keys: dict[str, str] = {}
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        key, _, role = part.rpartition(":") if part.rsplit(":", 1)[-1] in ROLES else (part, "", "admin")
        keys[hash_key(key)] = role
    return keys


def _unauthorized(detail: str) -> ApiError:
    return ApiError(401, detail, code="unauthorized", headers={"WWW-Authenticate": "Bearer"})


def authenticate(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise _unauthorized("missing API key: send 'Authorization: Bearer <key>'")
    digest = hash_key(credentials.credentials)
    for known, role in request.app.state.service.env_keys.items():
        if hmac.compare_digest(known, digest):
            return Principal("env", role)
    found = request.app.state.service.store.find_key(digest)
    if found is None:
        raise _unauthorized("unknown API key")
    return Principal(found["name"], found["role"])


def require(role: str) -> Callable[..., Principal]:
    """A dependency admitting ``role`` (admins pass every check)."""

    def check(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Principal:
        principal = authenticate(request, credentials)
        if role == "admin" and principal.role != "admin":
            raise ApiError(403, "this operation needs an admin key", code="forbidden")
        return principal

    return check


ReaderDep = Annotated[Principal, Depends(require("reader"))]
AdminDep = Annotated[Principal, Depends(require("admin"))]
