"""The api service: REST (OpenAPI at /api/openapi.json) and live updates over the stores.

``create_app`` wires what the routes share onto ``app.state``: the event store (``store``), the state
store (``state``), accounts (``users``, ``apikeys``, ``sessions``, ``authenticator``), the audit log
(``audit``), the change feed every write publishes to (``changes``) and metrics.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request, status
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from mozdef_api import admin, catalog, realtime, saved_searches, search, stats, veris
from mozdef_api.alerts import routes as alert_routes
from mozdef_api.archives import router as archives_router
from mozdef_api.attackers import routes as attacker_routes
from mozdef_api.audit import Audit
from mozdef_api.auth import Authenticator, oidc_routes
from mozdef_api.auth import routes as auth_routes
from mozdef_api.cases import incidents_router, investigations_router
from mozdef_api.headers import SecurityHeaders
from mozdef_api.health import router as health_router
from mozdef_api.lists import alert_actions as list_alert_actions
from mozdef_api.lists import routes as list_routes
from mozdef_api.realtime import ChangeFeed, Hub
from mozdef_api.rules import router as rules_router
from mozdef_api.settings import ApiSettings
from mozdef_api.webapp import mount_web
from mozdef_common import __version__
from mozdef_common.accounts import ApiKeys, Users
from mozdef_common.accounts.sessions import Sessions
from mozdef_common.errors import (
    AccountError,
    ConflictError,
    NotFoundError,
    QueryError,
    QuerySyntaxError,
    StoreError,
)
from mozdef_common.state import StateStore
from mozdef_common.store import EventStore
from mozdef_common.telemetry import StageMetrics

_ERROR_TYPES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "not_allowed",
}


def create_app(
    settings: ApiSettings,
    store: EventStore,
    state: StateStore,
    *,
    changes: ChangeFeed | None = None,
    hub: Hub | None = None,
    metrics: StageMetrics | None = None,
    web_dist: Path | None = None,
) -> FastAPI:
    """The app over started stores; with ``changes`` and ``hub``, live updates at ``/api/v1/ws`` too;
    with ``web_dist``, the built web app at ``/``."""
    app = FastAPI(
        title="MozDef API",
        version=__version__,
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        swagger_ui_oauth2_redirect_url="/api/docs/oauth2-redirect",
        redoc_url=None,
    )
    metrics = metrics or StageMetrics("api")
    sessions = Sessions(state, ttl=timedelta(seconds=settings.session_ttl_s))
    apikeys = ApiKeys(state)
    app.state.settings = settings
    app.state.store = store
    app.state.state = state
    app.state.metrics = metrics
    app.state.users = Users(state)
    app.state.apikeys = apikeys
    app.state.sessions = sessions
    app.state.authenticator = Authenticator(sessions, apikeys, cache_ttl=settings.auth_cache_s)
    app.state.audit = Audit(state, metrics)
    app.state.changes = changes
    app.state.hub = hub
    app.include_router(search.router)
    app.include_router(catalog.router)
    app.include_router(saved_searches.router)
    app.include_router(incidents_router)
    app.include_router(investigations_router)
    app.include_router(veris.router)
    app.include_router(stats.router)
    app.include_router(alert_routes.router)
    app.include_router(auth_routes.router)
    app.include_router(oidc_routes.router)
    app.include_router(admin.router)
    app.include_router(list_routes.blocklist_router)
    app.include_router(list_routes.watchlist_router)
    app.include_router(list_alert_actions.router)
    app.include_router(rules_router)
    app.include_router(health_router)
    app.include_router(attacker_routes.router)
    app.include_router(archives_router)
    if hub is not None:
        app.include_router(realtime.router)
    _add_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["authorization", "content-type"],
        )

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> PlainTextResponse:
        return PlainTextResponse("ok")

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> JSONResponse:
        try:
            await store.indices()
        except StoreError as exc:
            return JSONResponse({"ready": False, "reason": str(exc)}, status_code=503)
        return JSONResponse({"ready": True})

    @app.get("/metrics", include_in_schema=False)
    async def prometheus_metrics() -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)

    if web_dist is not None:
        mount_web(app, web_dist)  # last of all routes: its fallback answers every path no route took
    return app


def _error(kind: str, reason: str, status_code: int, **extra: object) -> JSONResponse:
    return JSONResponse({"error": {"type": kind, "reason": reason, **extra}}, status_code=status_code)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def _http(_: Request, exc: HTTPException) -> JSONResponse:
        response = _error(_ERROR_TYPES.get(exc.status_code, "error"), str(exc.detail), exc.status_code)
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(QueryError)
    async def _query_error(_: Request, exc: QueryError) -> JSONResponse:
        if isinstance(exc, QuerySyntaxError):
            return _error("query_syntax_error", exc.reason, 400, position=exc.position)
        return _error("query_error", str(exc), 400)

    @app.exception_handler(AccountError)
    async def _account_error(_: Request, exc: AccountError) -> JSONResponse:
        return _error("account_error", str(exc), 400)

    @app.exception_handler(NotFoundError)
    async def _not_found(_: Request, exc: NotFoundError) -> JSONResponse:
        return _error("not_found", str(exc), 404)

    @app.exception_handler(ConflictError)
    async def _conflict(_: Request, exc: ConflictError) -> JSONResponse:
        response = _error("version_conflict", str(exc), 409, current_version=exc.current)
        if exc.document is not None:  # the current state, so the client can show what changed
            response = _error(
                "version_conflict", str(exc), 409, current_version=exc.current, current=dict(exc.document)
            )
        return response

    @app.exception_handler(StoreError)
    async def _store_error(_: Request, exc: StoreError) -> JSONResponse:
        app.state.metrics.error(type(exc).__name__)
        response = _error("store_unavailable", str(exc), status.HTTP_503_SERVICE_UNAVAILABLE)
        response.headers["Retry-After"] = "5"
        return response
