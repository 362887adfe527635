"""``/api/v1/rules``: every detection rule (built-in, files, API-managed), its last runs, its changes."""

from __future__ import annotations

from mozdef_api.rules.routes import router

__all__ = ["router"]
