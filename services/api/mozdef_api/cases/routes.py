"""``/api/v1/incidents`` and ``/api/v1/investigations``: thin HTTP handlers over :class:`.service.Cases`.

One router per kind, built by :func:`router_for`. Reading needs READ (viewers and up), every change
WRITE, deleting a case ADMIN. Changes carry the ``version`` the client read and answer 409 with the
current case when it is stale.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status
from pydantic import BaseModel, create_model

from mozdef_api.audit import source_of
from mozdef_api.auth import Principal, requires
from mozdef_api.cases.filters import DEFAULT_SORT, SORTS, sort_for, where_for
from mozdef_api.cases.item_routes import add_item_routes
from mozdef_api.cases.kinds import KINDS, KindName
from mozdef_api.cases.model import Case, CaseFields, CasePatch, Note, NoteFields, TimelineEntry
from mozdef_api.cases.service import Cases
from mozdef_api.paging import Offset
from mozdef_common.accounts import Action

MAX_PAGE = 1000
Reader = Annotated[Principal, Depends(requires(Action.READ))]
Writer = Annotated[Principal, Depends(requires(Action.WRITE))]
Administrator = Annotated[Principal, Depends(requires(Action.ADMIN))]
Size = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page size.")]


def _page_model(name: str, key: str, item: type[BaseModel]) -> type[BaseModel]:
    fields: dict[str, Any] = {"total": (int, ...), key: (list[item], ...)}  # type: ignore[valid-type]
    return create_model(name, **fields)


def router_for(kind_name: KindName) -> APIRouter:
    """The routes of one kind of case."""
    kind = KINDS[kind_name]
    entity = kind.entity.capitalize()
    router = APIRouter(prefix=f"/api/v1/{kind.name}", tags=[kind.name])
    page = _page_model(f"{entity}List", kind.name, Case)
    notes_page = _page_model(f"{entity}Notes", "notes", Note)
    timeline_page = _page_model(f"{entity}Timeline", "timeline", TimelineEntry)

    def cases(request: Request) -> Cases:
        return Cases(request.app, kind_name)

    @router.post(
        "", response_model=Case, status_code=status.HTTP_201_CREATED, summary=f"Open an {kind.entity}"
    )
    async def create(request: Request, body: CaseFields, principal: Writer) -> dict[str, Any]:
        return await cases(request).create(body, principal, source_of(request))

    @router.get("", response_model=page, summary=f"{entity}s matching filters, one page")
    async def list_cases(
        request: Request,
        _: Reader,
        phase: Annotated[
            list[str] | None, Query(description="Any of these phases (repeat or comma-separate).")
        ] = None,
        severity: Annotated[list[str] | None, Query(description="Any of these severities.")] = None,
        owner: str | None = None,
        creator: str | None = None,
        tag: str | None = None,
        veris: Annotated[str | None, Query(description="A VERIS path: matches it and all under it.")] = None,
        q: Annotated[
            str | None, Query(max_length=1000, description="Text in summary/description, or a ref.")
        ] = None,
        opened_after: Annotated[str | None, Query(description="ISO-8601 or now-7d; inclusive.")] = None,
        opened_before: Annotated[str | None, Query(description="ISO-8601 or now-7d; exclusive.")] = None,
        size: Size = 50,
        offset: Offset = 0,
        sort: Annotated[str, Query(description=f"field[:asc|desc],… of {', '.join(SORTS)}.")] = DEFAULT_SORT,
    ) -> dict[str, Any]:
        where = where_for(
            phase=phase,
            severity=severity,
            owner=owner,
            creator=creator,
            tag=tag,
            veris_path=veris,
            q=q,
            opened_after=opened_after,
            opened_before=opened_before,
        )
        total, docs = await cases(request).find(where, sort=sort_for(sort), limit=size, offset=offset)
        return {"total": total, kind.name: docs}

    @router.get("/{case_id}", response_model=Case, summary=f"One {kind.entity}")
    async def read(request: Request, case_id: str, _: Reader) -> dict[str, Any]:
        return await cases(request).get(case_id)

    @router.patch(
        "/{case_id}", response_model=Case, summary=f"Change an {kind.entity} at the version you read"
    )
    async def change(request: Request, case_id: str, body: CasePatch, principal: Writer) -> dict[str, Any]:
        return await cases(request).update(
            case_id,
            body.model_dump(mode="json", exclude_unset=True, exclude={"version"}),
            version=body.version,
            actor=principal,
            source=source_of(request),
        )

    @router.delete("/{case_id}", status_code=status.HTTP_204_NO_CONTENT, summary=f"Delete an {kind.entity}")
    async def delete(
        request: Request,
        case_id: str,
        principal: Administrator,
        version: Annotated[
            int | None, Query(ge=1, description="When given, a stale one answers 409.")
        ] = None,
    ) -> Response:
        await cases(request).delete(case_id, actor=principal, source=source_of(request), version=version)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    @router.get("/{case_id}/notes", response_model=notes_page, summary="Notes, oldest first")
    async def notes(
        request: Request,
        case_id: str,
        _: Reader,
        size: Size = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        total, found = await cases(request).notes(case_id, limit=size, offset=offset)
        return {"total": total, "notes": found}

    @router.post(
        "/{case_id}/notes", response_model=Note, status_code=status.HTTP_201_CREATED, summary="Add a note"
    )
    async def add_note(request: Request, case_id: str, body: NoteFields, principal: Writer) -> dict[str, Any]:
        return await cases(request).add_note(case_id, body.text, principal, source_of(request))

    @router.get("/{case_id}/timeline", response_model=timeline_page, summary="Every change, oldest first")
    async def timeline(
        request: Request,
        case_id: str,
        _: Reader,
        size: Size = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        total, found = await cases(request).timeline(case_id, limit=size, offset=offset)
        return {"total": total, "timeline": found}

    add_item_routes(router, kind_name)
    return router
