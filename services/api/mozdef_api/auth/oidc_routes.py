"""OpenID Connect sign-in routes: ``/api/v1/auth/oidc/login`` and ``/api/v1/auth/oidc/callback``.

A started sign-in (its state, nonce and PKCE verifier) is kept in the state store's ``oidc_flows``
collection, not in memory, so whichever replica the provider sends the browser back to can finish it;
it is used once and expires after ``MOZDEF_OIDC_FLOW_TTL_S``. The state is also set in an HttpOnly
cookie and must come back in it, so a callback link sent to someone else's browser signs nobody in.

The session token reaches the web UI in the URL fragment of ``/#/signed-in?access_token=…``: browsers
never send a fragment to servers, so the token stays out of server, proxy and referrer logs.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse

from mozdef_api.audit import source_of
from mozdef_api.auth.oidc import OidcClient, OidcError, map_user
from mozdef_api.auth.routes import open_session
from mozdef_api.settings import ApiSettings
from mozdef_common.errors import AccountError, NotFoundError
from mozdef_common.state import Collection

router = APIRouter(prefix="/api/v1/auth/oidc", tags=["auth"])
FLOWS = "oidc_flows"
COOKIE = "mozdef_oidc_state"
COOKIE_PATH = "/api/v1/auth/oidc"
SIGNED_IN = "/#/signed-in"
log = logging.getLogger(__name__)


def _client(request: Request) -> OidcClient:
    settings: ApiSettings = request.app.state.settings
    if not settings.oidc_enabled:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="OpenID Connect sign-in is not configured")
    client: OidcClient | None = getattr(request.app.state, "oidc", None)
    if client is None:
        client = request.app.state.oidc = OidcClient(settings)
    return client


def _redirect_uri(request: Request) -> str:
    settings: ApiSettings = request.app.state.settings
    return settings.oidc_redirect_url or str(request.url_for("oidc_callback"))


def _flows(request: Request) -> Collection:
    return request.app.state.state.collection(FLOWS)  # type: ignore[no-any-return]


@router.get("/login", status_code=302, summary="Start OpenID Connect sign-in (redirects to the provider)")
async def oidc_login(request: Request) -> RedirectResponse:
    client = _client(request)
    settings: ApiSettings = request.app.state.settings
    state, nonce, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(24), secrets.token_urlsafe(48)
    redirect_uri = _redirect_uri(request)
    try:
        url = await client.authorization_url(
            redirect_uri=redirect_uri, state=state, nonce=nonce, verifier=verifier
        )
    except OidcError as exc:
        raise HTTPException(status.HTTP_502_BAD_GATEWAY, detail=exc.reason) from None
    expires = datetime.now(UTC) + timedelta(seconds=settings.oidc_flow_ttl_s)
    await _flows(request).insert(
        {
            "id": state,
            "nonce": nonce,
            "verifier": verifier,
            "redirect_uri": redirect_uri,
            "expires": expires.isoformat(),
        }
    )
    response = RedirectResponse(url, status_code=302)
    response.set_cookie(
        COOKIE,
        state,
        max_age=settings.oidc_flow_ttl_s,
        path=COOKIE_PATH,
        httponly=True,
        # Behind a TLS-terminating proxy the scheme may read http: production always marks it Secure.
        secure=request.url.scheme == "https" or settings.environment == "production",
        samesite="lax",  # sent on the provider's top-level redirect back to us, not on cross-site posts
    )
    return response


@router.get(
    "/callback", name="oidc_callback", status_code=303, summary="Where the provider sends the browser back"
)
async def oidc_callback(
    request: Request, code: str | None = None, state: str | None = None, error: str | None = None
) -> RedirectResponse:
    client = _client(request)
    cookie = request.cookies.get(COOKIE)
    try:
        if error:
            raise OidcError(f"the provider answered {error[:64]}")
        if not code or not state:
            raise OidcError("the callback lacks a code or a state")
        if cookie is None or not hmac.compare_digest(cookie.encode(), state.encode()):
            raise OidcError("this sign-in was not started in this browser")
        flow = await _take_flow(request, state)
        id_token = await client.exchange(
            code=code, verifier=flow["verifier"], redirect_uri=flow["redirect_uri"]
        )
        claims = await client.validate(id_token, nonce=flow["nonce"])
        name, role = map_user(claims, request.app.state.settings)
        try:
            user, _ = await request.app.state.users.upsert_external(name, role, "oidc")
        except AccountError as exc:
            raise OidcError(str(exc)) from None
        if (
            user.role != role
        ):  # a concurrent change kept another role: take the provider's at the next sign-in
            raise OidcError("the account changed during sign-in: try again")
        request.app.state.authenticator.forget_user(user.name)
        answer = await open_session(request, user, via="oidc")
    except OidcError as exc:
        await request.app.state.audit.record(
            "auth.login",
            actor=None,
            source=source_of(request),
            outcome="failure",
            details={"via": "oidc", "reason": exc.reason},
        )
        log.info("OpenID Connect sign-in refused: %s", exc.reason)
        return _done(f"{SIGNED_IN}?{urlencode({'error': 'oidc_refused', 'error_description': exc.reason})}")
    fragment = urlencode(
        {
            "access_token": answer.access_token,
            "token_type": answer.token_type,
            "expires_in": answer.expires_in,
        }
    )
    return _done(f"{SIGNED_IN}?{fragment}")


async def _take_flow(request: Request, state: str) -> dict[str, str]:
    flows = _flows(request)
    try:
        flow = await flows.get(state)
    except NotFoundError:
        raise OidcError("unknown or already used sign-in state") from None
    try:  # used once: of two callbacks racing with one state, only the one that deletes it goes on
        await flows.delete(state)
    except NotFoundError:
        raise OidcError("unknown or already used sign-in state") from None
    if datetime.fromisoformat(flow["expires"]) <= datetime.now(UTC):
        raise OidcError("the sign-in took too long: start again")
    return {k: str(flow[k]) for k in ("nonce", "verifier", "redirect_uri")}


def _done(location: str) -> RedirectResponse:
    response = RedirectResponse(location, status_code=303)
    response.delete_cookie(COOKIE, path=COOKIE_PATH)
    return response
