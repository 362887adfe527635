"""Health over the real app, a real tantivy store and a real SQLite state store, empty or busy."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from mozdef_api.settings import ApiSettings
from mozdef_common.deadletter import deadletter_record
from mozdef_common.event import utc_iso
from mozdef_common.store import open_event_store
from mozdef_common.types import Event
from tests.support.api import Api, running_api
from tests.support.events import make_event

Seed = Callable[[], list[Event]]


def ago(**delta: float) -> str:
    return utc_iso(datetime.now(UTC) - timedelta(**delta))


def events(n: int, **age: float) -> list[Event]:
    stamp = ago(**age)
    return [make_event(utctimestamp=stamp, hostname=f"web{i % 3}") for i in range(n)]


def deadletters(n: int) -> list[Event]:
    """Dead letters as the stages make them (dead-lettered now, the original received now too)."""
    return [
        orjson.loads(deadletter_record(stage="enrich", reason="not JSON", raw=b"{").value) for _ in range(n)
    ]


async def write(settings: ApiSettings, family: str, batch: list[Event]) -> None:
    writer = open_event_store(settings, writer=True)
    try:
        result = await writer.write(family, batch)
        assert not result.failed
    finally:
        await writer.close()


@pytest.fixture
def settings(tmp_path: Path) -> ApiSettings:
    return ApiSettings(data_dir=tmp_path)


@pytest.fixture
async def api(settings: ApiSettings) -> AsyncIterator[Api]:
    async with running_api(settings) as running:
        yield running
