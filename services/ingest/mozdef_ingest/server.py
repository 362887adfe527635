"""Running the ingest service: resolve credentials, open the bus, serve until ``stop``, close the bus."""

from __future__ import annotations

import asyncio
import logging

from mozdef_common.auth import resolve_token
from mozdef_common.bus import open_bus
from mozdef_common.http import serve
from mozdef_ingest.app import create_app
from mozdef_ingest.settings import IngestSettings

log = logging.getLogger(__name__)


def ingest_token(settings: IngestSettings) -> str | None:
    """The token shippers must send, or None when ingest is open (development on loopback only)."""
    if settings.ingest_open:
        log.warning("ingest is open: events are accepted without credentials on %s", settings.bind)
        return None
    configured = settings.ingest_token.get_secret_value() if settings.ingest_token else None
    return resolve_token(
        configured, data_dir=settings.resolved_data_dir, name="ingest-token", environment=settings.environment
    )


async def run(settings: IngestSettings, stop: asyncio.Event, *, ready: asyncio.Event | None = None) -> None:
    """Serve ingest on ``settings.bind:settings.ingest_port`` until ``stop`` is set.

    ``ready`` is set once the port accepts connections. In-flight requests finish (their events
    durable, their answers sent) before the bus is closed.
    """
    token = ingest_token(settings)
    bus = open_bus(settings)
    await bus.start()
    try:
        app = create_app(settings, bus, token=token)
        await serve(app, host=settings.bind, port=settings.ingest_port, stop=stop, ready=ready)
    finally:
        await bus.close()
