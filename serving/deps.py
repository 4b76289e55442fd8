"""FastAPI dependencies as ``Annotated`` aliases; everything comes from the Service built at start-up."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from oncostruct.serving.service import Service
from oncostruct.serving.store import Store


def get_service(request: Request) -> Service:
    return request.app.state.service


def get_store(request: Request) -> Store:
    return get_service(request).store


ServiceDep = Annotated[Service, Depends(get_service)]
StoreDep = Annotated[Store, Depends(get_store)]
IdPath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$", description="an id")]
