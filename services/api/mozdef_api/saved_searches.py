"""``/api/v1/saved-searches``: searches analysts keep and share (create, list, read, change, delete).

Changes carry the ``version`` the client read; a stale one answers 409 with the current version, so
two analysts never silently overwrite each other.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field

from mozdef_api.audit import source_of
from mozdef_api.auth import Principal, requires
from mozdef_api.paging import Offset
from mozdef_common.accounts import Action
from mozdef_common.query.aggs import parse_aggs
from mozdef_common.query.parser import parse_query
from mozdef_common.state import Collection

router = APIRouter(
    prefix="/api/v1/saved-searches",
    tags=["saved searches"],
    dependencies=[Depends(requires(Action.READ))],
)
COLLECTION = "saved_searches"
Writer = Annotated[Principal, Depends(requires(Action.WRITE))]


class SavedSearchFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    q: str = Field("*", max_length=10_000, description="Lucene query string.")
    start: str | None = Field("now-24h", description="ISO-8601 or relative ('now-15m').")
    end: str | None = None
    sort: str = "utctimestamp:desc"
    index: Literal["events", "deadletter", "alerts"] = "events"
    columns: list[str] = Field(default_factory=list, max_length=100, description="Fields shown as columns.")
    aggs: dict[str, Any] | None = None


class SavedSearchChanges(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, description="The version you read: a stale one answers 409.")
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=5000)
    q: str | None = Field(None, max_length=10_000)
    start: str | None = None
    end: str | None = None
    sort: str | None = None
    index: Literal["events", "deadletter", "alerts"] | None = None
    columns: list[str] | None = Field(None, max_length=100)
    aggs: dict[str, Any] | None = None


class SavedSearch(SavedSearchFields):
    model_config = ConfigDict(extra="ignore")

    id: str
    version: int
    owner: str | None = Field(None, description="Who saved it (user, or apikey:<name>).")
    created: str
    updated: str


class SavedSearchList(BaseModel):
    total: int
    saved_searches: list[SavedSearch]


def _collection(request: Request) -> Collection:
    state = request.app.state.state
    collection: Collection = state.collection(COLLECTION)
    return collection


def _check(q: str | None, aggs: dict[str, Any] | None) -> None:
    # A saved search that cannot run is refused when saved, not when someone opens it later.
    if q is not None:
        parse_query(q)
    if aggs:
        parse_aggs(aggs)


@router.post(
    "",
    response_model=SavedSearch,
    status_code=status.HTTP_201_CREATED,
    summary="Save a search",
)
async def create(request: Request, body: SavedSearchFields, principal: Writer) -> SavedSearch:
    _check(body.q, body.aggs)
    doc = await _collection(request).insert({**body.model_dump(), "owner": principal.actor})
    await _audit(request, "saved_search.create", principal, doc["id"])
    return SavedSearch(**doc)


@router.get("", response_model=SavedSearchList, summary="Saved searches, last changed first")
async def list_saved(
    request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 100, offset: Offset = 0
) -> SavedSearchList:
    total, docs = await _collection(request).find(limit=limit, offset=offset)
    return SavedSearchList(total=total, saved_searches=[SavedSearch(**d) for d in docs])


@router.get("/{search_id}", response_model=SavedSearch, summary="One saved search")
async def read(request: Request, search_id: str) -> SavedSearch:
    return SavedSearch(**await _collection(request).get(search_id))


@router.patch(
    "/{search_id}",
    response_model=SavedSearch,
    summary="Change a saved search",
)
async def change(
    request: Request, search_id: str, body: SavedSearchChanges, principal: Writer
) -> SavedSearch:
    changes = body.model_dump(exclude_unset=True, exclude={"version"})
    _check(changes.get("q"), changes.get("aggs"))
    doc = await _collection(request).update(search_id, changes, version=body.version)
    await _audit(request, "saved_search.update", principal, search_id, sorted(changes))
    return SavedSearch(**doc)


@router.delete(
    "/{search_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a saved search",
)
async def delete(request: Request, search_id: str, principal: Writer) -> Response:
    await _collection(request).delete(search_id)
    await _audit(request, "saved_search.delete", principal, search_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


async def _audit(
    request: Request, action: str, principal: Principal, search_id: str, fields: list[str] | None = None
) -> None:
    await request.app.state.audit.record(
        action,
        actor=principal,
        source=source_of(request),
        target=f"saved_search/{search_id}",
        details={"fields": fields} if fields else None,
    )
