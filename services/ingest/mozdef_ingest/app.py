"""The ingest service's HTTP app: shippers' routes, Elasticsearch compatibility, health and metrics."""

from __future__ import annotations

import re
import time

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.exceptions import HTTPException as StarletteHTTPException

from mozdef_common import __version__, topics
from mozdef_common.accounts import CachedKeys
from mozdef_common.bus.base import Bus
from mozdef_common.errors import BusError
from mozdef_common.telemetry import StageMetrics
from mozdef_ingest import elastic
from mozdef_ingest.guard import Guard
from mozdef_ingest.handlers import Ingestor, json_response
from mozdef_ingest.settings import IngestSettings

APP_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"description": "An event object or an array of event objects."}},
            "application/x-ndjson": {"schema": {"type": "string", "description": "One event per line."}},
        },
    }
}
_BULK_DOC = {
    "requestBody": {
        "required": True,
        "content": {"application/x-ndjson": {"schema": {"type": "string", "description": "Bulk NDJSON."}}},
    }
}


def create_app(settings: IngestSettings, bus: Bus, *, keys: CachedKeys | None) -> FastAPI:
    """The app, writing to ``bus`` (already started), admitting shippers whose key ``keys`` verifies;
    ``keys`` None means open ingest (``MOZDEF_INGEST_OPEN``, loopback only)."""
    metrics = StageMetrics("ingest")
    ingestor = Ingestor(settings, bus.producer(), metrics)
    started = time.monotonic()
    app = FastAPI(title="MozDef ingest", version=__version__, docs_url="/docs", redoc_url=None)
    app.state.settings = settings
    app.state.bus = bus
    app.state.metrics = metrics
    app.state.ingestor = ingestor
    app.include_router(elastic.router)

    @app.post("/events", status_code=202, openapi_extra=_BODY_DOC, summary="Events: object, array or NDJSON")
    async def events(request: Request) -> Response:
        return await ingestor.events(request, b"events")

    @app.post("/custom/{app_name}", status_code=202, openapi_extra=_BODY_DOC, summary="Events of one app")
    async def custom(request: Request, app_name: str) -> Response:
        if not APP_NAME.fullmatch(app_name):
            reason = "the app name must be 1-64 letters, digits, '_', '.' or '-', starting alphanumeric"
            return json_response({"error": {"type": "invalid_app", "reason": reason}}, 400)
        return await ingestor.events(request, b"custom", ((topics.H_APP, app_name.encode()),))

    @app.post("/_bulk", openapi_extra=_BULK_DOC, summary="Elasticsearch/OpenSearch bulk")
    @app.put("/_bulk", include_in_schema=False)
    async def bulk(request: Request) -> Response:
        return await ingestor.bulk(request, None)

    @app.post("/{index}/_bulk", openapi_extra=_BULK_DOC, summary="Bulk with a default index")
    @app.put("/{index}/_bulk", include_in_schema=False)
    async def index_bulk(request: Request, index: str) -> Response:
        return await ingestor.bulk(request, index)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> PlainTextResponse:
        return PlainTextResponse("ok")

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> Response:
        try:
            await bus.ping()
        except BusError as exc:
            error = {"type": "bus_unavailable", "reason": str(exc)}
            return json_response({"ready": False, "error": error}, 503)
        return json_response({"ready": True}, 200)

    @app.get("/status", summary="Counts since start and whether the bus answers")
    async def status() -> Response:
        try:
            await bus.ping()
            bus_state: dict[str, object] = {"reachable": True}
        except BusError as exc:
            bus_state = {"reachable": False, "reason": str(exc)}
        bus_state["kind"] = settings.bus_url.split("://", 1)[0]  # never the URL: it may hold credentials
        counts = ingestor.counts
        return json_response(
            {
                "service": "ingest",
                "version": __version__,
                "uptime_s": round(time.monotonic() - started, 3),
                "bus": bus_state,
                "requests": counts.requests,
                "refused_requests": counts.refused_requests,
                "events": {"accepted": counts.accepted, "rejected": counts.rejected},
            },
            200,
        )

    @app.get("/metrics", include_in_schema=False)
    async def prometheus() -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> Response:
        kind = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return json_response(
            {"error": {"type": kind, "reason": str(exc.detail)}}, exc.status_code, exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> Response:
        return json_response({"error": {"type": "bad_request", "reason": str(exc.errors())}}, 400)

    @app.exception_handler(Exception)
    async def _bug(_: Request, exc: Exception) -> Response:
        # A bug, never bad input: answered in the same JSON shape; Starlette re-raises it afterwards,
        # so the server logs the trace once.
        metrics.error("internal")
        return json_response({"error": {"type": "internal_error", "reason": type(exc).__name__}}, 500)

    app.add_middleware(Guard, keys=keys, metrics=metrics)
    return app
