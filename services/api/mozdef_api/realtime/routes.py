"""``GET /api/v1/ws``: live updates over a WebSocket (protocol: docs/api.md, "Live updates (WebSocket)").

Uses ``app.state.hub`` (:class:`~mozdef_api.realtime.hub.Hub`), ``app.state.changes``
(:class:`~mozdef_api.realtime.feed.ChangeFeed`, for presence) and ``app.state.authenticator``
(:class:`TokenAuthenticator`). Each connection runs two tasks: a sender draining the client's queue
(the only writer to the socket, so frames never interleave) and a receiver handling client frames.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Protocol

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from mozdef_api.realtime import protocol
from mozdef_api.realtime.feed import ChangeFeed
from mozdef_api.realtime.hub import Client, Hub
from mozdef_common.accounts import Role, permits
from mozdef_common.errors import BusError

log = logging.getLogger(__name__)
router = APIRouter()

AUTH_TIMEOUT_S = 10.0
#: How often an open socket's credentials are checked again: a signed-out user, an expired session or
#: a revoked key stops receiving updates within this time (plus the authenticator's cache).
RECHECK_S = 30.0
#: How long a closing sender may take to get its close frame past a client that does not read.
CLOSE_GRACE_S = 5.0
#: Presence targets one connection may hold at once.
MAX_TARGETS = 100
#: A presence re-sent with the same state within this long is fresh already: not re-published.
PRESENCE_REFRESH_S = 10.0
UNAUTHORIZED = 4401
FORBIDDEN = 4403


class Principal(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def role(self) -> Role | str: ...


class TokenAuthenticator(Protocol):
    """``app.state.authenticator``: who a session token or API key belongs to, or None."""

    async def authenticate_token(self, token: str) -> Principal | None: ...


@router.websocket("/api/v1/ws")
async def live_updates(websocket: WebSocket) -> None:
    hub: Hub = websocket.app.state.hub
    feed: ChangeFeed = websocket.app.state.changes
    await websocket.accept()
    try:
        auth = await _authenticate(websocket)
    except WebSocketDisconnect:
        return
    if auth is None:
        return
    principal, token, after = auth
    client = hub.connect(principal.name, str(principal.role), after=after)
    sender = asyncio.create_task(_send(websocket, client))
    receiver = asyncio.create_task(_receive(websocket, client, hub, feed))
    kicked = asyncio.create_task(client.closed.wait())
    watcher = asyncio.create_task(_recheck(websocket.app.state.authenticator, token, client, hub))
    try:
        await asyncio.wait({sender, receiver, kicked}, return_when=asyncio.FIRST_COMPLETED)
        if kicked.done() and not sender.done():
            await asyncio.wait({sender}, timeout=CLOSE_GRACE_S)
    finally:
        for task in (sender, receiver, kicked, watcher):
            task.cancel()
        await asyncio.gather(sender, receiver, kicked, watcher, return_exceptions=True)
        hub.disconnect(client)
        if client.targets:  # a closed socket leaves its targets at once, on every replica
            left = [(target, "left") for target in client.targets]
            with contextlib.suppress(BusError):
                await feed.publish_presence(client.id, client.user, left)


async def _recheck(authenticator: TokenAuthenticator, token: str, client: Client, hub: Hub) -> None:
    """Close the socket once its credentials no longer let it read (signed out, expired, revoked)."""
    while True:
        await asyncio.sleep(RECHECK_S)
        try:
            principal = await authenticator.authenticate_token(token)
        except Exception:  # the state store is down: keep serving what was allowed, check again later
            log.warning("live updates: credentials could not be checked again; keeping the socket")
            continue
        if principal is None or not permits(principal.role, "read"):
            hub.close(client, UNAUTHORIZED, "credentials expired or revoked: sign in again")
            return


async def _authenticate(websocket: WebSocket) -> tuple[Principal, str, int | None] | None:
    """The principal, its token and the ``after`` it asked for; None once refused and closed."""
    token = websocket.query_params.get("token")
    after: int | None = None
    if "after" in websocket.query_params:
        try:
            after = int(websocket.query_params["after"])
        except ValueError:
            await websocket.send_text(protocol.error_frame("'after' is not an integer seq: ignored"))
    if not token:
        try:
            message = await asyncio.wait_for(websocket.receive(), AUTH_TIMEOUT_S)
        except TimeoutError:
            await _refuse(websocket, UNAUTHORIZED, f"no credentials within {AUTH_TIMEOUT_S:.0f} s")
            return None
        if message["type"] == "websocket.disconnect":
            return None
        try:
            frame = protocol.parse_client_frame(message.get("text") or "")
        except protocol.FrameError as exc:
            await _refuse(websocket, UNAUTHORIZED, f"authenticate first: {exc}")
            return None
        if not isinstance(frame, protocol.Auth):
            await _refuse(websocket, UNAUTHORIZED, "authenticate first: send an 'auth' frame")
            return None
        token, after = frame.token, frame.after if frame.after is not None else after
    authenticator: TokenAuthenticator = websocket.app.state.authenticator
    try:
        principal = await authenticator.authenticate_token(token)
    except Exception:  # the state store is down, say: tell the client rather than drop it silently
        log.exception("live updates: authentication failed")
        await _refuse(websocket, 1011, "authentication unavailable, try again later")
        return None
    if principal is None:
        await _refuse(websocket, UNAUTHORIZED, "invalid or expired credentials")
        return None
    if not permits(principal.role, "read"):
        await _refuse(websocket, FORBIDDEN, f"role {principal.role!s} may not read")
        return None
    return principal, token, after


async def _refuse(websocket: WebSocket, code: int, reason: str) -> None:
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        await websocket.send_text(protocol.error_frame(reason))
        await websocket.close(code, reason[:120])  # a close reason fits in 123 bytes


async def _send(websocket: WebSocket, client: Client) -> None:
    try:
        while True:
            item = await client.queue.get()
            if item is None:
                code, reason = client.closing or (1000, "")
                await websocket.close(code, reason[:120])
                return
            for frame in [item] if isinstance(item, str) else item:
                await websocket.send_text(frame)
    except (WebSocketDisconnect, RuntimeError):
        return  # the client went away; the receiver sees it too


async def _receive(websocket: WebSocket, client: Client, hub: Hub, feed: ChangeFeed) -> None:
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        text = message.get("text")
        if text is None:
            hub.send(client, protocol.error_frame("binary frames are not accepted: send JSON text"))
            continue
        try:
            frame = protocol.parse_client_frame(text)
        except protocol.FrameError as exc:
            hub.send(client, protocol.error_frame(str(exc)))
            continue
        if isinstance(frame, protocol.Ping):
            hub.send(client, protocol.PONG)
        elif isinstance(frame, protocol.Resume):
            hub.resume(client, frame.after)
        elif isinstance(frame, protocol.Presence):
            await _presence(client, hub, feed, frame)
        else:
            hub.send(client, protocol.error_frame("already authenticated"))


async def _presence(client: Client, hub: Hub, feed: ChangeFeed, frame: protocol.Presence) -> None:
    now = asyncio.get_running_loop().time()
    previous = client.targets.get(frame.target)
    if frame.state == "left":
        if previous is None:
            return
        del client.targets[frame.target]
    else:
        if previous is None and len(client.targets) >= MAX_TARGETS:
            hub.send(client, protocol.error_frame(f"at most {MAX_TARGETS} presence targets per connection"))
            return
        if previous is not None and previous[0] == frame.state and now - previous[1] < PRESENCE_REFRESH_S:
            return
        client.targets[frame.target] = (frame.state, now)
    try:
        await feed.publish_presence(client.id, client.user, [(frame.target, frame.state)])
    except BusError as exc:
        hub.send(client, protocol.error_frame(f"presence not shared: {exc}"))
