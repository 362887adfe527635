"""The api service in a test: the real app over ASGI on real stores, and a signed-in client per role."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from fastapi import FastAPI

from mozdef_api.app import create_app
from mozdef_api.realtime import ChangeFeed
from mozdef_api.settings import ApiSettings
from mozdef_common.accounts import ApiKeys, Role
from mozdef_common.state import StateStore, open_state_store
from mozdef_common.store import EventStore, open_event_store


async def key_for(state: StateStore, role: Role | str, name: str | None = None) -> str:
    """A new API key with ``role``, as its plaintext."""
    _, plaintext = await ApiKeys(state).create_key(name or f"test-{role}", role)
    return plaintext


@dataclass
class Api:
    app: FastAPI
    settings: ApiSettings
    store: EventStore
    state: StateStore
    stack: AsyncExitStack = field(default_factory=AsyncExitStack)

    async def client(self, role: Role | str | None, *, name: str | None = None) -> httpx.AsyncClient:
        """A client of the app sending a new key of ``role`` (None: anonymous)."""
        headers = {}
        if role is not None:
            headers["Authorization"] = f"Bearer {await key_for(self.state, role, name)}"
        transport = httpx.ASGITransport(app=self.app)
        client = httpx.AsyncClient(transport=transport, base_url="http://api", headers=headers)
        return await self.stack.enter_async_context(client)


@asynccontextmanager
async def running_api(
    settings: ApiSettings, *, changes: ChangeFeed | None = None, web_dist: Path | None = None
) -> AsyncIterator[Api]:
    """The app on the stores ``settings`` name, closed (with every client it gave) on exit."""
    store = open_event_store(settings)
    state = open_state_store(settings)
    await state.start()
    api = Api(create_app(settings, store, state, changes=changes, web_dist=web_dist), settings, store, state)
    try:
        async with api.stack:
            yield api
    finally:
        await state.close()
        await store.close()
