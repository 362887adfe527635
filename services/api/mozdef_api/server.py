"""Running the api service: open the store, serve the app, stop cleanly."""

from __future__ import annotations

import asyncio
import logging

from mozdef_api.app import create_app
from mozdef_api.settings import ApiSettings
from mozdef_common.auth import resolve_token
from mozdef_common.http import serve
from mozdef_common.state import open_state_store
from mozdef_common.store import open_event_store

log = logging.getLogger(__name__)


async def run(settings: ApiSettings, stop: asyncio.Event, *, ready: asyncio.Event | None = None) -> None:
    token = resolve_token(
        settings.api_token.get_secret_value() if settings.api_token else None,
        data_dir=settings.resolved_data_dir,
        name="api-token",
        environment=settings.environment,
    )
    store = open_event_store(settings)
    state = open_state_store(settings)
    await state.start()
    try:
        app = create_app(settings, store, state, token=token)
        await serve(app, host=settings.bind, port=settings.api_port, stop=stop, ready=ready)
    finally:
        await state.close()
        await store.close()
