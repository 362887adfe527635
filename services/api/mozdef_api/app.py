"""The api service: REST (OpenAPI at /api/openapi.json) over the stores, health and metrics."""

from __future__ import annotations

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from mozdef_api import catalog, saved_searches, search
from mozdef_api.settings import ApiSettings
from mozdef_common import __version__
from mozdef_common.errors import ConflictError, NotFoundError, QueryError, QuerySyntaxError, StoreError
from mozdef_common.state import StateStore
from mozdef_common.store import EventStore
from mozdef_common.telemetry import StageMetrics


def create_app(settings: ApiSettings, store: EventStore, state: StateStore, *, token: str) -> FastAPI:
    app = FastAPI(
        title="MozDef API",
        version=__version__,
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.state = state
    app.state.token = token
    app.state.metrics = StageMetrics("api")
    app.include_router(search.router)
    app.include_router(catalog.router)
    app.include_router(saved_searches.router)

    @app.exception_handler(QueryError)
    async def _query_error(_: Request, exc: QueryError) -> JSONResponse:
        error: dict[str, object] = {"type": "query_error", "reason": str(exc)}
        if isinstance(exc, QuerySyntaxError):
            error.update(type="query_syntax_error", reason=exc.reason, position=exc.position)
        return JSONResponse({"error": error}, status_code=status.HTTP_400_BAD_REQUEST)

    @app.exception_handler(NotFoundError)
    async def _not_found(_: Request, exc: NotFoundError) -> JSONResponse:
        return JSONResponse({"error": {"type": "not_found", "reason": str(exc)}}, status_code=404)

    @app.exception_handler(ConflictError)
    async def _conflict(_: Request, exc: ConflictError) -> JSONResponse:
        error = {"type": "version_conflict", "reason": str(exc), "current_version": exc.current}
        return JSONResponse({"error": error}, status_code=409)

    @app.exception_handler(StoreError)
    async def _store_error(_: Request, exc: StoreError) -> JSONResponse:
        app.state.metrics.error(type(exc).__name__)
        return JSONResponse(
            {"error": {"type": "store_unavailable", "reason": str(exc)}},
            status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": "5"},
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
    async def metrics() -> Response:
        return Response(app.state.metrics.render(), media_type=CONTENT_TYPE_LATEST)

    return app
