"""The alert consumer: ``mozdef.alerts`` → the ``alerts`` collection, inside the api service.

Every API replica runs one, all in the consumer group ``api-alerts``, so each alert is stored by one
replica. Offsets are committed (by :class:`~mozdef_common.stage.StageLoop`) only after every alert of
the batch is stored and every malformed one is on the dead-letter topic: a crash replays the batch,
and the upsert (:func:`.store.upsert`) makes a replay write nothing.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Final

from fastapi import FastAPI

from mozdef_api.alerts.model import InvalidAlert, decode_alert
from mozdef_api.alerts.store import alerts, upsert
from mozdef_api.notify import notify
from mozdef_common import topics
from mozdef_common.bus import Bus, Message, Record
from mozdef_common.deadletter import deadletter_record
from mozdef_common.errors import StoreError, StoreUnavailableError
from mozdef_common.stage import BackgroundLoop, StageLoop
from mozdef_common.telemetry import StageMetrics

STAGE: Final = "api-alerts"
GROUP: Final = "api-alerts"
log = logging.getLogger(__name__)


class AlertConsumer:
    """Stores the alerts the alerter publishes; ``start()`` once the app is built, ``close()`` at exit.

    ``metrics`` defaults to the app's, so received / sent (stored) / dead-lettered / lag show on the
    api's ``/metrics``.
    """

    def __init__(
        self,
        app: FastAPI,
        bus: Bus,
        *,
        topic: str = topics.ALERTS,
        group: str = GROUP,
        batch_size: int = 500,
        metrics: StageMetrics | None = None,
    ) -> None:
        self.app = app
        self.bus = bus
        self.metrics: StageMetrics = metrics or app.state.metrics
        self.collection = alerts(app.state.state)
        self.loop = StageLoop(bus, [topic], group, self.handle, self.metrics, batch_size=batch_size)
        self._background = BackgroundLoop(self.loop, STAGE)

    async def handle(self, messages: list[Message]) -> None:
        """Store one batch; raises only what the stage loop retries (the batch then replays)."""
        self.metrics.received.inc(len(messages))
        letters: list[Record] = []
        latest: dict[str, tuple[dict[str, Any], Message]] = {}
        for message in messages:
            try:
                alert = decode_alert(message.value)
            except InvalidAlert as exc:
                letters.append(self._letter(f"not an alert: {exc}", message))
                continue
            # The same alert twice in a batch (dedup updates): only its last state needs writing.
            latest[alert["id"]] = (alert, message)
        stored = rejected = 0
        for alert, message in latest.values():
            try:
                result = await upsert(self.collection, alert)
            except StoreUnavailableError:
                raise
            except StoreError as exc:  # this alert can never be stored (e.g. a key MongoDB refuses)
                letters.append(self._letter(f"store rejected the alert: {exc}", message))
                rejected += 1
                continue
            stored += 1
            if result is not None:
                op, doc = result
                # actor None: the change comes from the alerter, not from an analyst.
                await notify(
                    self.app,
                    entity="alert",
                    op=op,
                    id=doc["id"],
                    version=doc["version"],
                    actor=None,
                    data=doc,
                )
        if letters:
            await self.bus.producer().send_batch(topics.DEADLETTER, letters)
            if len(letters) > rejected:
                self.metrics.deadlettered("invalid_alert", len(letters) - rejected)
            if rejected:
                self.metrics.deadlettered("store_rejected", rejected)
        self.metrics.sent.inc(stored)

    def _letter(self, reason: str, message: Message) -> Record:
        where = f"{message.topic}/{message.partition}/{message.offset}"
        log.warning("alert at %s dead-lettered: %s", where, reason)
        return deadletter_record(stage=STAGE, reason=reason, raw=message.value, origin=message)

    async def run(self, stop: asyncio.Event, ready: asyncio.Event | None = None) -> None:
        """Consume until ``stop`` is set (the batch in hand is finished or left uncommitted)."""
        await self.loop.run(stop, ready)

    async def start(self, timeout_s: float = 30.0) -> None:
        """Run in the background; returns once the consumer joined its group (or raises why not)."""
        await self._background.start(timeout_s)

    async def close(self) -> None:
        """Stop after the batch in hand; what was not committed is read again by the next consumer."""
        await self._background.close()
