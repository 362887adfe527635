"""The bus contract: Kafka's semantics, whatever carries the bytes.

* A topic is an ordered log of messages split into partitions; a message has a key, a value and headers.
* :meth:`Producer.send_batch` returns only once every message of the batch is durable (embedded: fsync'd;
  Kafka: acknowledged by all in-sync replicas). It raises :class:`~mozdef_common.errors.BusFullError`
  when the bus refuses more data and :class:`~mozdef_common.errors.BusUnavailableError` when it cannot
  be reached; in both cases nothing of the batch may be assumed written, so callers retry the whole batch.
* A :class:`Consumer` belongs to a consumer group; the group's committed offsets say where it resumes.
  Consumers commit only after what they did with a batch is durable downstream (at-least-once), so a
  crash replays, never loses.
* A tail reader (:meth:`Bus.tail`) belongs to no group: it reads every partition of one topic from where
  it was opened, commits nothing and never holds back retention. It is how each API replica follows the
  live updates topic on its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from mozdef_common.types import Headers


@dataclass(slots=True, frozen=True)
class Record:
    """A message to send."""

    value: bytes
    key: bytes | None = None
    headers: Headers = ()


@dataclass(slots=True, frozen=True)
class Message:
    """A message as read from a topic."""

    topic: str
    partition: int
    offset: int
    value: bytes
    key: bytes | None = None
    headers: Headers = ()
    timestamp_ms: int = 0

    def header(self, name: str) -> bytes | None:
        for key, value in self.headers:
            if key == name:
                return value
        return None


@dataclass(slots=True, frozen=True, order=True)
class TopicPartition:
    topic: str
    partition: int


@dataclass(slots=True)
class Offsets:
    """Next offsets to read, per partition: what a consumer commits after a batch."""

    positions: dict[TopicPartition, int] = field(default_factory=dict)

    @classmethod
    def after(cls, messages: Sequence[Message]) -> Offsets:
        # Keyed by plain tuples in the loop: one TopicPartition per partition, not per message.
        highest: dict[tuple[str, int], int] = {}
        for message in messages:
            key = (message.topic, message.partition)
            if message.offset >= highest.get(key, -1):
                highest[key] = message.offset
        return cls({TopicPartition(t, p): offset + 1 for (t, p), offset in highest.items()})


class Producer(Protocol):
    async def send_batch(self, topic: str, records: Sequence[Record]) -> None:
        """Write ``records`` to ``topic``; return once all are durable (see the module docstring)."""
        ...


class Consumer(Protocol):
    async def getmany(self, max_records: int, timeout_s: float) -> list[Message]:
        """Up to ``max_records`` messages after the last ones returned; ``[]`` after ``timeout_s``."""
        ...

    async def commit(self, offsets: Offsets) -> None:
        """Record, durably, that the group has handled everything before ``offsets``."""
        ...

    async def lag(self) -> Mapping[TopicPartition, int]:
        """Messages on each assigned partition that the group has not committed yet."""
        ...

    async def close(self) -> None: ...


class Bus(Protocol):
    """A connection to the bus: makes producers and consumers, owns what they share."""

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    def producer(self) -> Producer: ...

    async def consumer(self, topics: Sequence[str], group: str) -> Consumer:
        """A consumer in ``group`` reading ``topics``; a new group starts at the earliest message."""
        ...

    async def tail(self, topic: str, *, after: Mapping[int, int] | None = None) -> Consumer:
        """A reader of every partition of ``topic`` that belongs to no group.

        It starts at the end of each partition (it returns only messages written after this call
        returns) or, for each partition that ``after`` maps to an offset, right after that offset,
        clamped to what the partition still holds (an offset already trimmed starts at the earliest
        kept, one past the end starts at the end). Its ``commit`` does nothing; its ``lag`` may be
        empty. Retention never waits for it: a tail reader that trimming overtakes skips forward.
        New messages reach it well under a second after they are written, from any process.
        """
        ...

    async def ping(self) -> None:
        """Raise :class:`~mozdef_common.errors.BusUnavailableError` unless the bus answers."""
        ...
