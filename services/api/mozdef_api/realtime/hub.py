"""The WebSocket clients of this replica, and the recent changes they may resume from.

Everything here runs on the event loop without awaiting, so a change read from the bus, a client's
resume and a client's arrival never interleave: a replay and the live changes after it have no gap and
no duplicate, whatever arrives meanwhile.

* The ring buffer keeps the last ``buffer_size`` changes by ``seq`` (the offset on the updates topic,
  the same on every replica). ``floor`` is the seq after which the buffer holds every change: None until
  the first message is read, then the seq before it, then the seq of the last change evicted.
* Each client has a bounded queue. A client whose queue is full is too slow: its queue is dropped and
  it is closed with 1013 ("try again later"); it resumes on reconnect. The others never wait for it.
* Per connection, ``low < seq <= last`` is the range of changes already queued: a resume replays only
  what is older than that range, and live changes skip what the client said it has.
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections import deque
from dataclasses import dataclass, field

from mozdef_api.realtime import protocol
from mozdef_api.realtime.metrics import RealtimeMetrics
from mozdef_api.realtime.presence import PresenceBoard

#: Close code for a client that could not keep up (RFC 6455 "Try Again Later").
SLOW_CLIENT = 1013

#: A queued item: one frame, a replay (several frames in order), or None: close the connection.
Item = str | list[str] | None


@dataclass(eq=False, slots=True)
class Client:
    """One WebSocket connection on this replica."""

    id: str
    user: str
    role: str
    queue: asyncio.Queue[Item]
    low: int
    last: int
    #: Presence this connection shared: target → (state, loop time it was last published).
    targets: dict[str, tuple[str, float]] = field(default_factory=dict)
    #: ``(code, reason)`` once the hub decided to close it; ``closed`` is set at the same time.
    closing: tuple[int, str] | None = None
    closed: asyncio.Event = field(default_factory=asyncio.Event)


class Hub:
    def __init__(
        self,
        *,
        buffer_size: int = 10_000,
        client_queue: int = 1_000,
        presence_ttl_s: float = 60.0,
        metrics: RealtimeMetrics | None = None,
    ) -> None:
        self.replica = uuid.uuid4().hex[:12]
        self.client_queue = client_queue
        self.metrics = metrics or RealtimeMetrics()
        self.presence = PresenceBoard(ttl_s=presence_ttl_s)
        self.latest = -1
        self.floor: int | None = None
        #: Set once ``floor`` is known: from then on, resumes can be answered.
        self.anchored = asyncio.Event()
        self._buffer: deque[tuple[int, str]] = deque(maxlen=buffer_size)
        self._clients: dict[str, Client] = {}
        self._ids = itertools.count(1)

    @property
    def clients(self) -> int:
        return len(self._clients)

    # -- clients -----------------------------------------------------------------------------------

    def connect(self, user: str, role: str, *, after: int | None = None) -> Client:
        """Register a client; its queue starts with hello, the resume asked for, and current presence."""
        client = Client(
            id=f"{self.replica}/{next(self._ids)}",
            user=user,
            role=role,
            queue=asyncio.Queue(self.client_queue),
            low=self.latest,
            last=self.latest,
        )
        self._clients[client.id] = client
        self.metrics.clients.set(len(self._clients))
        self.send(client, protocol.hello_frame(user, role, self.latest))
        if after is not None:
            self.resume(client, after)
        for target in self.presence.targets():
            self.send(client, protocol.presence_frame(target, self.presence.users(target)))
        return client

    def disconnect(self, client: Client) -> None:
        if self._clients.pop(client.id, None) is not None:
            self.metrics.clients.set(len(self._clients))

    def send(self, client: Client, item: str | list[str]) -> None:
        """Queue ``item`` for ``client``, or close it as too slow if its queue is full."""
        if client.closing is not None:
            return
        try:
            client.queue.put_nowait(item)
        except asyncio.QueueFull:
            self.metrics.slow_disconnects.inc()
            self.close(
                client,
                SLOW_CLIENT,
                f"too slow: more than {self.client_queue} updates waiting; reconnect and resume",
            )

    def close(self, client: Client, code: int, reason: str) -> None:
        """Stop feeding ``client`` and have its sender close it with ``code`` as soon as it can."""
        if client.closing is not None:
            return
        client.closing = (code, reason)
        client.closed.set()
        self.disconnect(client)
        while not client.queue.empty():  # what was queued is resumed on reconnect
            client.queue.get_nowait()
        client.queue.put_nowait(None)

    def resume(self, client: Client, after: int) -> None:
        """Replay the buffered changes after ``after`` that ``client`` was not sent; resync if too old."""
        if after >= client.low:
            # Nothing older to replay; the client may even be ahead of this replica (it saw them
            # through another one): live changes up to ``after`` are skipped.
            client.last = max(client.last, after)
            return
        if self.floor is None or after < self.floor:
            self.metrics.resyncs.inc()
            self.send(client, protocol.resync_frame(self.latest))
            return
        frames: list[str] = []
        for seq, frame in reversed(self._buffer):
            if seq <= after:
                break
            if seq <= client.low:
                frames.append(frame)
        frames.reverse()
        client.low = after
        if frames:
            self.metrics.fanned_out.inc(len(frames))
            self.send(client, frames)

    # -- what the feed reads -----------------------------------------------------------------------

    def seen(self, seq: int) -> None:
        """Any message of the updates topic was read at ``seq`` (changes, presence and markers)."""
        if self.floor is None:
            self.floor = seq - 1  # the reader started at the end: nothing after seq - 1 was missed
            self.anchored.set()
        self.latest = max(self.latest, seq)

    def change(self, seq: int, frame: str) -> None:
        """A change read at ``seq``: keep it for resumes, and queue it for every client."""
        self.seen(seq)
        self.metrics.changes.inc()
        if self._buffer.maxlen is not None and len(self._buffer) == self._buffer.maxlen:
            self.floor = self._buffer[0][0]
        self._buffer.append((seq, frame))
        sent = 0
        for client in list(self._clients.values()):
            if seq > client.last:
                client.last = seq
                self.send(client, frame)
                sent += 1
        self.metrics.fanned_out.inc(sent)

    def presence_update(self, conn: str, user: str, target: str, state: str) -> None:
        if self.presence.apply(conn, user, target, state):
            self._broadcast_presence(target)

    def expire_presence(self) -> None:
        for target in self.presence.expire():
            self._broadcast_presence(target)

    def _broadcast_presence(self, target: str) -> None:
        frame = protocol.presence_frame(target, self.presence.users(target))
        for client in list(self._clients.values()):
            self.send(client, frame)
