"""The enrich stage's shell: ``mozdef.raw`` → :class:`.pipeline.Pipeline` → ``mozdef.normalized``.

Per batch: every message is processed (pure), the normalized events go out in one ``send_batch`` and the
dead letters in another; only then does the stage loop commit, so a crash replays the batch (ids are
fixed, the store keeps one copy). Metrics are counted once both sends succeeded, so a retried batch is
not counted twice.
"""

from __future__ import annotations

import asyncio
import logging

from mozdef_common import topics
from mozdef_common.bus import Message, Producer, Record, open_bus
from mozdef_common.deadletter import deadletter_record
from mozdef_common.stage import StageLoop
from mozdef_common.telemetry import StageMetrics
from mozdef_enrich.envelope import envelope_of
from mozdef_enrich.pipeline import Dropped, Normalized, Pipeline
from mozdef_enrich.plugins.registry import load_plugins
from mozdef_enrich.settings import EnrichSettings

log = logging.getLogger(__name__)

STAGE = "enrich"
GROUP = "mozdef-enrich"
_H_ID = topics.H_ID


async def run(
    settings: EnrichSettings,
    stop: asyncio.Event,
    *,
    ready: asyncio.Event | None = None,
    metrics: StageMetrics | None = None,
) -> None:
    """Run the enrich stage until ``stop`` is set; ``ready`` is set once it consumes."""
    metrics = metrics or StageMetrics(STAGE)
    metrics.group = GROUP  # the lag's group label, given metrics included
    loaded = load_plugins(settings)
    for error in loaded.errors:
        metrics.error(f"plugin_load:{error.plugin}")
    log.info("enrich plugins: %s", ", ".join(f"{p.name}({p.priority})" for p in loaded.plugins) or "none")
    pipeline = Pipeline(loaded.plugins)
    bus = open_bus(settings)
    await bus.start()
    try:
        handler = BatchHandler(pipeline, bus.producer(), metrics)
        loop = StageLoop(bus, [topics.RAW], GROUP, handler, metrics, batch_size=settings.bus_batch_size)
        await loop.run(stop, ready)
    finally:
        await bus.close()
        loaded.close()


class BatchHandler:
    """Turns one batch of raw messages into normalized records and dead letters, and sends them."""

    def __init__(self, pipeline: Pipeline, producer: Producer, metrics: StageMetrics) -> None:
        self.pipeline = pipeline
        self.producer = producer
        self.metrics = metrics

    async def __call__(self, messages: list[Message]) -> None:
        normalized: list[Record] = []
        dead: list[Record] = []
        dropped: dict[str, int] = {}
        deadlettered: dict[str, int] = {}
        failures: dict[str, int] = {}
        process = self.pipeline.process
        for message in messages:
            envelope = envelope_of(message)
            outcome = process(message.value, envelope)
            if isinstance(outcome, Normalized):
                key = envelope.id.encode()
                normalized.append(Record(outcome.value, key, ((_H_ID, key),)))
                for plugin in outcome.failed:
                    failures[plugin] = failures.get(plugin, 0) + 1
            elif isinstance(outcome, Dropped):
                reason = f"{outcome.plugin}: {outcome.reason}"
                dropped[reason] = dropped.get(reason, 0) + 1
            else:
                dead.append(
                    deadletter_record(
                        stage=STAGE,
                        reason=outcome.reason,
                        raw=message.value,
                        event_id=envelope.id,
                        origin=message,
                        received=envelope.received_iso,
                    )
                )
                deadlettered[outcome.kind] = deadlettered.get(outcome.kind, 0) + 1
        if normalized:
            await self.producer.send_batch(topics.NORMALIZED, normalized)
        if dead:
            await self.producer.send_batch(topics.DEADLETTER, dead)
        self._count(len(messages), len(normalized), dropped, deadlettered, failures)

    def _count(
        self,
        received: int,
        sent: int,
        dropped: dict[str, int],
        deadlettered: dict[str, int],
        failures: dict[str, int],
    ) -> None:
        metrics = self.metrics
        metrics.received.inc(received)
        metrics.sent.inc(sent)
        for reason, n in dropped.items():
            metrics.dropped(reason, n)
        for kind, n in deadlettered.items():
            metrics.deadlettered(kind, n)
        for plugin, n in failures.items():
            metrics.error(f"plugin:{plugin}", n)
