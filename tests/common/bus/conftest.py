"""One behaviour suite for every bus: the ``bus`` fixture runs each test on the embedded log and on Kafka."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from mozdef_common.bus.base import Bus
from mozdef_common.bus.embedded import EmbeddedBus


@pytest.fixture(params=["embedded", pytest.param("kafka", marks=pytest.mark.kafka)])
async def bus(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Bus]:
    instance: Bus
    if request.param == "embedded":
        instance = EmbeddedBus(tmp_path / "bus", max_bytes=64 * 1024 * 1024)
    else:
        from mozdef_common.bus.kafka import KafkaBus

        bootstrap: str = request.getfixturevalue("kafka_bootstrap")
        instance = KafkaBus(
            bootstrap,
            client_id="mozdef-tests",
            partitions=3,
            request_timeout_ms=10_000,
            session_timeout_ms=2000,  # tansu accepts short sessions: quicker joins
            heartbeat_interval_ms=300,
        )
    await instance.start()
    try:
        yield instance
    finally:
        await instance.close()


@pytest.fixture
def unique() -> Callable[[str], str]:
    """Topic and group names no other test uses (the Kafka broker is shared by the session)."""
    suffix = uuid.uuid4().hex[:10]
    return lambda name: f"test.{name}.{suffix}"
