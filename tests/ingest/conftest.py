"""Ingest fixtures: the real embedded bus in a temporary data dir, the app over ASGI, a live server."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from mozdef_common import topics
from mozdef_common.bus import Bus, Message, open_bus
from mozdef_ingest.app import create_app
from mozdef_ingest.server import run
from mozdef_ingest.settings import IngestSettings
from tests.support.net import free_port


def make_settings(data_dir: Path, **overrides: Any) -> IngestSettings:
    return IngestSettings(data_dir=data_dir, **overrides)


@pytest.fixture
def settings(tmp_path: Path) -> IngestSettings:
    return make_settings(tmp_path)


@pytest.fixture
async def bus(settings: IngestSettings) -> AsyncIterator[Bus]:
    bus = open_bus(settings)
    await bus.start()
    yield bus
    await bus.close()


@pytest.fixture
async def client(settings: IngestSettings, bus: Bus) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, bus, keys=None)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://ingest") as c:
        yield c


async def read_raw(bus: Bus, expected: int, *, group: str = "test", timeout_s: float = 5.0) -> list[Message]:
    """What landed on ``mozdef.raw``, read by a real consumer (``expected`` messages, then a bit more)."""
    consumer = await bus.consumer([topics.RAW], group)
    messages: list[Message] = []
    try:
        deadline = asyncio.get_running_loop().time() + timeout_s
        while asyncio.get_running_loop().time() < deadline:
            batch = await consumer.getmany(10_000, 0.2)
            messages.extend(batch)
            if len(messages) >= expected and not batch:
                break
    finally:
        await consumer.close()
    return messages


def header(message: Message, name: str) -> str | None:
    value = message.header(name)
    return None if value is None else value.decode()


@pytest.fixture
async def live_server(tmp_path: Path) -> AsyncIterator[Callable[..., Any]]:
    """Starts ``run()`` (real uvicorn, real bus) on a free loopback port; yields a starter."""
    stops: list[tuple[asyncio.Event, asyncio.Task[None]]] = []

    async def start(**overrides: Any) -> tuple[str, IngestSettings]:
        overrides.setdefault("ingest_open", True)
        settings = make_settings(tmp_path, ingest_port=free_port(), **overrides)
        stop, ready = asyncio.Event(), asyncio.Event()
        task = asyncio.create_task(run(settings, stop, ready=ready))
        stops.append((stop, task))
        waiter = asyncio.create_task(ready.wait())
        await asyncio.wait({task, waiter}, timeout=15, return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        if task.done():
            task.result()  # raises what stopped it
        assert ready.is_set(), "the ingest server did not become ready"
        return f"http://127.0.0.1:{settings.ingest_port}", settings

    yield start
    for stop, task in stops:
        stop.set()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 30)
