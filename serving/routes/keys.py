"""Admin key management: ``POST /v1/keys`` (create), ``GET /v1/keys`` (list, no secrets), ``DELETE /v1/keys/{id}``.

The store keeps only each key's sha256; a key is named by its id (the hash's first 16 hex
digits). Keys from ``ONCOSTRUCT_API_KEYS`` are listed but can only be revoked there.
"""
from __future__ import annotations

from fastapi import APIRouter, Response

from oncostruct.serving.auth import AdminDep, hash_key, new_key
from oncostruct.serving.auth import key_id as id_of
from oncostruct.serving.deps import IdPath, ServiceDep, StoreDep
from oncostruct.serving.errors import ApiError, problem_responses
from oncostruct.serving.schemas import KeyInfo, KeyPublic, KeyRequest

router = APIRouter(prefix="/v1/keys", tags=["admin"])


@router.post("", status_code=201, response_model=KeyPublic, summary="Create an API key (admin)",
             responses=problem_responses(401, 403, 422))
def create_key(request: KeyRequest, store: StoreDep, _: AdminDep) -> KeyPublic:
    key = new_key()
    digest = hash_key(key)
    store.add_key(digest, request.name, request.role)
    return KeyPublic(id=id_of(digest), name=request.name, role=request.role, key=key)


@router.get("", response_model=list[KeyInfo], summary="List API keys without their secrets (admin)",
            responses=problem_responses(401, 403))
def list_keys(service: ServiceDep, _: AdminDep) -> list[KeyInfo]:
    env = [KeyInfo(id=id_of(h), name="env", role=role, source="env") for h, role in service.env_keys.items()]
    stored = [KeyInfo(id=id_of(k["key_hash"]), name=k["name"], role=k["role"], source="store",
                      created_at=k["created_at"]) for k in service.store.list_keys()]
    return env + stored


@router.delete("/{key_id}", status_code=204, response_class=Response, summary="Revoke an API key (admin)",
               responses=problem_responses(401, 403, 404, 409, 422))
def revoke_key(key_id: IdPath, service: ServiceDep, _: AdminDep) -> Response:
    if any(id_of(h) == key_id for h in service.env_keys):
        raise ApiError(409, "this key comes from ONCOSTRUCT_API_KEYS: remove it there and restart", code="env_key")
    match = [k["key_hash"] for k in service.store.list_keys() if id_of(k["key_hash"]) == key_id]
    if not match or not service.store.delete_key(match[0]):
        raise ApiError(404, f"no key with id {key_id!r}", code="not_found")
    return Response(status_code=204)
