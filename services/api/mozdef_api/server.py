"""Running the api service: open the stores and the bus, serve the app, stop cleanly.

Start order: stores and bus, indexes, the change feed (so the first answer can already be followed
live), the alert consumer, then the port. Stop order is the reverse, once uvicorn has finished the
requests in flight and closed the WebSockets.
"""

from __future__ import annotations

import asyncio
import logging

from mozdef_api import alerts, audit, cases
from mozdef_api.alerts import AlertConsumer
from mozdef_api.app import create_app
from mozdef_api.attackers import AttackerConsumer
from mozdef_api.realtime import ChangeFeed, Hub, RealtimeMetrics
from mozdef_api.settings import ApiSettings, checkout_web_dist
from mozdef_common.bus import open_bus
from mozdef_common.http import serve
from mozdef_common.state import open_state_store
from mozdef_common.store import open_event_store
from mozdef_common.telemetry import StageMetrics

log = logging.getLogger(__name__)


async def run(settings: ApiSettings, stop: asyncio.Event, *, ready: asyncio.Event | None = None) -> None:
    """Serve the api on ``settings.bind:settings.api_port`` until ``stop`` is set.

    Callers authenticate with sign-in sessions and API keys kept in the state store: there is no
    service-wide secret to configure.
    """
    store = open_event_store(settings)
    state = open_state_store(settings)
    bus = open_bus(settings)
    await state.start()
    await bus.start()
    try:
        await alerts.prepare(state)
        await cases.prepare(state)
        await audit.prepare(state)
        metrics = StageMetrics("api")
        hub = Hub(
            buffer_size=settings.ws_buffer_size,
            client_queue=settings.ws_client_queue,
            metrics=RealtimeMetrics(metrics.registry),
        )
        feed = ChangeFeed(bus, hub)
        await feed.start()
        try:
            web = settings.web_dir or checkout_web_dist()
            app = create_app(settings, store, state, changes=feed, hub=hub, metrics=metrics, web_dist=web)
            app.state.bus = bus  # the health answer reads the pipeline's lag on it
            consumer = AlertConsumer(app, bus)
            await consumer.start()
            attacker_consumer = AttackerConsumer(app, bus)
            try:
                await attacker_consumer.start()
                if settings.oidc_enabled:
                    log.info("OpenID Connect sign-in through %s", settings.oidc_issuer)
                await serve(app, host=settings.bind, port=settings.api_port, stop=stop, ready=ready)
            finally:
                await attacker_consumer.close()
                await consumer.close()
        finally:
            await feed.close()
    finally:
        await bus.close()
        await state.close()
        await store.close()
