"""Who may connect: a token in the URL or a first auth frame, refused with 4401 or 4403."""

from __future__ import annotations

import asyncio

import pytest
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from mozdef_api.realtime import routes
from mozdef_common.accounts import Role
from tests.api.realtime.conftest import Cluster, Principal, Tokens
from tests.api.realtime.helpers import hello, open_client, recv


async def refused(ws: ClientConnection) -> tuple[dict[str, object], int, str]:
    """The error frame, then the close code and reason."""
    error = await recv(ws)
    with pytest.raises(ConnectionClosed) as closed:
        await recv(ws)
    assert closed.value.rcvd is not None
    return error, closed.value.rcvd.code, closed.value.rcvd.reason


async def test_token_in_the_url(local: Cluster) -> None:
    async with local() as a:
        ws = await open_client(a.url, "bob-token")
        try:
            assert await hello(ws) == {"type": "hello", "user": "bob", "role": "viewer", "seq": a.hub.latest}
        finally:
            await ws.close()


async def test_token_in_a_first_auth_frame(local: Cluster) -> None:
    async with local() as a:
        ws = await open_client(a.url, None)
        try:
            await ws.send('{"type": "auth", "token": "carol-token"}')
            assert (await hello(ws))["role"] == "admin"
        finally:
            await ws.close()


@pytest.mark.parametrize(
    ("token", "first", "code", "why"),
    [
        ("nope", None, 4401, "invalid or expired credentials"),
        (None, '{"type": "auth", "token": "nope"}', 4401, "invalid or expired credentials"),
        (None, '{"type": "ping"}', 4401, "authenticate first"),
        (None, "not json", 4401, "authenticate first: not JSON"),
        ("shipper-token", None, 4403, "role shipper may not read"),
        (None, '{"type": "auth", "token": "shipper-token"}', 4403, "role shipper may not read"),
    ],
)
async def test_refusals(local: Cluster, token: str | None, first: str | None, code: int, why: str) -> None:
    async with local() as a:
        ws = await open_client(a.url, token)
        try:
            if first is not None:
                await ws.send(first)
            error, got_code, reason = await refused(ws)
        finally:
            await ws.close()
        assert error["type"] == "error"
        assert str(error["reason"]).startswith(why)
        assert got_code == code
        assert reason.startswith(why)
        assert a.hub.clients == 0


async def test_no_credentials_in_time(local: Cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(routes, "AUTH_TIMEOUT_S", 0.3)
    async with local() as a:
        ws = await open_client(a.url, None)
        try:
            error, code, _ = await refused(ws)
        finally:
            await ws.close()
    assert code == 4401
    assert "no credentials" in str(error["reason"])


async def test_a_socket_whose_credentials_end_is_closed(
    local: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(routes, "RECHECK_S", 0.2)
    monkeypatch.setitem(Tokens.TABLE, "dave-token", Principal("dave", Role.ANALYST))
    async with local() as a:
        ws = await open_client(a.url, "dave-token")
        try:
            await hello(ws)
            await asyncio.sleep(0.5)  # checked again meanwhile, and kept
            assert a.hub.clients == 1
            del Tokens.TABLE["dave-token"]  # signed out, expired or revoked
            await asyncio.wait_for(ws.wait_closed(), 5)
        finally:
            await ws.close()
    assert ws.close_code == 4401
    assert "sign in again" in (ws.close_reason or "")
