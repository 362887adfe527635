"""The alert tests' fixtures: the real app on a real SQLite state store, the real embedded bus."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from mozdef_api.alerts.consumer import AlertConsumer
from mozdef_api.settings import ApiSettings
from mozdef_common import topics
from mozdef_common.bus import Bus, Message, Record, open_bus
from mozdef_common.event import utc_iso
from tests.support.api import Api, running_api

NOW = datetime.now(UTC)
_ids = itertools.count(1)


def ago(minutes: float) -> str:
    return utc_iso(NOW - timedelta(minutes=minutes))


def make_alert(**overrides: Any) -> dict[str, Any]:
    """An alert as the alerter publishes it; every field overridable."""
    n = next(_ids)
    alert: dict[str, Any] = {
        "id": f"alert-{n:05d}",
        "utctimestamp": ago(5),
        "summary": f"ssh brute force from 10.0.0.{n % 250}",
        "category": "bruteforce",
        "severity": "WARNING",
        "tags": ["ssh"],
        "rule_id": "ssh-bruteforce",
        "events": [{"id": f"ev-{n}-1"}, {"id": f"ev-{n}-2"}],
        "event_count": 2,
        "last_seen": ago(5),
    }
    alert.update(overrides)
    return alert


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    async with running_api(ApiSettings(data_dir=tmp_path)) as running:
        yield running


@pytest.fixture
async def bus(tmp_path: Path) -> AsyncIterator[Bus]:
    bus = open_bus(ApiSettings(data_dir=tmp_path))
    await bus.start()
    yield bus
    await bus.close()


async def publish(bus: Bus, values: Iterable[dict[str, Any] | bytes], topic: str = topics.ALERTS) -> None:
    records = [Record(v if isinstance(v, bytes) else orjson.dumps(v)) for v in values]
    await bus.producer().send_batch(topic, records)


async def store_alerts(api: Api, bus: Bus, alerts: Iterable[dict[str, Any]]) -> None:
    """Store alerts through the consumer's own batch handler, without waiting on a bus read."""
    consumer = AlertConsumer(api.app, bus)
    messages = [
        Message(topic=topics.ALERTS, partition=0, offset=i, value=orjson.dumps(a))
        for i, a in enumerate(alerts)
    ]
    await consumer.handle(messages)


async def read_topic(bus: Bus, topic: str, expected: int, group: str = "test-reader") -> list[Message]:
    consumer = await bus.consumer([topic], group)
    try:
        out: list[Message] = []
        for _ in range(100):
            out += await consumer.getmany(1000, 0.1)
            if len(out) >= expected:
                break
        return out
    finally:
        await consumer.close()


async def wait_for(predicate: Any, timeout_s: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not await predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(0.05)
