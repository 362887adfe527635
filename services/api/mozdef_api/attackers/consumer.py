"""The attacker consumer: ``mozdef.alerts`` → profiles in the ``attackers`` collection.

It reads the alert topic in its own consumer group, ``api-attackers``, next to the alert consumer
(``api-alerts``), so each of them sees every alert once per group whatever the other does. Malformed
alerts are skipped here (counted as dropped): the alert consumer already dead-letters them. Offsets are
committed by :class:`~mozdef_common.stage.StageLoop` only after every profile of the batch is written,
and :func:`.store.record` writes nothing for an alert already counted, so a replay is harmless.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Final

from fastapi import FastAPI

from mozdef_api.alerts.model import InvalidAlert, decode_alert
from mozdef_api.attackers.model import sightings
from mozdef_api.attackers.store import attackers, prepare, record
from mozdef_common import topics
from mozdef_common.bus import Bus, Message
from mozdef_common.errors import StoreError, StoreUnavailableError
from mozdef_common.stage import BackgroundLoop, StageLoop
from mozdef_common.telemetry import StageMetrics

STAGE: Final = "api-attackers"
GROUP: Final = "api-attackers"
log = logging.getLogger(__name__)


class AttackerConsumer:
    """Builds attacker profiles from alerts; ``start()`` once the app is built, ``close()`` at exit.

    ``metrics`` defaults to a registry of its own (stage ``api-attackers``): sharing the api's would
    mix this group's lag and counts with the alert consumer's.
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
        self.metrics = metrics or StageMetrics(STAGE)
        self.collection = attackers(app.state.state)
        self.loop = StageLoop(bus, [topic], group, self.handle, self.metrics, batch_size=batch_size)
        self._background = BackgroundLoop(self.loop, STAGE)

    async def handle(self, messages: list[Message]) -> None:
        """Count one batch; raises only what the stage loop retries (the batch then replays)."""
        self.metrics.received.inc(len(messages))
        latest: dict[str, dict[str, Any]] = {}
        invalid = 0
        for message in messages:
            try:
                alert = decode_alert(message.value)
            except InvalidAlert:
                invalid += 1
                continue
            # A dedup update later in the batch holds all an earlier one does, and more.
            latest[alert["id"]] = alert
        written = rejected = 0
        for alert in latest.values():
            for sighting in sightings(alert):
                try:
                    result = await record(self.collection, sighting)
                except StoreUnavailableError:
                    raise
                except StoreError as exc:  # this profile can never take it; the alert itself is stored
                    log.warning("alert %s not counted for %s: %s", alert["id"], sighting.address, exc)
                    rejected += 1
                    continue
                written += result is not None
        if invalid:
            self.metrics.dropped("invalid_alert", invalid)
        if rejected:
            self.metrics.dropped("store_rejected", rejected)
        self.metrics.sent.inc(written)

    async def run(self, stop: asyncio.Event, ready: asyncio.Event | None = None) -> None:
        await self.loop.run(stop, ready)

    async def start(self, timeout_s: float = 30.0) -> None:
        """Create the indexes, then run in the background; returns once the group is joined."""
        await prepare(self.app.state.state)
        await self._background.start(timeout_s)

    async def close(self) -> None:
        """Stop after the batch in hand; what was not committed is read again by the next consumer."""
        await self._background.close()
