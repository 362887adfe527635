"""Replicas of the live-updates endpoint: real uvicorn servers, each with its own ChangeFeed and Hub,
sharing one bus (one embedded data dir, or the tansu Kafka broker)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from mozdef_api.realtime import ChangeFeed, Hub, router
from mozdef_common.accounts import Role
from mozdef_common.bus.base import Bus
from mozdef_common.bus.embedded import EmbeddedBus
from mozdef_common.http import serve
from tests.support.net import free_port


@dataclass(frozen=True)
class Principal:
    name: str
    role: Role


class Tokens:
    """Test double of the authenticator (owned by the accounts work): a fixed token table."""

    TABLE = {
        "alice-token": Principal("alice", Role.ANALYST),
        "bob-token": Principal("bob", Role.VIEWER),
        "carol-token": Principal("carol", Role.ADMIN),
        "shipper-token": Principal("fluentd", Role.SHIPPER),
    }

    async def authenticate_token(self, token: str) -> Principal | None:
        return self.TABLE.get(token)


@dataclass
class Replica:
    url: str
    hub: Hub
    feed: ChangeFeed


Cluster = Callable[..., AbstractAsyncContextManager[Replica]]


@pytest.fixture(params=["embedded", pytest.param("kafka", marks=pytest.mark.kafka)])
def cluster(request: pytest.FixtureRequest, tmp_path: Path) -> Cluster:
    """Starts replicas on one bus: ``async with cluster(**hub_options) as replica``."""
    if request.param == "embedded":
        return _cluster(lambda: EmbeddedBus(tmp_path / "bus"), "mozdef.updates")
    from mozdef_common.bus.kafka import KafkaBus

    bootstrap: str = request.getfixturevalue("kafka_bootstrap")
    return _cluster(
        lambda: KafkaBus(bootstrap, client_id="mozdef-tests", partitions=3, request_timeout_ms=10_000),
        f"test.updates.{uuid.uuid4().hex[:10]}",  # the broker is shared by the session
    )


@pytest.fixture
def local(tmp_path: Path) -> Cluster:
    """Replicas on the embedded bus only, for what does not depend on the bus."""
    return _cluster(lambda: EmbeddedBus(tmp_path / "bus"), "mozdef.updates")


def _cluster(make_bus: Callable[[], Bus], topic: str) -> Cluster:
    @asynccontextmanager
    async def replica(**hub_options: Any) -> AsyncIterator[Replica]:
        bus = make_bus()
        await bus.start()
        hub = Hub(**hub_options)
        feed = ChangeFeed(bus, hub, topic=topic)
        await feed.start()
        app = FastAPI()
        app.include_router(router)
        app.state.hub = hub
        app.state.changes = feed
        app.state.authenticator = Tokens()
        port, stop, ready = free_port(), asyncio.Event(), asyncio.Event()
        server = asyncio.create_task(serve(app, host="127.0.0.1", port=port, stop=stop, ready=ready))
        try:
            await asyncio.wait_for(ready.wait(), 15)
            yield Replica(f"ws://127.0.0.1:{port}/api/v1/ws", hub, feed)
        finally:
            stop.set()
            await asyncio.wait_for(server, 20)
            await feed.close()
            await bus.close()

    return replica
