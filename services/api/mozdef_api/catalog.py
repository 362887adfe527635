"""``/api/v1/fields``: the field catalog with types, for autocomplete and pivots."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from mozdef_api.auth import requires
from mozdef_common.accounts import Action
from mozdef_common.store import EventStore

router = APIRouter(prefix="/api/v1", tags=["events"], dependencies=[Depends(requires(Action.READ))])


class FieldInfo(BaseModel):
    name: str = Field(description="Dotted path, as queries name it.")
    type: str = Field(description="keyword, text, date, number, boolean or object.")


class FieldCatalog(BaseModel):
    fields: list[FieldInfo]


@router.get("/fields", response_model=FieldCatalog, summary="Every field events have, with its type")
async def fields(
    request: Request, index: Literal["events", "deadletter", "alerts"] = "events"
) -> FieldCatalog:
    store: EventStore = request.app.state.store
    return FieldCatalog(fields=[FieldInfo(name=n, type=t) for n, t in await store.fields(index)])
