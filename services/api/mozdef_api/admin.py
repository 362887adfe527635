"""Admin routes (the admin role): users, API keys and the audit log.

Every change is audited with the admin, the source address and the target. Changing a user's role,
password or disabled flag ends their sessions at once (they sign in again with what they now are);
revoking a key stops it on this replica at once and on the others within ``MOZDEF_AUTH_CACHE_S``.
A new key's plaintext is in the answer to its creation and nowhere else, ever.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, status
from pydantic import BaseModel, ConfigDict, Field

from mozdef_api.audit import COLLECTION as AUDIT
from mozdef_api.audit import source_of
from mozdef_api.auth import Principal, requires
from mozdef_api.auth.routes import end_sessions
from mozdef_api.paging import Offset
from mozdef_common.accounts import Action, ApiKey, Role, User
from mozdef_common.accounts.passwords import MAX_LENGTH
from mozdef_common.errors import AccountError, NotFoundError
from mozdef_common.event import utc_iso

router = APIRouter(prefix="/api/v1", tags=["admin"])
Admin = Annotated[Principal, Depends(requires(Action.ADMIN))]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UserIn(Body):
    name: str = Field(min_length=1, max_length=64)
    role: Role
    password: str = Field(min_length=1, max_length=MAX_LENGTH)


class UserPatch(Body):
    role: Role | None = None
    disabled: bool | None = None
    password: str | None = Field(None, min_length=1, max_length=MAX_LENGTH)


class UserOut(BaseModel):
    name: str
    role: Role
    disabled: bool
    source: str
    created: str


class ApiKeyIn(Body):
    name: str = Field(min_length=1, max_length=100)
    role: Role


class ApiKeyOut(BaseModel):
    id: str
    name: str
    role: Role
    created: str
    revoked: str | None
    last_used: str | None


class NewApiKeyOut(BaseModel):
    """The new key's record, and ``key``: its plaintext, shown in this answer only."""

    apikey: ApiKeyOut
    key: str


def _user(user: User) -> UserOut:
    return UserOut(
        name=user.name, role=user.role, disabled=user.disabled, source=user.source, created=user.created
    )


def _key(key: ApiKey) -> ApiKeyOut:
    return ApiKeyOut(
        id=key.id,
        name=key.name,
        role=key.role,
        created=key.created,
        revoked=key.revoked,
        last_used=key.last_used,
    )


@router.get("/users", summary="List users")
async def list_users(request: Request, _: Admin) -> dict[str, list[UserOut]]:
    return {"users": [_user(user) for user in await request.app.state.users.list_users()]}


@router.post(
    "/users", status_code=status.HTTP_201_CREATED, response_model=UserOut, summary="Add a local user"
)
async def add_user(body: UserIn, request: Request, admin: Admin) -> UserOut:
    user = await request.app.state.users.create_user(body.name, body.password, body.role)
    await request.app.state.audit.record(
        "user.create",
        actor=admin,
        source=source_of(request),
        target=user.name,
        details={"role": user.role.value},
    )
    return _user(user)


@router.patch(
    "/users/{name}", response_model=UserOut, summary="Change a user's role, disabled flag or password"
)
async def change_user(name: str, body: UserPatch, request: Request, admin: Admin) -> UserOut:
    if (
        admin.kind == "user"
        and admin.name == name.strip().lower()
        and (body.disabled or (body.role is not None and body.role is not Role.ADMIN))
    ):
        raise AccountError("an admin may not disable or demote themselves: ask another admin")
    user, changed = await request.app.state.users.update(
        name, role=body.role, disabled=body.disabled, password=body.password
    )
    if changed:
        closed = await end_sessions(request, user.name)
        details: dict[str, Any] = {"sessions_closed": closed}
        if body.role is not None:
            details["role"] = body.role.value
        if body.disabled is not None:
            details["disabled"] = body.disabled
        if body.password is not None:
            details["password_changed"] = True
        await request.app.state.audit.record(
            "user.update", actor=admin, source=source_of(request), target=user.name, details=details
        )
    return _user(user)


@router.get("/apikeys", summary="List API keys (never their secrets)")
async def list_keys(request: Request, _: Admin) -> dict[str, list[ApiKeyOut]]:
    return {"apikeys": [_key(key) for key in await request.app.state.apikeys.list_keys()]}


@router.post(
    "/apikeys", status_code=status.HTTP_201_CREATED, response_model=NewApiKeyOut, summary="Create an API key"
)
async def create_key(body: ApiKeyIn, request: Request, admin: Admin) -> NewApiKeyOut:
    record, plaintext = await request.app.state.apikeys.create_key(body.name, body.role)
    await request.app.state.audit.record(
        "apikey.create",
        actor=admin,
        source=source_of(request),
        target=record.id,
        details={"name": record.name, "role": record.role.value},
    )
    return NewApiKeyOut(apikey=_key(record), key=plaintext)


@router.delete("/apikeys/{key_id}", response_model=ApiKeyOut, summary="Revoke an API key")
async def revoke_key(key_id: str, request: Request, admin: Admin) -> ApiKeyOut:
    try:
        record = await request.app.state.apikeys.revoke(key_id)
    except AccountError as exc:
        raise NotFoundError(str(exc)) from None
    request.app.state.authenticator.forget_key(record.id)
    await request.app.state.audit.record(
        "apikey.revoke",
        actor=admin,
        source=source_of(request),
        target=record.id,
        details={"name": record.name},
    )
    return _key(record)


@router.get("/audit", summary="The audit log, newest first")
async def audit_log(
    request: Request,
    _: Admin,
    actor: str | None = None,
    action: str | None = None,
    target: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    size: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    where: dict[str, Any] = {
        k: v for k, v in (("actor", actor), ("action", action), ("target", target)) if v is not None
    }
    window = {op: utc_iso(_utc(t)) for op, t in (("$gte", start), ("$lte", end)) if t is not None}
    if window:  # stored times share one ISO form, so they compare as strings
        where["created"] = window
    collection = request.app.state.state.collection(AUDIT)
    total, page = await collection.find(where, limit=size, offset=offset, sort=[("created", -1)])
    return {"total": total, "records": page}


def _utc(moment: datetime) -> datetime:
    """``moment`` with a time zone: a naive one is taken as UTC, as every stored time is."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
