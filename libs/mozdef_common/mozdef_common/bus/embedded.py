"""The embedded bus: a durable log in the data dir, shared by every MozDef process on the machine.

Each topic is one SQLite file (see :mod:`.embedded_log`) with a single partition, 0. Guarantees:

* :meth:`EmbeddedProducer.send_batch` returns once the batch is fsync'd (one transaction, one fsync),
  so acknowledged messages survive kill -9 of any process.
* A consumer group starts at the earliest kept message and resumes after its last commit; messages
  read but not committed are read again by the next consumer of the group (at-least-once).
* Within a group, one member at a time reads a topic: it holds a lease that its polls and commits renew.
  Another member of the group, in this process or another, gets ``[]`` until the holder closes, stops
  polling for ``lease_ttl_s`` or its process dies; it then starts from the group's committed offset.
  A holder that lost its lease has its commits ignored (logged), as Kafka's rebalance would.
* Messages every group of a topic has committed are trimmed, at most every ``trim_interval_s``
  per consumer, in the commit's own transaction. A topic no group has joined keeps everything.
* A tail reader (:meth:`EmbeddedBus.tail`, :mod:`.embedded_tail`) joins no group: it never holds back
  trimming, and skips forward when trimming overtakes it.
* A topic holding more than ``max_bytes`` that some group has not consumed refuses batches with
  :class:`~mozdef_common.errors.BusFullError` until consumers catch up.

Blocking SQLite work runs on one worker thread per producer side and per consumer, never on the loop.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from mozdef_common.bus.base import Message, Offsets, Record, TopicPartition
from mozdef_common.bus.embedded_log import Member, TopicLog
from mozdef_common.errors import BusFullError, BusUnavailableError

if TYPE_CHECKING:
    from mozdef_common.bus.embedded_tail import EmbeddedTail

log = logging.getLogger(__name__)
T = TypeVar("T")

_SQLITE_FULL = 13  # "database or disk is full"
_POLL_FIRST_S = 0.005
_POLL_MAX_S = 0.05


class _Worker:
    """One thread that owns some SQLite connections; jobs run one at a time, in order."""

    def __init__(self, name: str) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    async def run(self, topic: str | None, fn: Callable[[], T]) -> T:
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, fn)
        except sqlite3.Error as exc:
            if getattr(exc, "sqlite_errorcode", None) == _SQLITE_FULL:
                raise BusFullError(f"embedded bus: disk full: {exc}", topic=topic) from exc
            raise BusUnavailableError(f"embedded bus: {exc}", topic=topic) from exc
        except OSError as exc:
            raise BusUnavailableError(f"embedded bus: {exc}", topic=topic) from exc

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)


class EmbeddedBus:
    """The bus in ``directory`` (created on :meth:`start`); see the module docstring for guarantees."""

    def __init__(
        self,
        directory: Path,
        *,
        max_bytes: int = 2 * 1024**3,
        lease_ttl_s: float = 10.0,
        trim_interval_s: float = 0.5,
        busy_timeout_s: float = 10.0,
    ) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self.lease_ttl_s = lease_ttl_s
        self.trim_interval_s = trim_interval_s
        self.busy_timeout_s = busy_timeout_s
        self._worker = _Worker("mozdef-bus-produce")
        self._logs: dict[str, TopicLog] = {}
        self._producer = EmbeddedProducer(self)
        self._consumers: set[EmbeddedConsumer] = set()
        self._tails: set[EmbeddedTail] = set()

    async def start(self) -> None:
        try:
            await asyncio.to_thread(self.directory.mkdir, parents=True, exist_ok=True)
        except OSError as exc:
            raise BusUnavailableError(f"embedded bus: cannot create {self.directory}: {exc}") from exc

    async def close(self) -> None:
        for consumer in list(self._consumers):
            await consumer.close()
        for tail in list(self._tails):
            await tail.close()
        logs, self._logs = list(self._logs.values()), {}

        def close_all() -> None:
            for topic_log in logs:
                topic_log.close()

        await self._worker.run(None, close_all)
        self._worker.shutdown()

    def producer(self) -> EmbeddedProducer:
        return self._producer

    async def consumer(self, topics: Sequence[str], group: str) -> EmbeddedConsumer:
        consumer = EmbeddedConsumer(self, tuple(dict.fromkeys(topics)), group)
        await consumer.start()
        self._consumers.add(consumer)
        return consumer

    async def tail(self, topic: str, *, after: Mapping[int, int] | None = None) -> EmbeddedTail:
        # Imported here: embedded_tail uses this module's worker, and most processes never tail.
        from mozdef_common.bus.embedded_tail import EmbeddedTail

        tail = EmbeddedTail(self, topic, after)
        await tail.start()
        self._tails.add(tail)
        return tail

    async def ping(self) -> None:
        def check() -> None:
            if not os.access(self.directory, os.W_OK):
                raise OSError(f"{self.directory} is missing or not writable")
            for topic_log in self._logs.values():
                topic_log.ping()

        await self._worker.run(None, check)

    async def group_lag(self, group: str, topics: Sequence[str]) -> dict[TopicPartition, int]:
        """What ``group`` has not committed on each of ``topics``, read without joining the group
        (for dashboards: no lease is taken, nothing is committed). A group that never committed
        has the whole retained topic ahead of it."""

        def read() -> dict[TopicPartition, int]:
            lags: dict[TopicPartition, int] = {}
            for topic in topics:
                topic_log = self.open_log(topic)
                try:
                    lags[TopicPartition(topic, 0)] = topic_log.lag(group)
                finally:
                    topic_log.close()
            return lags

        return await self._worker.run(None, read)

    def open_log(self, topic: str) -> TopicLog:
        """A new connection to ``topic``'s file (blocking: call it on a worker thread)."""
        return TopicLog(self.directory, topic, max_bytes=self.max_bytes, busy_timeout_s=self.busy_timeout_s)

    async def _append(self, topic: str, records: Sequence[Record]) -> None:
        def append() -> None:
            topic_log = self._logs.get(topic)
            if topic_log is None:
                topic_log = self._logs[topic] = self.open_log(topic)
            topic_log.append(records)

        await self._worker.run(topic, append)

    def _forget(self, consumer: EmbeddedConsumer) -> None:
        self._consumers.discard(consumer)

    def _forget_tail(self, tail: EmbeddedTail) -> None:
        self._tails.discard(tail)


