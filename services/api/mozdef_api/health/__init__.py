"""The pipeline's health (``GET /api/v1/health``); see :mod:`.routes` and docs/health.md."""

from __future__ import annotations

from mozdef_api.health.routes import router

__all__ = ["router"]
