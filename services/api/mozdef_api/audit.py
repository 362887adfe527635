"""The audit log: every state change and every sign-in, with actor, time and source address.

Records go to the state store's ``audit`` collection and are never changed. Writing one must not
fail the change it records once that change is durable, so a failed write is logged (without
secrets) and counted instead of raised.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import Request

from mozdef_api.auth.principal import Principal
from mozdef_common.errors import StoreError
from mozdef_common.state import Collection, StateStore
from mozdef_common.telemetry import StageMetrics

COLLECTION = "audit"
log = logging.getLogger(__name__)


def source_of(request: Request) -> str | None:
    """The caller's address as the server saw it (behind a proxy, configure uvicorn's forwarded IPs)."""
    return request.client.host if request.client else None


async def prepare(state: StateStore) -> None:
    """The indexes the audit listing reads through (newest first, by actor, by action)."""
    audit = state.collection(COLLECTION)
    await audit.ensure_index("created")
    await audit.ensure_index("actor", "created")
    await audit.ensure_index("action", "created")


class Audit:
    def __init__(self, state: StateStore, metrics: StageMetrics | None = None) -> None:
        self.collection: Collection = state.collection(COLLECTION)
        self.metrics = metrics

    async def record(
        self,
        action: str,
        *,
        actor: Principal | str | None,
        source: str | None,
        target: str | None = None,
        outcome: str = "ok",
        details: Mapping[str, Any] | None = None,
    ) -> None:
        """Record ``action`` (``"incident.update"``, ``"auth.login"``…) on ``target`` by ``actor``."""
        name = actor.actor if isinstance(actor, Principal) else actor
        record: dict[str, Any] = {
            "action": action,
            "actor": name,
            "role": actor.role.value if isinstance(actor, Principal) else None,
            "source": source,
            "target": target,
            "outcome": outcome,
        }
        if details:
            record["details"] = dict(details)
        try:
            await self.collection.insert(record)
        except StoreError as exc:
            log.error("audit record %s by %s on %s not written: %s", action, name, target, exc)
            if self.metrics is not None:
                self.metrics.error("audit_write")
