"""The change feed: publishes changes and presence to ``mozdef.updates``, and follows it for the hub.

Every message carries the same key, so all of them land on one partition and its offset is a sequence
shared by every replica: a change's ``seq``. Each replica follows the topic with a groupless tail reader
(nothing committed, nothing left behind when a replica dies) and hands what it reads to its
:class:`~mozdef_api.realtime.hub.Hub`. Messages are JSON objects with a ``type``:

* ``change``: the fields of :class:`~mozdef_api.changes.Change`;
* ``presence``: ``conn`` (``<replica>/<n>``), ``user``, ``target``, ``state``;
* ``replica``: a replica started (read back at start-up, so the hub knows where its history begins).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from typing import Any

import orjson

from mozdef_api.changes import Change
from mozdef_api.realtime import protocol
from mozdef_api.realtime.hub import Hub
from mozdef_common.bus.base import Bus, Consumer, Message, Record
from mozdef_common.errors import BusError
from mozdef_common.topics import UPDATES

log = logging.getLogger(__name__)

#: One key for every message: one partition, one order, one sequence.
KEY = b"mozdef.updates"
_READ_BATCH = 500
_READ_WAIT_S = 0.5
_RETRY_S = 1.0


class ChangeFeed:
    """The :class:`~mozdef_api.changes.ChangeSink` of an API replica, and the reader feeding its hub."""

    def __init__(self, bus: Bus, hub: Hub, *, topic: str = UPDATES, start_timeout_s: float = 10.0) -> None:
        self.bus = bus
        self.hub = hub
        self.topic = topic
        self.start_timeout_s = start_timeout_s
        self._tail: Consumer | None = None
        self._task: asyncio.Task[None] | None = None
        self._partition: int | None = None

    async def publish(self, change: Change) -> None:
        """Return once ``change`` is durably on the bus; raises BusError when it is not."""
        await self._send([{"type": "change", **change.to_dict()}])

    async def publish_presence(self, conn: str, user: str, targets: Sequence[tuple[str, str]]) -> None:
        """Tell every replica that ``conn`` is now in ``state`` on each ``(target, state)``."""
        await self._send(
            [
                {"type": "presence", "conn": conn, "user": user, "target": target, "state": state}
                for target, state in targets
            ]
        )

    async def _send(self, payloads: list[dict[str, Any]]) -> None:
        records = [Record(orjson.dumps(p), key=KEY) for p in payloads]
        await self.bus.producer().send_batch(self.topic, records)

    async def start(self) -> None:
        """Follow the topic from its end; return once this replica's marker was read back (or timed out)."""
        self._tail = await self.bus.tail(self.topic)
        self._task = asyncio.create_task(self._run(), name="mozdef-change-feed")
        try:
            await self._send([{"type": "replica", "replica": self.hub.replica}])
        except BusError as exc:
            log.warning("change feed: cannot announce replica %s: %s", self.hub.replica, exc)
            return
        try:
            await asyncio.wait_for(self.hub.anchored.wait(), self.start_timeout_s)
        except TimeoutError:
            log.warning("change feed: marker not read back in %.0f s; resumes resync", self.start_timeout_s)

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        tail, self._tail = self._tail, None
        if tail is not None:
            await tail.close()

    async def _run(self) -> None:
        while True:
            try:
                tail = self._tail or await self._reopen()
                messages = await tail.getmany(_READ_BATCH, _READ_WAIT_S)
            except BusError as exc:
                log.warning(
                    "change feed: reading %s failed, retrying in %.0f s: %s", self.topic, _RETRY_S, exc
                )
                await self._drop_tail()
                await asyncio.sleep(_RETRY_S)
                continue
            for message in messages:
                try:
                    self._handle(message)
                except Exception:  # one bad message must not stop live updates for everyone
                    log.exception("change feed: message at offset %d skipped", message.offset)
            self.hub.expire_presence()

    async def _reopen(self) -> Consumer:
        after = None
        if self._partition is not None and self.hub.latest >= 0:
            after = {self._partition: self.hub.latest}
        self._tail = await self.bus.tail(self.topic, after=after)
        return self._tail

    async def _drop_tail(self) -> None:
        tail, self._tail = self._tail, None
        if tail is not None:
            with contextlib.suppress(BusError):
                await tail.close()

    def _handle(self, message: Message) -> None:
        self._partition = message.partition
        try:
            payload = orjson.loads(message.value)
            kind = payload["type"]
        except (orjson.JSONDecodeError, TypeError, KeyError) as exc:
            log.warning("change feed: unreadable message at offset %d skipped: %r", message.offset, exc)
            self.hub.seen(message.offset)
            return
        if kind == "change":
            self.hub.change(message.offset, protocol.change_frame(message.offset, payload))
        elif kind == "presence":
            self.hub.seen(message.offset)
            try:
                self.hub.presence_update(
                    payload["conn"], payload["user"], payload["target"], payload["state"]
                )
            except KeyError as exc:
                log.warning("change feed: presence at offset %d lacks %s", message.offset, exc)
        else:
            self.hub.seen(message.offset)
