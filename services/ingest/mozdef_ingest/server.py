"""Running the ingest service: open the bus and the state store (shipper keys), serve, close both."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from mozdef_common.accounts import ApiKeys, CachedKeys
from mozdef_common.bus import open_bus
from mozdef_common.http import serve
from mozdef_common.state import StateStore, open_state_store
from mozdef_ingest.app import create_app
from mozdef_ingest.settings import IngestSettings

log = logging.getLogger(__name__)


async def run(settings: IngestSettings, stop: asyncio.Event, *, ready: asyncio.Event | None = None) -> None:
    """Serve ingest on ``settings.bind:settings.ingest_port`` until ``stop`` is set.

    ``ready`` is set once the port accepts connections. In-flight requests finish (their events
    durable, their answers sent) before the bus is closed.
    """
    state: StateStore | None = None
    keys: CachedKeys | None = None
    if settings.ingest_open:
        log.warning("ingest is open: events are accepted without credentials on %s", settings.bind)
    else:
        state = open_state_store(settings)
        await state.start()
        keys = CachedKeys(ApiKeys(state), ttl=settings.ingest_key_cache_s)
    try:
        bus = open_bus(settings)
        await bus.start()
        try:
            app = create_app(settings, bus, keys=keys)
            await serve(app, host=settings.bind, port=settings.ingest_port, stop=stop, ready=ready)
        finally:
            await bus.close()
    finally:
        if state is not None:
            with contextlib.suppress(Exception):  # closing must not hide what stopped the server
                await state.close()
