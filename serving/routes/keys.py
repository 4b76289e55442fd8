"""``POST /v1/keys`` (admin): create an API key; the store keeps only its sha256."""
from __future__ import annotations

from fastapi import APIRouter

from serving.auth import AdminDep, hash_key, new_key
from serving.deps import StoreDep
from serving.errors import problem_responses
from serving.schemas import KeyPublic, KeyRequest

router = APIRouter(prefix="/v1/keys", tags=["admin"])


@router.post("", status_code=201, response_model=KeyPublic, summary="Create an API key (admin)",
             responses=problem_responses(401, 403, 422))
def create_key(request: KeyRequest, store: StoreDep, _: AdminDep) -> KeyPublic:
    key = new_key()
    store.add_key(hash_key(key), request.name, request.role)
    return KeyPublic(name=request.name, role=request.role, key=key)
