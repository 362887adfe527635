"""A groupless tail reader of one embedded topic (see :meth:`mozdef_common.bus.base.Bus.tail`).

It keeps its position in memory only: no row in ``groups``, no lease, no committed offset, so trimming
never waits for it (a reader of a dead replica leaves nothing behind). When trimming or size eviction
overtakes it, :meth:`TopicLog.read` starts at the earliest kept message: it skips forward.

It waits for new data the way group consumers do, by polling the file with a short backoff capped at
``_POLL_MAX_S``: a write from any process on the machine is seen within about that long.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING

from mozdef_common.bus.base import Message, Offsets, TopicPartition
from mozdef_common.bus.embedded_log import TopicLog
from mozdef_common.errors import BusUnavailableError

if TYPE_CHECKING:
    from mozdef_common.bus.embedded import EmbeddedBus

_POLL_FIRST_S = 0.005
_POLL_MAX_S = 0.05


class EmbeddedTail:
    """Reads partition 0 (the only one) of ``topic`` from the end, or right after ``after[0]``."""

    def __init__(self, bus: EmbeddedBus, topic: str, after: Mapping[int, int] | None) -> None:
        from mozdef_common.bus.embedded import _Worker  # embedded imports this module lazily

        self._bus = bus
        self.topic = topic
        self._after = None if after is None else after.get(0)
        self._worker = _Worker(f"mozdef-bus-tail-{topic}")
        self._log: TopicLog | None = None
        self.position = 0
        self._closed = False

    async def start(self) -> None:
        def open_log() -> None:
            self._log = self._bus.open_log(self.topic)
            next_offset, low, _ = self._log.stats()
            if self._after is None:
                self.position = next_offset
            else:
                self.position = min(max(self._after + 1, low), next_offset)

        try:
            await self._worker.run(self.topic, open_log)
        except BaseException:
            await self.close()
            raise

    async def getmany(self, max_records: int, timeout_s: float) -> list[Message]:
        deadline = time.monotonic() + timeout_s
        delay = _POLL_FIRST_S
        while True:
            messages = await self._worker.run(self.topic, lambda: self._read(max_records))
            remaining = deadline - time.monotonic()
            if messages or remaining <= 0:
                return messages
            await asyncio.sleep(min(delay, remaining))
            delay = min(delay * 2, _POLL_MAX_S)

    async def commit(self, offsets: Offsets) -> None:
        """Nothing to record: a tail reader belongs to no group."""

    async def lag(self) -> Mapping[TopicPartition, int]:
        def lag() -> dict[TopicPartition, int]:
            next_offset, low, _ = self._started_log().stats()
            return {TopicPartition(self.topic, 0): max(0, next_offset - max(self.position, low))}

        return await self._worker.run(self.topic, lag)

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._bus._forget_tail(self)
        topic_log, self._log = self._log, None
        try:
            if topic_log is not None:
                await self._worker.run(self.topic, topic_log.close)
        finally:
            self._worker.shutdown()

    # -- on the worker thread ----------------------------------------------------------------------

    def _read(self, max_records: int) -> list[Message]:
        messages = self._started_log().read(self.position, max_records)
        if messages:
            self.position = messages[-1].offset + 1
        return messages

    def _started_log(self) -> TopicLog:
        if self._log is None:
            raise BusUnavailableError("embedded bus: tail reader is closed", topic=self.topic)
        return self._log
