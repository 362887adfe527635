"""Client frames: ping, and malformed frames answered with an error naming the fault, socket kept open."""

from __future__ import annotations

import pytest

from tests.api.realtime.conftest import Cluster
from tests.api.realtime.helpers import hello, open_client, recv


async def test_ping_gets_pong(local: Cluster) -> None:
    async with local() as a:
        ws = await open_client(a.url)
        try:
            await hello(ws)
            await ws.send('{"type": "ping"}')
            assert await recv(ws) == {"type": "pong"}
        finally:
            await ws.close()


@pytest.mark.parametrize(
    ("frame", "why"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "a frame is a JSON object with a 'type'"),
        ('{"kind": "ping"}', "a frame is a JSON object with a 'type'"),
        ('{"type": "subscribe"}', "unknown frame type 'subscribe'"),
        ('{"type": "resume"}', "'resume' needs 'after'"),
        ('{"type": "resume", "after": "12"}', "'resume' needs 'after' as an integer seq"),
        ('{"type": "resume", "after": true}', "'resume' needs 'after' as an integer seq"),
        ('{"type": "presence", "target": "server/1", "state": "viewing"}', "'presence' needs a 'target'"),
        ('{"type": "presence", "target": "incident/1", "state": "typing"}', "'presence' needs a 'state'"),
        ('{"type": "auth", "token": "alice-token"}', "already authenticated"),
        (b"\x00binary", "binary frames are not accepted"),
        ('{"type": "ping", "pad": "' + "x" * 20_000 + '"}', "frame too large"),
    ],
)
async def test_malformed_frames_get_an_error_and_the_socket_stays_open(
    local: Cluster, frame: str | bytes, why: str
) -> None:
    async with local() as a:
        ws = await open_client(a.url)
        try:
            await hello(ws)
            await ws.send(frame)
            error = await recv(ws)
            assert error["type"] == "error"
            assert error["reason"].startswith(why), error
            await ws.send('{"type": "ping"}')
            assert await recv(ws) == {"type": "pong"}
        finally:
            await ws.close()
