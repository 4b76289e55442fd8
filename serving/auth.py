"""Bearer-key authentication with two roles, ``reader`` and ``admin``, and per-key ownership.

Keys come from ``ONCOSTRUCT_API_KEYS`` (comma-separated ``KEY:ROLE``; every key names its role,
and a key without one stops the start-up) and from the store, which keeps only the sha256 of
each key. A key's id is the first 16 hex digits of that hash: records and jobs belong to the
id that created them. A missing or unknown key gets 401; a reader calling an admin route 403.
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

from oncostruct.serving.errors import ApiError

ROLES = ("reader", "admin")
KEY_ID_CHARS = 16
_bearer = HTTPBearer(auto_error=False, description="an API key: Authorization: Bearer <key>")


class KeyConfigError(ValueError):
    """``ONCOSTRUCT_API_KEYS`` is malformed; the message never contains a key."""


@dataclass(frozen=True)
class Principal:
    id: str
    name: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def owner_filter(self) -> str | None:
        """The owner to filter by: None (everything) for admins, the key's own id for readers."""
        return None if self.is_admin else self.id


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def key_id(key_hash: str) -> str:
    return key_hash[:KEY_ID_CHARS]


def new_key() -> str:
    return "onc_" + secrets.token_urlsafe(32)


def parse_env_keys(value: str | None = None) -> dict[str, str]:
    """``{key_hash: role}`` from ``ONCOSTRUCT_API_KEYS``; :class:`KeyConfigError` for an entry without a valid role."""
    value = os.environ.get("ONCOSTRUCT_API_KEYS", "") if value is None else value
    keys: dict[str, str] = {}
    for n, part in enumerate((p.strip() for p in value.split(",")), start=1):
        if not part:
            continue
        key, sep, role = part.rpartition(":")
        if not sep or not key or role not in ROLES:
            raise KeyConfigError(f"ONCOSTRUCT_API_KEYS entry {n} has no valid role: write each key as KEY:reader "
                                 "or KEY:admin (no role is assumed)")
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
            return Principal(key_id(digest), "env", role)
    found = request.app.state.service.store.find_key(digest)
    if found is None:
        raise _unauthorized("unknown API key")
    return Principal(key_id(digest), found["name"], found["role"])


def require(role: str) -> Callable[..., Principal]:
    """A dependency admitting ``role`` (admins pass every check)."""

    def check(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Principal:
        principal = authenticate(request, credentials)
        if role == "admin" and not principal.is_admin:
            raise ApiError(403, "this operation needs an admin key", code="forbidden")
        return principal

    return check


ReaderDep = Annotated[Principal, Depends(require("reader"))]
AdminDep = Annotated[Principal, Depends(require("admin"))]
