"""``/api/v1/attackers``: list, search and read attacker profiles; annotate, tag, name and merge them;
and the feeds ``/api/v1/attackers.txt`` (one address per line) and ``/api/v1/attackers.json``.

Viewers (and viewer API keys, as firewalls use for the feeds) read; analysts write. Every change is
audited. An alias (a profile merged into another) answers the profile it was merged into. Attackers
are not among the entities of the live-update feed, so clients re-read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.responses import PlainTextResponse

from mozdef_api.attackers.addresses import canonical
from mozdef_api.attackers.feeds import cache_of, feed_profiles
from mozdef_api.attackers.model import derived_phase, view, with_text
from mozdef_api.attackers.query import attacker_filter, attacker_sort
from mozdef_api.attackers.schemas import (
    Attacker,
    AttackerFilters,
    AttackerList,
    AttackerPatch,
    Feed,
    FeedEntry,
    MergeBody,
    NoteBody,
)
from mozdef_api.attackers.store import MergeRefused, attackers, merge, modify, resolve
from mozdef_api.audit import source_of
from mozdef_api.auth import Principal, requires
from mozdef_common.accounts import Action
from mozdef_common.errors import ConflictError
from mozdef_common.event import utc_iso, utcnow_iso
from mozdef_common.state import Document

router = APIRouter(prefix="/api/v1", tags=["attackers"], dependencies=[Depends(requires(Action.READ))])
Analyst = Annotated[Principal, Depends(requires(Action.WRITE))]
MinScore = Annotated[float, Query(gt=0, description="Attackers scoring at least this now.")]
DEFAULT_MIN_SCORE = 1.0
_TEXT = {200: {"content": {"text/plain": {"schema": {"type": "string"}}}, "description": "One per line."}}


def _id(value: str) -> str:
    return canonical(value) or value


def _answer(doc: Document) -> Attacker:
    return Attacker(**view(doc, datetime.now(UTC)))


async def _changed(
    request: Request, principal: Principal, action: str, doc: Document, details: Mapping[str, Any]
) -> None:
    cache_of(request.app).clear()
    await request.app.state.audit.record(
        action, actor=principal, source=source_of(request), target=f"attacker/{doc['id']}", details=details
    )


@router.get("/attackers", response_model=AttackerList, summary="Attackers matching the filters")
async def list_attackers(request: Request, params: Annotated[AttackerFilters, Query()]) -> AttackerList:
    now = datetime.now(UTC)
    where = attacker_filter(
        q=params.q,
        min_score=params.min_score,
        category=params.category,
        country=params.country,
        phase=params.phase,
        since=params.since,
        now=now,
    )
    collection = attackers(request.app.state.state)
    if params.size == 0:
        return AttackerList(total=await collection.count(where), attackers=[])
    total, docs = await collection.find(
        where, limit=params.size, offset=params.offset, sort=attacker_sort(params.sort)
    )
    return AttackerList(total=total, attackers=[Attacker(**view(doc, now)) for doc in docs])


@router.get(
    "/attackers.txt",
    response_class=PlainTextResponse,
    responses=_TEXT,  # type: ignore[arg-type]
    summary="Attackers feed: every address of every attacker scoring at least min_score, one per line",
)
async def feed_text(request: Request, min_score: MinScore = DEFAULT_MIN_SCORE) -> PlainTextResponse:
    docs = await feed_profiles(request.app, min_score, datetime.now(UTC))
    lines = dict.fromkeys(address for doc in docs for address in [doc["id"], *(doc.get("aliases") or [])])
    return PlainTextResponse("".join(f"{a}\n" for a in lines), headers={"Cache-Control": "no-cache"})


@router.get("/attackers.json", response_model=Feed, summary="Attackers feed, with score and phase")
async def feed_json(request: Request, min_score: MinScore = DEFAULT_MIN_SCORE) -> Feed:
    now = datetime.now(UTC)
    entries: list[FeedEntry] = []
    for doc in await feed_profiles(request.app, min_score, now):
        shown = view(doc, now)
        for address in shown["addresses"]:
            entries.append(
                FeedEntry(
                    address=address,
                    attacker=doc["id"],
                    score=shown["score"],
                    last_seen=doc.get("last_seen"),
                    phase=doc.get("phase"),
                )
            )
    return Feed(generated=utc_iso(now), min_score=min_score, count=len(entries), attackers=entries)


@router.get(
    "/attackers/{attacker_id}", response_model=Attacker, summary="One attacker (an alias: its merged profile)"
)
async def read(request: Request, attacker_id: str) -> Attacker:
    return _answer(await resolve(attackers(request.app.state.state), _id(attacker_id)))


@router.post(
    "/attackers/{attacker_id}/notes",
    response_model=Attacker,
    status_code=status.HTTP_201_CREATED,
    summary="Add a note to an attacker (notes are never changed)",
)
async def add_note(request: Request, attacker_id: str, body: NoteBody, principal: Analyst) -> Attacker:
    note = {"author": principal.actor, "at": utcnow_iso(), "text": body.text}

    def change(doc: Document) -> Mapping[str, Any]:
        return with_text(doc, {"notes": [*(doc.get("notes") or []), note]})

    doc, _ = await modify(attackers(request.app.state.state), _id(attacker_id), change)
    await _changed(request, principal, "attacker.note", doc, {"text": body.text[:200]})
    return _answer(doc)


@router.patch("/attackers/{attacker_id}", response_model=Attacker, summary="Tag, name or phase an attacker")
async def update(request: Request, attacker_id: str, body: AttackerPatch, principal: Analyst) -> Attacker:
    fields = body.model_dump(mode="json", exclude_unset=True, exclude={"version"})

    def change(doc: Document) -> Mapping[str, Any] | None:
        wanted: dict[str, Any] = {}
        if "tags" in fields:
            wanted["tags"] = list(dict.fromkeys(t.strip() for t in fields["tags"] or [] if t.strip()))
        if "name" in fields:
            wanted["name"] = (fields["name"] or "").strip() or None
        if "phase" in fields:
            wanted["phase_override"] = fields["phase"]
            wanted["phase"] = derived_phase({**doc, "phase_override": fields["phase"]})
        changes = {k: v for k, v in wanted.items() if doc.get(k) != v}
        return with_text(doc, changes) if changes else None

    collection = attackers(request.app.state.state)
    try:
        doc, changed = await modify(collection, _id(attacker_id), change, version=body.version)
    except ConflictError as exc:  # answer the profile as the API shows it, not the stored document
        shown = view(exc.document, datetime.now(UTC)) if exc.document is not None else None
        raise ConflictError(str(exc), current=exc.current, document=shown) from None
    if changed:
        await _changed(request, principal, "attacker.update", doc, fields)
    return _answer(doc)


@router.post(
    "/attackers/{attacker_id}/merge",
    response_model=Attacker,
    summary="Merge other profiles into this one; they become its aliases",
)
async def merge_into(request: Request, attacker_id: str, body: MergeBody, principal: Analyst) -> Attacker:
    others = [_id(other) for other in body.others]
    try:
        doc, absorbed = await merge(attackers(request.app.state.state), _id(attacker_id), others)
    except MergeRefused as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None
    if absorbed:
        await _changed(request, principal, "attacker.merge", doc, {"others": absorbed})
    return _answer(doc)
