"""Sign-in routes under ``/api/v1/auth``: password sign-in, refresh, sign-out, who am I, password change.

Every failure to sign in answers the same 401, whatever the cause (no such user, wrong password,
disabled, locked out), so the answer tells an attacker nothing; the audit log records each attempt
with its source address, never the password. Throttling lives in :class:`~mozdef_common.accounts.Users`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field

from mozdef_api.audit import Audit, source_of
from mozdef_api.auth.authenticator import Authenticator
from mozdef_api.auth.dependencies import current_principal
from mozdef_api.auth.principal import Principal
from mozdef_api.settings import ApiSettings
from mozdef_common.accounts import PERMISSIONS, Action, Role, Session, Sessions, User, Users
from mozdef_common.accounts.passwords import MAX_LENGTH
from mozdef_common.auth import credential_from_header

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
Caller = Annotated[Principal, Depends(current_principal)]
SIGN_IN_FAILED = "wrong user name or password, or the account may not sign in now"


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(Body):
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=MAX_LENGTH)


class PasswordIn(Body):
    old_password: str = Field(min_length=1, max_length=MAX_LENGTH)
    new_password: str = Field(min_length=1, max_length=MAX_LENGTH)


class UserOut(BaseModel):
    name: str
    role: Role


class TokenOut(BaseModel):
    """A new session token: send it as ``Authorization: Bearer <access_token>``; refresh before it expires."""

    access_token: str
    token_type: str = "Bearer"  # noqa: S105  # the scheme, not a secret
    expires_in: int
    user: UserOut


class MeOut(BaseModel):
    name: str
    role: Role
    kind: str
    actions: list[Action]


class OidcConfigOut(BaseModel):
    enabled: bool
    label: str | None = None
    login_url: str | None = None


class ConfigOut(BaseModel):
    password: bool = True
    oidc: OidcConfigOut


def token_out(session: Session, token: str) -> TokenOut:
    remaining = int((session.expires - datetime.now(UTC)).total_seconds())
    return TokenOut(
        access_token=token, expires_in=max(remaining, 0), user=UserOut(name=session.user, role=session.role)
    )


def _unauthorized(detail: str = SIGN_IN_FAILED) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": 'Bearer realm="mozdef"'}
    )


def _session_of(principal: Principal) -> str:
    if principal.kind != "user" or principal.session is None:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail="only a sign-in session token can do this")
    return principal.session


async def end_sessions(request: Request, user: str) -> int:
    """End every session of ``user`` in the store and in this replica's cache; how many were open."""
    authenticator: Authenticator = request.app.state.authenticator
    closed = await request.app.state.sessions.close_all(user)
    authenticator.forget_user(user)
    return int(closed)


@router.post("/login", response_model=TokenOut, summary="Sign in with a user name and password")
async def login(body: LoginIn, request: Request) -> TokenOut:
    users: Users = request.app.state.users
    audit: Audit = request.app.state.audit
    user = await users.authenticate(body.username, body.password)
    if user is None:
        # The name as typed (bounded), so an admin can see guessing; never the password.
        await audit.record(
            "auth.login", actor=body.username.strip()[:64], source=source_of(request), outcome="failure"
        )
        raise _unauthorized()
    return await open_session(request, user, via="password")


async def open_session(request: Request, user: User, *, via: str) -> TokenOut:
    """A new session for ``user``, audited as a sign-in."""
    session, token = await request.app.state.sessions.open(user.name, user.role, via=via)
    await request.app.state.audit.record(
        "auth.login", actor=user.name, source=source_of(request), details={"via": via, "session": session.id}
    )
    return token_out(session, token)


@router.post("/refresh", response_model=TokenOut, summary="Trade a live session token for a new one")
async def refresh(request: Request, principal: Caller) -> TokenOut:
    session_id = _session_of(principal)
    sessions: Sessions = request.app.state.sessions
    old = await sessions.get(session_id)
    await sessions.close(session_id)
    _forget_presented(request)
    # The role and the disabled flag as they are now: a demotion or a disabling takes effect here.
    user = await request.app.state.users.get(principal.name)
    if old is None or user is None or user.disabled:
        await request.app.state.audit.record(
            "auth.refresh", actor=principal, source=source_of(request), outcome="failure"
        )
        raise _unauthorized("the session cannot be renewed: sign in again")
    session, token = await sessions.open(user.name, user.role, via=old.via)
    await request.app.state.audit.record(
        "auth.refresh", actor=user.name, source=source_of(request), details={"session": session.id}
    )
    return token_out(session, token)


@router.post("/logout", status_code=204, summary="End this session")
async def logout(request: Request, principal: Caller) -> None:
    session_id = _session_of(principal)
    await request.app.state.sessions.close(session_id)
    _forget_presented(request)
    await request.app.state.audit.record(
        "auth.logout", actor=principal, source=source_of(request), details={"session": session_id}
    )


@router.get("/me", response_model=MeOut, summary="Who the credentials belong to, and what they may do")
async def me(principal: Caller) -> MeOut:
    actions = sorted(PERMISSIONS[principal.role], key=list(Action).index)
    return MeOut(name=principal.name, role=principal.role, kind=principal.kind, actions=actions)


@router.get(
    "/config", response_model=ConfigOut, summary="How users may sign in (open: the sign-in screen reads it)"
)
async def config(request: Request) -> ConfigOut:
    settings: ApiSettings = request.app.state.settings
    if not settings.oidc_enabled:
        return ConfigOut(oidc=OidcConfigOut(enabled=False))
    label = settings.oidc_button_label
    return ConfigOut(oidc=OidcConfigOut(enabled=True, label=label, login_url="/api/v1/auth/oidc/login"))


@router.post("/password", response_model=TokenOut, summary="Change your own password (needs the old one)")
async def change_password(body: PasswordIn, request: Request, principal: Caller) -> TokenOut:
    _session_of(principal)
    users: Users = request.app.state.users
    # authenticate() counts a wrong old password as a failed sign-in: this cannot be used to guess.
    if await users.authenticate(principal.name, body.old_password) is None:
        await request.app.state.audit.record(
            "user.password",
            actor=principal,
            source=source_of(request),
            target=principal.name,
            outcome="failure",
        )
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="the old password is wrong")
    user, _ = await users.update(principal.name, password=body.new_password)
    # Every session ends, this one too (a thief's copy with it); the caller gets a fresh token.
    await end_sessions(request, user.name)
    await request.app.state.audit.record(
        "user.password", actor=principal, source=source_of(request), target=user.name
    )
    session, token = await request.app.state.sessions.open(user.name, user.role, via="password")
    return token_out(session, token)


def _forget_presented(request: Request) -> None:
    token = credential_from_header(request.headers.get("authorization"))
    if token is not None:
        request.app.state.authenticator.forget(token)
