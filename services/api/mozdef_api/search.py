"""``/api/v1/events/search``: Lucene query strings over the event store, by GET or POST."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from mozdef_api.security import bearer_scheme, require_token
from mozdef_common.errors import QueryError
from mozdef_common.query.parser import parse_query
from mozdef_common.query.timerange import parse_time
from mozdef_common.store import EventStore, SearchRequest
from mozdef_common.store.base import SortOrder

router = APIRouter(
    prefix="/api/v1/events",
    tags=["events"],
    dependencies=[Depends(bearer_scheme), Depends(require_token)],
)


class SearchBody(BaseModel):
    """A search; GET takes the same fields as query parameters."""

    model_config = ConfigDict(extra="forbid")

    q: str = Field("*", description="Lucene query string; '*' matches everything.", max_length=10_000)
    start: str | None = Field(None, description="ISO-8601 time or relative ('now-15m'); unset: no bound.")
    end: str | None = Field(None, description="ISO-8601 time or relative ('now'); unset: no bound.")
    size: int = Field(50, ge=0, le=10_000, description="Most hits to return.")
    sort: str = Field(
        "utctimestamp:desc", description="'field:asc|desc' (or '-field' for descending), comma-separated."
    )
    index: Literal["events", "deadletter"] = Field(
        "events", description="Which indices: events, or the dead letters (what could not be processed)."
    )


class SearchHit(BaseModel):
    id: str
    index: str
    source: dict[str, Any]


class SearchResponse(BaseModel):
    total: int = Field(description="Exact number of events that match.")
    hits: list[SearchHit]


def parse_sort(value: str) -> tuple[tuple[str, SortOrder], ...]:
    keys: list[tuple[str, SortOrder]] = []
    for part in filter(None, (p.strip() for p in value.split(","))):
        if part.startswith("-"):
            keys.append((part[1:], "desc"))
            continue
        field, _, order = part.partition(":")
        if order not in ("", "asc", "desc"):
            raise QueryError(f"sort order must be asc or desc, got {order!r} in {part!r}")
        keys.append((field, "asc" if order == "asc" else "desc"))
    if not keys or any(not field for field, _ in keys):
        raise QueryError(f"sort needs a field name, got {value!r}")
    return tuple(keys)


async def run_search(request: Request, body: SearchBody) -> SearchResponse:
    store: EventStore = request.app.state.store
    now = datetime.now(UTC)
    size = min(body.size, request.app.state.settings.search_max_size)
    search = SearchRequest(
        query=parse_query(body.q),
        start=parse_time(body.start, now=now) if body.start else None,
        end=parse_time(body.end, now=now) if body.end else None,
        size=size,
        sort=parse_sort(body.sort),
        family=body.index,
    )
    result = await store.search(search)
    return SearchResponse(
        total=result.total,
        hits=[SearchHit(id=hit.id, index=hit.index, source=hit.source) for hit in result.hits],
    )


@router.get("/search", response_model=SearchResponse, summary="Search events")
async def search_get(request: Request, params: Annotated[SearchBody, Query()]) -> SearchResponse:
    return await run_search(request, params)


@router.post("/search", response_model=SearchResponse, summary="Search events (JSON body)")
async def search_post(request: Request, body: SearchBody) -> SearchResponse:
    return await run_search(request, body)
