"""Publishing a change to every connected analyst, after the state write that made it succeeded.

The write is already durable when this runs, so a bus that cannot take the change does not undo it:
the failure is logged and counted, and clients that missed it resynchronise when they reconnect.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI

from mozdef_api.changes import Change
from mozdef_common.errors import BusError

log = logging.getLogger(__name__)


async def notify(
    app: FastAPI,
    *,
    entity: str,
    op: str,
    id: str,
    version: int | None,
    actor: str | None,
    data: Mapping[str, Any] | None,
    sub: str | None = None,
) -> None:
    """Publish one change through ``app.state.changes`` (nothing when the app has no feed)."""
    sink = app.state.changes
    if sink is None:
        return
    change = Change(entity=entity, op=op, id=id, version=version, actor=actor, data=data, sub=sub)
    try:
        await sink.publish(change)
    except BusError as exc:
        log.error("change to %s %s not published: %s", entity, id, exc)
        app.state.metrics.error("change_publish")