class EmbeddedProducer:
    def __init__(self, bus: EmbeddedBus) -> None:
        self._bus = bus

    async def send_batch(self, topic: str, records: Sequence[Record]) -> None:
        if records:
            await self._bus._append(topic, records)


class _Assignment:
    """What a consumer knows about one topic: its connection, where it reads next, its lease."""

    def __init__(self, topic_log: TopicLog) -> None:
        self.log = topic_log
        self.position = 0
        self.held = False
        self.lease_until = 0.0
        self.last_trim = 0.0


class EmbeddedConsumer:
    def __init__(self, bus: EmbeddedBus, topics: tuple[str, ...], group: str) -> None:
        self._bus = bus
        self.topics = topics
        self.group = group
        self.member = Member()
        self._worker = _Worker(f"mozdef-bus-{group}")
        self._assignments: dict[str, _Assignment] = {}
        self._next_topic = 0
        self._closed = False

    async def start(self) -> None:
        def open_all() -> None:
            for topic in self.topics:
                assignment = _Assignment(self._bus.open_log(topic))
                self._assignments[topic] = assignment
                assignment.log.join(self.group)
                self._renew(topic, assignment)

        try:
            await self._worker.run(",".join(self.topics), open_all)
        except BaseException:
            await self.close()
            raise

    async def getmany(self, max_records: int, timeout_s: float) -> list[Message]:
        deadline = time.monotonic() + timeout_s
        delay = _POLL_FIRST_S
        while True:
            messages = await self._worker.run(",".join(self.topics), lambda: self._poll(max_records))
            remaining = deadline - time.monotonic()
            if messages or remaining <= 0:
                return messages
            await asyncio.sleep(min(delay, remaining))
            delay = min(delay * 2, _POLL_MAX_S)

    async def commit(self, offsets: Offsets) -> None:
        def commit() -> None:
            now = time.monotonic()
            for tp, offset in offsets.positions.items():
                assignment = self._assignments.get(tp.topic)
                if assignment is None or tp.partition != 0:
                    raise ValueError(f"{tp} is not read by this consumer (group {self.group})")
                if not assignment.held:
                    log.warning("group %s lost %s before committing %d: skipped", self.group, tp, offset)
                    continue
                trim = now - assignment.last_trim >= self._bus.trim_interval_s
                until = assignment.log.commit(
                    self.group, self.member, offset, ttl_s=self._bus.lease_ttl_s, trim=trim
                )
                if until is None:
                    assignment.held = False
                    log.warning("group %s lost %s before committing %d: skipped", self.group, tp, offset)
                    continue
                assignment.lease_until = until
                if trim:
                    assignment.last_trim = now

        await self._worker.run(",".join(t.topic for t in offsets.positions), commit)

    async def lag(self) -> Mapping[TopicPartition, int]:
        def lag() -> dict[TopicPartition, int]:
            return {TopicPartition(t, 0): a.log.lag(self.group) for t, a in self._assignments.items()}

        return await self._worker.run(",".join(self.topics), lag)

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._bus._forget(self)

        def release_all() -> None:
            for assignment in self._assignments.values():
                try:
                    if assignment.held:
                        assignment.log.release(self.group, self.member)
                finally:
                    assignment.log.close()

        try:
            await self._worker.run(",".join(self.topics), release_all)
        finally:
            self._worker.shutdown()

    # -- on the worker thread ----------------------------------------------------------------------

    def _poll(self, max_records: int) -> list[Message]:
        out: list[Message] = []
        count = len(self.topics)
        for i in range(count):
            topic = self.topics[(self._next_topic + i) % count]
            assignment = self._assignments[topic]
            if not self._renew(topic, assignment):
                continue
            messages = assignment.log.read(assignment.position, max_records - len(out))
            if messages:
                assignment.position = messages[-1].offset + 1
                out.extend(messages)
            if len(out) >= max_records:
                break
        self._next_topic = (self._next_topic + 1) % count  # no topic starves the others
        return out

    def _renew(self, topic: str, assignment: _Assignment) -> bool:
        """Hold the group's lease on ``topic``: renew it at half-life, or try to take it over."""
        ttl = self._bus.lease_ttl_s
        if assignment.held and time.time() < assignment.lease_until - ttl / 2:
            return True
        lease = assignment.log.acquire(self.group, self.member, ttl)
        if not lease.held:
            if assignment.held:
                log.warning("group %s lost its lease on %s to another member", self.group, topic)
            assignment.held = False
            return False
        if lease.taken_over or not assignment.held:
            # Messages read but not committed by the previous holder (or by us before we lost it)
            # are read again: at-least-once.
            assignment.position = lease.committed
        assignment.held = True
        assignment.lease_until = lease.until
        return True
