"""Real parts for the alerter's tests: the embedded bus, a tantivy store and SQLite state in tmp dirs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mozdef_alerter.dedup import COLLECTION, DedupStore
from mozdef_alerter.metrics import AlerterMetrics
from mozdef_alerter.sink import AlertSink
from mozdef_common import topics
from mozdef_common.bus import Bus, Message, open_bus
from mozdef_common.bus.base import Offsets
from mozdef_common.settings import CommonSettings
from mozdef_common.state import StateStore, open_state_store
from mozdef_common.store import EventStore, open_event_store


@dataclass
class Clock:
    now: datetime = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@dataclass
class Parts:
    bus: Bus
    store: EventStore
    state: StateStore
    sink: AlertSink
    metrics: AlerterMetrics
    clock: Clock


@pytest.fixture
async def parts(tmp_path: Path) -> AsyncIterator[Parts]:
    settings = CommonSettings(data_dir=tmp_path)
    bus = open_bus(settings)
    await bus.start()
    store = open_event_store(settings, writer=True)
    state = open_state_store(settings)
    await state.start()
    metrics = AlerterMetrics()
    clock = Clock()
    sink = AlertSink(DedupStore(state.collection(COLLECTION)), bus.producer(), store, metrics, clock=clock)
    yield Parts(bus, store, state, sink, metrics, clock)
    await state.close()
    await store.close()
    await bus.close()


async def read_topic(
    bus: Bus, expected: int, topic: str = topics.ALERTS, group: str = "test-reader"
) -> list[Message]:
    """What ``group`` has not read yet of ``topic``, waiting for at least ``expected`` messages."""
    consumer = await bus.consumer([topic], group)
    try:
        out: list[Message] = []
        for _ in range(40):
            out += await consumer.getmany(1000, 0.05)
            if len(out) >= expected:
                break
        if out:
            await consumer.commit(Offsets.after(out))
        return out
    finally:
        await consumer.close()


def sample_value(metrics: AlerterMetrics, name: str, rule: str) -> float:
    value = metrics.registry.get_sample_value(name, {"rule": rule})
    return value or 0.0
