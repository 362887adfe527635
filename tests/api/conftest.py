"""The api's fixtures: the real app over ASGI, a real tantivy store and a real SQLite state store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from mozdef_api.settings import ApiSettings
from mozdef_common.event import utc_iso
from mozdef_common.store import open_event_store
from tests.support.api import Api, running_api
from tests.support.events import make_event

NOW = datetime.now(UTC)


def at(minutes_ago: int) -> str:
    return utc_iso(NOW - timedelta(minutes=minutes_ago))


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    """The app over three events and one dead letter, on real tantivy and SQLite stores."""
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
    async with running_api(settings) as running:
        yield running


@pytest.fixture
async def client(api: Api) -> httpx.AsyncClient:
    """A client signed in as an analyst."""
    return await api.client("analyst")
