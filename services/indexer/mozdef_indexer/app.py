"""The indexer stage: mozdef.normalized and mozdef.deadletter → event store → mozdef.indexed.

Offsets are committed (by :class:`~mozdef_common.stage.StageLoop`) only after the store confirmed the
batch and what was indexed is on mozdef.indexed, so a crash replays; the store's replace-by-id keeps a
replay from indexing an event twice.
"""

from __future__ import annotations

import asyncio
import logging
import time

from mozdef_common import topics
from mozdef_common.bus import Bus, Message, Producer, Record, open_bus
from mozdef_common.deadletter import deadletter_record
from mozdef_common.stage import StageLoop
from mozdef_common.store import EventStore, open_event_store
from mozdef_common.store.base import WriteResult
from mozdef_common.telemetry import StageMetrics
from mozdef_common.types import Event
from mozdef_indexer.batch import STAGE, sort_batch
from mozdef_indexer.settings import IndexerSettings

log = logging.getLogger(__name__)


class Indexer:
    """Handles one bus batch; kept apart from the loop so tests can drive it directly."""

    def __init__(self, store: EventStore, producer: Producer, metrics: StageMetrics) -> None:
        self.store = store
        self.producer = producer
        self.metrics = metrics

    async def handle(self, messages: list[Message]) -> None:
        self.metrics.received.inc(len(messages))
        batch = sort_batch(messages)
        deadletters = list(batch.rejected)
        indexed: list[Record] = []
        if batch.events:
            result = await self._write("events", batch.events)
            failed = dict(result.failed)
            for position, message in enumerate(batch.event_messages):
                reason = failed.get(position)
                if reason is None:
                    indexed.append(Record(value=message.value, key=message.key, headers=message.headers))
                else:
                    deadletters.append(
                        deadletter_record(
                            stage=STAGE,
                            reason=f"store rejected the event: {reason}",
                            raw=message.value,
                            origin=message,
                        )
                    )
        if batch.deadletters:
            result = await self._write("deadletter", batch.deadletters)
            for _, reason in result.failed:
                # Dead letters are built by MozDef itself; a rejection here is a bug worth shouting about.
                log.error("the store rejected a dead letter: %s", reason)
                self.metrics.error("deadletter_rejected")
        if deadletters:
            await self.producer.send_batch(topics.DEADLETTER, deadletters)
            self.metrics.deadlettered("rejected", len(deadletters))
        if indexed:
            await self.producer.send_batch(topics.INDEXED, indexed)
        self.metrics.sent.inc(len(indexed))

    async def _write(self, family: str, events: list[Event]) -> WriteResult:
        started = time.perf_counter()
        result = await self.store.write(family, events)
        self.metrics.store_write(family, time.perf_counter() - started)
        return result


async def run(
    settings: IndexerSettings,
    stop: asyncio.Event,
    *,
    ready: asyncio.Event | None = None,
    metrics: StageMetrics | None = None,
) -> None:
    """Run the indexer until ``stop`` is set, then finish the batch in hand and close."""
    metrics = metrics or StageMetrics(STAGE)
    metrics.group = settings.indexer_group  # the lag's group label, given metrics included
    bus: Bus = open_bus(settings)
    await bus.start()
    store = open_event_store(settings, writer=True)
    try:
        indexer = Indexer(store, bus.producer(), metrics)
        loop = StageLoop(
            bus,
            (topics.NORMALIZED, topics.DEADLETTER),
            settings.indexer_group,
            indexer.handle,
            metrics,
            batch_size=settings.indexer_batch_size,
        )
        await loop.run(stop, ready)
    finally:
        await store.close()
        await bus.close()
