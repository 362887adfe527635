"""Routes of a case's lists: ``POST /{case_id}/{list}``, ``PATCH``/``DELETE /{case_id}/{list}/{item_id}``.

One set of handlers serves every list of :data:`~mozdef_api.cases.items.LISTS`, registered once per
list so each route declares its own body model (the OpenAPI spec, and the client generated from it,
then know what an indicator or a mitigation looks like).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Query, Request, status
from pydantic import BaseModel

from mozdef_api.audit import source_of
from mozdef_api.auth import Principal, requires
from mozdef_api.cases.items import LISTS
from mozdef_api.cases.kinds import KindName
from mozdef_api.cases.model import Case
from mozdef_api.cases.service import Cases
from mozdef_common.accounts import Action

F = TypeVar("F", bound=Callable[..., Any])
Writer = Annotated[Principal, Depends(requires(Action.WRITE))]
Version = Annotated[int, Query(ge=1, description="The case version you read: a stale one answers 409.")]


def _body(handler: F, model: type[BaseModel]) -> F:
    # FastAPI reads the body's model from the annotation; the handlers are shared by every list,
    # so each registration names its list's model here.
    handler.__annotations__ = {**handler.__annotations__, "body": model}
    return handler


def add_item_routes(router: APIRouter, kind: KindName) -> None:
    for spec in LISTS.values():
        _add_list(router, kind, spec.name, spec.fields, spec.changes)


def _add_list(
    router: APIRouter, kind: KindName, list_name: str, fields: type[BaseModel], changes: type[BaseModel]
) -> None:
    async def add(request: Request, case_id: str, body: BaseModel, principal: Writer) -> dict[str, Any]:
        cases = Cases(request.app, kind)
        return await cases.add_item(case_id, list_name, body.model_dump(), principal, source_of(request))

    async def change(
        request: Request,
        case_id: str,
        item_id: str,
        body: BaseModel,
        principal: Writer,
    ) -> dict[str, Any]:
        delta = body.model_dump(exclude_unset=True)
        version = delta.pop("version")
        return await Cases(request.app, kind).update_item(
            case_id, list_name, item_id, delta, version=version, actor=principal, source=source_of(request)
        )

    async def remove(
        request: Request,
        case_id: str,
        item_id: str,
        version: Version,
        principal: Writer,
    ) -> dict[str, Any]:
        return await Cases(request.app, kind).remove_item(
            case_id, list_name, item_id, version=version, actor=principal, source=source_of(request)
        )

    path = f"/{{case_id}}/{list_name}"
    router.post(
        path,
        response_model=Case,
        status_code=status.HTTP_201_CREATED,
        summary=f"Add to {list_name} (no version needed; the new item is last in the answer)",
        operation_id=f"{kind}_add_{list_name}",
    )(_body(add, fields))
    router.patch(
        f"{path}/{{item_id}}",
        response_model=Case,
        summary=f"Change one of {list_name} at the case version you read",
        operation_id=f"{kind}_change_{list_name}",
    )(_body(change, changes))
    router.delete(
        f"{path}/{{item_id}}",
        response_model=Case,
        summary=f"Remove one of {list_name} at the case version you read",
        operation_id=f"{kind}_remove_{list_name}",
    )(remove)
