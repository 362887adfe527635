"""A groupless tail reader of one Kafka topic (see :meth:`mozdef_common.bus.base.Bus.tail`).

An aiokafka consumer with ``group_id=None`` and all partitions assigned by hand: no group join, no
rebalance, nothing committed, nothing left on the brokers when it goes away.

Where it starts is settled before :meth:`KafkaBus.tail` returns, never by a lazy reset at the first
fetch, so a message written right after the call cannot be skipped. The end of each partition is the
high watermark of a fetch, not ListOffsets alone: some brokers (tansu) answer ListOffsets with the start
of the last record batch, which would replay that batch.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING

from aiokafka import AIOKafkaConsumer
from aiokafka import TopicPartition as KafkaTopicPartition
from aiokafka.errors import KafkaError

from mozdef_common.bus.base import Message, Offsets, TopicPartition
from mozdef_common.bus.kafka import messages_from
from mozdef_common.bus.kafka_security import CONNECT_ERRORS
from mozdef_common.errors import BusUnavailableError

if TYPE_CHECKING:
    from mozdef_common.bus.kafka import KafkaBus


class KafkaTail:
    def __init__(self, bus: KafkaBus, topic: str, after: Mapping[int, int] | None) -> None:
        self._bus = bus
        self.topic = topic
        self._after = dict(after) if after is not None else {}
        self._consumer = AIOKafkaConsumer(
            **bus.client_kwargs(),
            group_id=None,
            enable_auto_commit=False,
            # Only reached when retention overtakes the reader mid-way: skip forward to what is kept.
            auto_offset_reset="earliest",
            fetch_max_wait_ms=100,
        )
        self._partitions: list[KafkaTopicPartition] = []
        self._started = False

    async def start(self) -> None:
        self._started = True  # from here on, close() must stop it, even after a failed start
        try:
            await self._consumer.start()
            partitions = await self._bus._started_producer(self.topic).partitions_for(self.topic)
            self._partitions = [KafkaTopicPartition(self.topic, p) for p in sorted(partitions)]
            self._consumer.assign(self._partitions)
            ends = await self._ends()
            starts = await self._consumer.beginning_offsets(self._partitions)
            for tp in self._partitions:
                position = ends[tp]
                if tp.partition in self._after:
                    position = min(max(self._after[tp.partition] + 1, starts[tp]), ends[tp])
                self._consumer.seek(tp, position)
        except CONNECT_ERRORS as exc:  # TimeoutError among them
            await self.close()
            raise BusUnavailableError(f"kafka: cannot tail: {exc!r}", topic=self.topic) from exc

    async def _ends(self) -> dict[KafkaTopicPartition, int]:
        """The true end of each partition: ListOffsets, then a fetch from there for its high watermark."""
        listed = await self._consumer.end_offsets(self._partitions)
        for tp in self._partitions:
            self._consumer.seek(tp, listed[tp])
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._bus.request_timeout_ms / 1000
        while True:
            # What this returns is at most the last batch before the end: dropped on purpose.
            await self._consumer.getmany(timeout_ms=100)
            highs = {tp: self._consumer.highwater(tp) for tp in self._partitions}
            if all(h is not None for h in highs.values()):
                return {tp: max(int(h or 0), listed[tp]) for tp, h in highs.items()}
            if loop.time() >= deadline:
                raise TimeoutError(
                    f"no high watermark for {self.topic} after {self._bus.request_timeout_ms} ms"
                )

    async def getmany(self, max_records: int, timeout_s: float) -> list[Message]:
        try:
            batches = await self._consumer.getmany(timeout_ms=int(timeout_s * 1000), max_records=max_records)
        except KafkaError as exc:
            raise BusUnavailableError(f"kafka: fetch failed: {exc!r}", topic=self.topic) from exc
        return messages_from(batches)

    async def commit(self, offsets: Offsets) -> None:
        """Nothing to record: a tail reader belongs to no group."""

    async def lag(self) -> Mapping[TopicPartition, int]:
        # From the last fetch's high watermarks: no request to the brokers.
        out: dict[TopicPartition, int] = {}
        for tp in self._partitions:
            high = self._consumer.highwater(tp)
            if high is not None:
                position = await self._consumer.position(tp)
                out[TopicPartition(tp.topic, tp.partition)] = max(0, high - position)
        return out

    async def close(self) -> None:
        self._bus._forget_tail(self)
        if self._started:
            self._started = False
            await self._consumer.stop()
