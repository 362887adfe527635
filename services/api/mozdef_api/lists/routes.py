"""``/api/v1/blocklist`` and ``/api/v1/watchlist``: list values (create, list, read, delete) and serve
them as feeds (``.txt``: one value per line; ``.json``).

Viewers (and API keys with the viewer role, as firewalls and proxies use) read; analysts write.
Every change is audited. Lists are not among the entities the live-update feed carries
(:mod:`mozdef_api.changes`), so clients re-read them instead.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Query, Request, Response, status
from fastapi.responses import PlainTextResponse

from mozdef_api.audit import source_of
from mozdef_api.auth import Principal, requires
from mozdef_api.lists.feeds import cache_of, feed_entries, purge, purge_due
from mozdef_api.lists.schemas import Entry, EntryFields, EntryFilters, EntryList, Feed, FeedEntry, FeedTypes
from mozdef_common.accounts import Action
from mozdef_common.event import utc_iso
from mozdef_common.lists.entries import InvalidEntry, expiry, is_active
from mozdef_common.lists.store import add_entry, list_collection
from mozdef_common.state import Document

Writer = Annotated[Principal, Depends(requires(Action.WRITE))]
_TEXT = {200: {"content": {"text/plain": {"schema": {"type": "string"}}}, "description": "One per line."}}


def _entry(doc: Document, now_iso: str) -> Entry:
    return Entry(**doc, active=is_active(doc, now_iso))


def _later_purge(request: Request, tasks: BackgroundTasks) -> None:
    if purge_due(request.app):
        tasks.add_task(purge, request.app)


def list_router(name: str) -> APIRouter:
    """The routes of one list (``blocklist`` or ``watchlist``); both behave the same."""
    router = APIRouter(prefix="/api/v1", tags=[name], dependencies=[Depends(requires(Action.READ))])
    title = name.capitalize()

    @router.post(
        f"/{name}",
        response_model=Entry,
        status_code=status.HTTP_201_CREATED,
        summary=f"{title}: add a value (again: refresh its reason, source and expiry; answers 200)",
        responses={200: {"model": Entry, "description": "The value was listed already; refreshed."}},
    )
    async def create(request: Request, response: Response, body: EntryFields, principal: Writer) -> Entry:
        now = datetime.now(UTC)
        try:
            expires = expiry(body.expires, now)
            op, doc = await add_entry(
                list_collection(request.app.state.state, name),
                kind=body.type,
                value=body.value,
                reason=body.reason,
                source=body.source,
                expires=expires,
                actor=principal.actor,
            )
        except InvalidEntry as exc:
            raise HTTPException(422, detail=str(exc)) from None  # as FastAPI answers bad bodies
        if op == "updated":
            response.status_code = status.HTTP_200_OK
        cache_of(request.app).drop(name)
        details = {"type": doc["type"], "value": doc["value"], "expires": doc.get("expires")}
        await request.app.state.audit.record(
            f"{name}.{'create' if op == 'created' else 'update'}",
            actor=principal,
            source=source_of(request),
            target=f"{name}/{doc['id']}",
            details=details,
        )
        return _entry(doc, utc_iso(now))

    @router.get(f"/{name}", response_model=EntryList, summary=f"{title}: entries matching the filters")
    async def list_entries(
        request: Request, tasks: BackgroundTasks, params: Annotated[EntryFilters, Query()]
    ) -> EntryList:
        now = datetime.now(UTC)
        now_iso = utc_iso(now)
        where: dict[str, Any] = {}
        if not params.include_expired:
            where["$or"] = [{"expires": None}, {"expires": {"$gt": now_iso}}]
        if params.type is not None:
            where["type"] = params.type
        if params.value:
            where["value"] = {"$icontains": params.value}
        if params.source is not None:
            where["source"] = params.source
        collection = list_collection(request.app.state.state, name)
        total, docs = await collection.find(
            where, limit=params.limit, offset=params.offset, sort=[("created", -1), ("id", 1)]
        )
        _later_purge(request, tasks)
        return EntryList(total=total, entries=[_entry(doc, now_iso) for doc in docs])

    @router.get(
        f"/{name}.txt",
        response_class=PlainTextResponse,
        responses=_TEXT,  # type: ignore[arg-type]
        summary=f"{title} feed: every unexpired value, one per line",
    )
    async def feed_text(
        request: Request, tasks: BackgroundTasks, kinds: FeedTypes = None
    ) -> PlainTextResponse:
        docs = await feed_entries(request.app, name, list(kinds) if kinds else None)
        _later_purge(request, tasks)
        body = "".join(f"{doc['value']}\n" for doc in docs)
        return PlainTextResponse(body, headers={"Cache-Control": "no-cache"})

    @router.get(f"/{name}.json", response_model=Feed, summary=f"{title} feed: every unexpired entry")
    async def feed_json(request: Request, tasks: BackgroundTasks, kinds: FeedTypes = None) -> Feed:
        docs = await feed_entries(request.app, name, list(kinds) if kinds else None)
        _later_purge(request, tasks)
        entries = [FeedEntry(**{k: doc.get(k) for k in FeedEntry.model_fields}) for doc in docs]
        return Feed(list=name, generated=utc_iso(datetime.now(UTC)), count=len(entries), entries=entries)

    @router.get(f"/{name}/{{entry_id}}", response_model=Entry, summary=f"{title}: one entry")
    async def read(request: Request, entry_id: str) -> Entry:
        doc = await list_collection(request.app.state.state, name).get(entry_id)
        return _entry(doc, utc_iso(datetime.now(UTC)))

    @router.delete(
        f"/{name}/{{entry_id}}", status_code=status.HTTP_204_NO_CONTENT, summary=f"{title}: remove an entry"
    )
    async def delete(request: Request, entry_id: str, principal: Writer) -> Response:
        collection = list_collection(request.app.state.state, name)
        doc = await collection.get(entry_id)
        await collection.delete(entry_id)
        cache_of(request.app).drop(name)
        await request.app.state.audit.record(
            f"{name}.delete",
            actor=principal,
            source=source_of(request),
            target=f"{name}/{entry_id}",
            details={"type": doc.get("type"), "value": doc.get("value")},
        )
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    return router


blocklist_router = list_router("blocklist")
watchlist_router = list_router("watchlist")
