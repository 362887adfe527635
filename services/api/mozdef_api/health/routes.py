"""``GET /api/v1/health``: the pipeline's health for dashboards and on-call (MozDef's /about).

``/healthz`` and ``/readyz`` stay what orchestrators probe; this one is for people and dashboards, so
it answers 200 whatever the status (the status is in the body) and is cached a few seconds.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from mozdef_api.archives import archive_settings
from mozdef_api.auth import requires
from mozdef_api.health.cache import HealthCache
from mozdef_api.health.model import Health
from mozdef_api.health.report import build
from mozdef_common.accounts import Action

router = APIRouter(prefix="/api/v1", tags=["health"], dependencies=[Depends(requires(Action.READ))])


def health_cache(request: Request) -> HealthCache:
    """The app's cache, made at the first request (so the app's wiring needs nothing but the router)."""
    state = request.app.state
    cache: HealthCache | None = getattr(state, "health_cache", None)
    if cache is None:
        cache = state.health_cache = HealthCache()
    return cache


@router.get(
    "/health",
    response_model=Health,
    summary="Pipeline health: rates, lag, dead letters, stores, rule runs, last archive",
)
async def health(request: Request) -> Health:
    cache = health_cache(request)
    app_state = request.app.state
    archive_dir = archive_settings(request.app).resolved_archive_dir
    bus = getattr(app_state, "bus", None)
    return await cache.get(lambda: build(app_state.store, app_state.state, cache.ttl_s, archive_dir, bus))
