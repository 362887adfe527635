"""A client that does not read is disconnected with 1013; the others get every change meanwhile."""

from __future__ import annotations

import asyncio
import socket
from urllib.parse import urlsplit

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests.api.realtime.conftest import Cluster
from tests.api.realtime.helpers import change, hello, open_client, recv, until

CHANGES = 150
PAYLOAD = "x" * 128 * 1024  # 19 MB in all: more than the socket buffers hold


async def open_stalled_client(url: str) -> ClientConnection:
    """A client with tiny buffers that reads nothing until told: the server's sends block."""
    parts = urlsplit(url)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connect: caps the TCP window
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, (parts.hostname, parts.port))
    return await connect(
        f"{url}?token=bob-token",
        sock=sock,
        max_queue=1,
        compression=None,  # the payloads compress to nothing: keep them full size on the wire
        open_timeout=10,
        close_timeout=2,
    )


async def drain(ws: ClientConnection) -> None:
    """Read until the connection closes (bounded: the caller waits with a timeout)."""
    while True:
        await ws.recv()


async def test_a_slow_client_is_closed_with_1013_and_the_others_keep_up(local: Cluster) -> None:
    async with local(client_queue=32) as a:
        fast = await open_client(a.url, max_size=None)
        slow = await open_stalled_client(a.url)
        try:
            await hello(fast)
            await until(lambda: a.hub.clients == 2)
            received = 0

            async def read_fast() -> None:
                nonlocal received
                while received < CHANGES:
                    if (await recv(fast, 10.0))["type"] == "change":
                        received += 1

            reader = asyncio.create_task(read_fast())
            for n in range(CHANGES):
                await a.feed.publish(change(n, data={"pad": PAYLOAD}))
            await asyncio.wait_for(reader, 30)
            assert received == CHANGES
            await until(lambda: a.hub.clients == 1)  # the slow one was dropped
            assert a.hub.metrics.registry.get_sample_value("mozdef_ws_slow_disconnects_total") == 1

            # Now it reads: what was already on the wire, then the close frame.
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(drain(slow), 30)
            assert closed.value.rcvd is not None
            assert closed.value.rcvd.code == 1013
            assert closed.value.rcvd.reason.startswith("too slow")
        finally:
            await fast.close()
            await slow.close()
