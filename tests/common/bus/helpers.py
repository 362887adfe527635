"""Helpers shared by the bus tests."""

from __future__ import annotations

import asyncio

from mozdef_common.bus.base import Consumer, Message


async def drain(
    consumer: Consumer, count: int, *, timeout_s: float = 15.0, batch: int = 1000
) -> list[Message]:
    """Read until ``count`` messages arrived or ``timeout_s`` passed; return what arrived."""
    out: list[Message] = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while len(out) < count and loop.time() < deadline:
        out.extend(await consumer.getmany(min(batch, count - len(out)), 0.2))
    return out
