"""Archive fixtures: a real tantivy store in a temporary folder with events over several past days."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from mozdef_common.archive import Archiver
from mozdef_common.event import utc_iso
from mozdef_common.store.tantivy_store import TantivyEventStore
from tests.support.events import make_event

#: A fixed "now": the days below are all over.
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
DAYS = [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)]
PER_DAY = 120


def events_of(day: date, n: int = PER_DAY) -> list[dict[str, object]]:
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return [
        make_event(
            id=f"{day:%Y%m%d}-{i:04d}",
            # Spread over the day, several sharing one timestamp (pages must still be exact).
            utctimestamp=utc_iso(start + timedelta(minutes=(i // 3) * 7)),
            summary=f"login failed for user{i}",
            details={"sourceipaddress": f"10.0.{i % 7}.{i % 200}", "n": i},
        )
        for i in range(n)
    ]


@dataclass
class Setup:
    store: TantivyEventStore
    archiver: Archiver
    root: Path
    folder: Path


@pytest.fixture
async def setup(tmp_path: Path) -> AsyncIterator[Setup]:
    store = TantivyEventStore(tmp_path / "events", writer=True, heap_bytes=15_000_000)
    for day in DAYS:
        await store.write("events", events_of(day))
    await store.write("alerts", [make_event(id="alert-1", utctimestamp="2026-03-02T08:00:00.000000+00:00")])
    folder = tmp_path / "archive"
    try:
        yield Setup(store, Archiver(store, folder, clock=lambda: NOW), tmp_path / "events", folder)
    finally:
        await store.close()
