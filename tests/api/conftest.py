"""The api's fixtures: the real app over ASGI, a real tantivy store and a real SQLite state store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from mozdef_api.app import create_app
from mozdef_api.settings import ApiSettings
from mozdef_common.event import utc_iso
from mozdef_common.state import open_state_store
from mozdef_common.store import open_event_store
from tests.support.events import make_event

TOKEN = "search-test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NOW = datetime.now(UTC)


def at(minutes_ago: int) -> str:
    return utc_iso(NOW - timedelta(minutes=minutes_ago))


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = ApiSettings(data_dir=tmp_path)
    writer = open_event_store(settings, writer=True)
    await writer.write(
        "events",
        [
            make_event(id="old", utctimestamp=at(120), hostname="web1", summary="Failed login for bob"),
            make_event(id="mid", utctimestamp=at(30), hostname="web1", details={"port": 22}),
            make_event(id="new", utctimestamp=at(1), hostname="web2", details={"port": 443}),
        ],
    )
    await writer.write("deadletter", [make_event(id="dl", utctimestamp=at(1), category="deadletter")])
    await writer.close()
    store = open_event_store(settings)
    state = open_state_store(settings)
    await state.start()
    app = create_app(settings, store, state, token=TOKEN)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://api") as c:
        yield c
    await state.close()
    await store.close()
