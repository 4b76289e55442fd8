"""``limit``/``offset`` query parameters and the ``next`` link of list endpoints."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request

MAX_LIMIT = 100
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"items per page (at most {MAX_LIMIT})")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")]


def page(request: Request, items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    """The page body; ``next`` keeps the request's path and its other parameters."""
    following = offset + limit
    url = request.url.include_query_params(limit=limit, offset=following)
    return {"items": items, "total": total, "limit": limit, "offset": offset,
            "next": f"{url.path}?{url.query}" if following < total else None}
