"""Log management for admins: archives of days, restore, prune; and the daily retention run.

Routes (the admin role; every change audited, refusals too):

* ``GET /api/v1/archives``: every day the store or the archive holds, live count and archive;
* ``POST /api/v1/archives`` ``{family, day}``: archive a day (201, its manifest);
* ``POST /api/v1/archives/{id}/restore``: load the day back, searchable once verified (``id`` is
  ``<family>-YYYYMMDD``);
* ``DELETE /api/v1/archives/days/{family}/{day}[?force=true]``: prune a day; refused (409) without an
  archive that verifies against it, unless forced.

Refusals that protect data answer 409 (``archive_refused``, ``archive_corrupt``), an unknown archive
404, a day another process is writing 503 with ``Retry-After``. Operations run one at a time per
replica and inside the request: a large day takes as long as ``mozdef archive`` would.

Retention runs here, in the api (this router's lifespan), rather than in the indexer: the api runs in
every deployment, embedded or distributed, and owns the other admin operations on days; dropping a
day is safe from any process because the embedded store takes the day's writer lock first (a day the
indexer still writes is kept and retried next run) and OpenSearch deletes are idempotent across
replicas.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request, status
from pydantic import BaseModel, ConfigDict

from mozdef_api.audit import source_of
from mozdef_api.auth import Principal, requires
from mozdef_common.accounts import Action
from mozdef_common.archive import (
    ArchiveCorrupt,
    ArchiveError,
    ArchiveNotFound,
    ArchiveRefused,
    ArchiveSettings,
    DayArchives,
    Manifest,
    RetentionJob,
    open_archiver,
)
from mozdef_common.archive.days import FAMILIES, archive_id, parse_archive_id, parse_day
from mozdef_common.settings import CommonSettings
from mozdef_common.store import open_event_store

log = logging.getLogger(__name__)
T = TypeVar("T")
Admin = Annotated[Principal, Depends(requires(Action.ADMIN))]
#: Seconds from start to the first retention run: out of the way of start-up.
FIRST_RUN_DELAY_S = 60.0


def archive_settings(app: FastAPI) -> ArchiveSettings:
    """The archive settings, from the api's own plus ``MOZDEF_RETENTION_*``/``MOZDEF_ARCHIVE_*``; built
    once (at start-up when the app runs its lifespan)."""
    settings: ArchiveSettings | None = getattr(app.state, "archive_settings", None)
    if settings is None:
        common = {name: getattr(app.state.settings, name) for name in CommonSettings.model_fields}
        settings = ArchiveSettings(**common)
        app.state.archive_settings = settings
        app.state.archive_lock = asyncio.Lock()
    return settings


@asynccontextmanager
async def retention(app: FastAPI) -> AsyncIterator[None]:
    """Run the retention job for as long as the api serves."""
    settings = archive_settings(app)
    store = open_event_store(settings, writer=True)
    archives = open_archiver(settings, store)
    job = RetentionJob(
        store,
        settings.retention_policy(),
        interval=settings.retention_interval_s,
        registry=app.state.metrics.registry,
        archiver=archives if settings.retention_archive_first else None,
        first_delay=FIRST_RUN_DELAY_S,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(job.run(stop), name="retention")
    try:
        yield
    finally:
        stop.set()
        await task
        await archives.close()
        await store.close()


router = APIRouter(prefix="/api/v1", tags=["archives"], lifespan=retention)


class DayIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    family: str
    day: str


class ArchiveDay(BaseModel):
    """A day of a family: ``live`` events in the store now, and its archive's manifest (or null)."""

    id: str
    family: str
    day: str
    live: int
    archive: Manifest | None


class Pruned(BaseModel):
    family: str
    day: str
    dropped: int
    forced: bool


async def _operate(
    request: Request,
    admin: Principal,
    action: str,
    target: str,
    operation: Callable[[DayArchives], Awaitable[T]],
    details: dict[str, Any] | None = None,
) -> T:
    """Run one archive operation on a writing store, audit it, and answer refusals as HTTP errors."""
    settings = archive_settings(request.app)
    audit = request.app.state.audit
    async with request.app.state.archive_lock:
        store = open_event_store(settings, writer=True)
        archives = open_archiver(settings, store)
        try:
            result = await operation(archives)
        except ArchiveError as exc:
            outcome, code = _answer(exc)
            await audit.record(
                action,
                actor=admin,
                source=source_of(request),
                target=target,
                outcome=outcome,
                details={**(details or {}), "reason": str(exc)},
            )
            raise HTTPException(code, detail=str(exc)) from None
        finally:
            await archives.close()
            await store.close()
    await audit.record(action, actor=admin, source=source_of(request), target=target, details=details)
    return result


def _answer(exc: ArchiveError) -> tuple[str, int]:
    if isinstance(exc, ArchiveNotFound):
        return "not_found", status.HTTP_404_NOT_FOUND
    if isinstance(exc, ArchiveCorrupt):
        return "corrupt", status.HTTP_409_CONFLICT
    if isinstance(exc, ArchiveRefused):
        return "refused", status.HTTP_409_CONFLICT
    return "invalid", status.HTTP_400_BAD_REQUEST


def _day(family: str, text: str) -> tuple[str, date]:
    if family not in FAMILIES:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, detail=f"family must be one of {', '.join(FAMILIES)}"
        )
    try:
        return family, parse_day(text)
    except ArchiveError as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=str(exc)) from None


@router.get("/archives", summary="Days in the store and in the archive")
async def list_archives(request: Request, _: Admin) -> dict[str, list[ArchiveDay]]:
    settings = archive_settings(request.app)
    archives = open_archiver(settings, request.app.state.store)
    try:
        days = await archives.days()
    finally:
        await archives.close()
    return {
        "archives": [
            ArchiveDay(
                id=archive_id(d.family, d.day),
                family=d.family,
                day=d.day.isoformat(),
                live=d.live,
                archive=d.archive,
            )
            for d in days
        ]
    }


@router.post(
    "/archives", status_code=status.HTTP_201_CREATED, response_model=Manifest, summary="Archive a day"
)
async def create_archive(body: DayIn, request: Request, admin: Admin) -> Manifest:
    family, day = _day(body.family, body.day)
    return await _operate(
        request, admin, "archive.create", archive_id(family, day), lambda a: a.create(family, day)
    )


@router.post("/archives/{archive}/restore", response_model=Manifest, summary="Restore an archived day")
async def restore_archive(archive: str, request: Request, admin: Admin) -> Manifest:
    try:
        family, day = parse_archive_id(archive)
    except ArchiveError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(exc)) from None
    return await _operate(request, admin, "archive.restore", archive, lambda a: a.restore(family, day))


@router.delete("/archives/days/{family}/{day}", response_model=Pruned, summary="Prune a day from the store")
async def prune_day(
    family: str,
    day: str,
    request: Request,
    admin: Admin,
    force: Annotated[
        bool, Query(description="Prune even without a verified archive: the day is lost.")
    ] = False,
) -> Pruned:
    family, when = _day(family, day)
    dropped = await _operate(
        request,
        admin,
        "archive.prune",
        archive_id(family, when),
        lambda a: a.prune(family, when, force=force),
        {"force": force},
    )
    return Pruned(family=family, day=when.isoformat(), dropped=dropped, forced=force)
