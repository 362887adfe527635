"""WebSocket client helpers for the live-updates tests (the ``websockets`` library, bounded waits)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import orjson
from websockets.asyncio.client import ClientConnection, connect

from mozdef_api.changes import Change
from mozdef_api.realtime.hub import Hub

ALICE = "alice-token"


async def open_client(url: str, token: str | None = ALICE, **options: Any) -> ClientConnection:
    target = url if token is None else f"{url}?token={token}"
    return await connect(target, open_timeout=10, close_timeout=2, **options)


async def recv(ws: ClientConnection, timeout_s: float = 3.0) -> dict[str, Any]:
    frame = await asyncio.wait_for(ws.recv(), timeout_s)
    value = orjson.loads(frame)
    assert isinstance(value, dict)
    return value


async def recv_type(ws: ClientConnection, kind: str, timeout_s: float = 3.0) -> dict[str, Any]:
    """The next frame of type ``kind``, skipping others (presence snapshots, say) until ``timeout_s``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while True:
        frame = await recv(ws, max(0.01, deadline - loop.time()))
        if frame["type"] == kind:
            return frame


async def nothing_more(ws: ClientConnection, kind: str = "change", wait_s: float = 0.4) -> None:
    """Assert no frame of type ``kind`` arrives within ``wait_s``."""
    try:
        frame = await recv_type(ws, kind, wait_s)
    except TimeoutError:
        return
    raise AssertionError(f"unexpected frame {frame}")


async def hello(ws: ClientConnection) -> dict[str, Any]:
    frame = await recv(ws)
    assert frame["type"] == "hello", frame
    return frame


async def until(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not condition():
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


async def caught_up(hub: Hub, seq: int) -> None:
    await until(lambda: hub.latest >= seq)


def change(n: int, **fields: Any) -> Change:
    values: dict[str, Any] = {
        "entity": "incident",
        "op": "updated",
        "id": f"inc-{n}",
        "version": n,
        "actor": "alice",
        "data": {"title": f"incident {n}"},
    }
    values.update(fields)
    return Change(**values)
