"""``/api/v1/events``: search with Lucene query strings (GET or POST), aggregations, cursors; one event."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from pydantic import BaseModel, ConfigDict, Field, Json

from mozdef_api.auth import requires
from mozdef_api.cursor import decode_cursor, encode_cursor
from mozdef_api.projection import MAX_FIELDS, project
from mozdef_common.accounts import Action
from mozdef_common.errors import QueryError
from mozdef_common.query.aggs import parse_aggs
from mozdef_common.query.ast import Term
from mozdef_common.query.parser import parse_query
from mozdef_common.query.timerange import parse_time
from mozdef_common.store import EventStore, SearchRequest
from mozdef_common.store.base import SortOrder

router = APIRouter(
    prefix="/api/v1/events",
    tags=["events"],
    dependencies=[Depends(requires(Action.READ))],
)

ALERTS_PER_EVENT = 20
Family = Literal["events", "deadletter", "alerts"]


class SearchFields(BaseModel):
    """What GET (as query parameters) and POST (as a JSON body) have in common."""

    model_config = ConfigDict(extra="forbid")

    q: str = Field("*", description="Lucene query string; '*' matches everything.", max_length=10_000)
    start: str | None = Field(None, description="ISO-8601 time or relative ('now-15m'); unset: no bound.")
    end: str | None = Field(None, description="ISO-8601 time or relative ('now'); unset: no bound.")
    size: int = Field(50, ge=0, le=10_000, description="Most hits to return.")
    sort: str = Field(
        "utctimestamp:desc", description="'field:asc|desc' (or '-field' for descending), comma-separated."
    )
    index: Family = Field(
        "events",
        description="Which indices: events, the dead letters (what could not be processed), or alerts.",
    )
    cursor: str | None = Field(
        None, description="The next_cursor of the previous page: the page after it, with the same query."
    )


class SearchBody(SearchFields):
    """A search as a JSON body."""

    aggs: dict[str, Any] | None = Field(
        None, description="Named aggregations, Elasticsearch style: {'by_host': {'terms': {...}}}."
    )
    fields: list[str] | None = Field(
        None, max_length=MAX_FIELDS, description="Only these dotted paths of each event (id always)."
    )


class SearchParams(SearchFields):
    """A search as query parameters."""

    aggs: Json[dict[str, Any]] | None = Field(None, description="Named aggregations, as JSON text.")
    fields: str | None = Field(None, description="Comma-separated dotted paths to return (id always).")


class SearchHit(BaseModel):
    id: str
    index: str = Field(description="The daily index the event is stored in (events-YYYYMMDD).")
    source: dict[str, Any]


class SearchResponse(BaseModel):
    total: int = Field(description="Exact number of events that match.")
    hits: list[SearchHit]
    next_cursor: str | None = Field(None, description="Pass as cursor for the next page; absent at the end.")
    aggregations: dict[str, Any] | None = None


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


async def run_search(
    request: Request, body: SearchFields, aggs: dict[str, Any] | None, fields: list[str] | None
) -> SearchResponse:
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
        aggs=parse_aggs(aggs) if aggs else {},
        search_after=decode_cursor(body.cursor) if body.cursor else None,
    )
    result = await store.search(search)
    hits = [
        SearchHit(id=hit.id, index=hit.index, source=project(hit.source, fields) if fields else hit.source)
        for hit in result.hits
    ]
    last = result.hits[-1] if result.hits else None
    more = last is not None and len(result.hits) == size and bool(last.sort)
    return SearchResponse(
        total=result.total,
        hits=hits,
        next_cursor=encode_cursor(last.sort) if more and last is not None else None,
        aggregations=result.aggregations,
    )


@router.get(
    "/search", response_model=SearchResponse, response_model_exclude_none=True, summary="Search events"
)
async def search_get(request: Request, params: Annotated[SearchParams, Query()]) -> SearchResponse:
    fields = [f.strip() for f in params.fields.split(",") if f.strip()] if params.fields else None
    if fields is not None and len(fields) > MAX_FIELDS:
        raise QueryError(f"at most {MAX_FIELDS} fields, got {len(fields)}")
    return await run_search(request, params, params.aggs, fields)


@router.post(
    "/search", response_model=SearchResponse, response_model_exclude_none=True, summary="Search events (JSON)"
)
async def search_post(request: Request, body: SearchBody) -> SearchResponse:
    return await run_search(request, body, body.aggs, body.fields)


class EventWithAlerts(SearchHit):
    alerts: list[str] = Field(
        default_factory=list,
        description="Ids of the alerts carrying this event in their sample, newest first: the pivot.",
    )


@router.get(
    "/{event_id}", response_model=EventWithAlerts, summary="One event by id, with the alerts behind it"
)
async def get_event(request: Request, event_id: str, index: Family = "events") -> EventWithAlerts:
    store: EventStore = request.app.state.store
    hit = await store.get(event_id, index)
    if hit is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no event with id {event_id!r} in {index}")
    # Alerts name their sample events in details.event_ids (the alerter's store_document).
    found = await store.search(
        SearchRequest(query=Term("details.event_ids", event_id), size=ALERTS_PER_EVENT, family="alerts")
    )
    return EventWithAlerts(
        id=hit.id, index=hit.index, source=hit.source, alerts=[alert.id for alert in found.hits]
    )
