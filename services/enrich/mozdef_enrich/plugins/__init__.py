"""Enrich plugins: the contract (:mod:`.base`), their discovery (:mod:`.registry`) and the built-ins."""

from __future__ import annotations

from mozdef_enrich.plugins.base import Drop, EnrichPlugin

__all__ = ["Drop", "EnrichPlugin"]
