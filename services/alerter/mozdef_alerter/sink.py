"""Where every alert goes: dedup, then the event store's ``alerts`` indices and ``mozdef.alerts``.

Stream and scheduled rules raise alerts through one :class:`AlertSink`. :meth:`AlertSink.raise_alert`
deduplicates (:mod:`.dedup`) and builds the alert (:mod:`.alerts`); :meth:`AlertSink.flush` makes it
durable: written to the ``alerts`` index family, then published on ``mozdef.alerts`` keyed by the alert
id. A consumer commits its offsets only after ``flush`` returned; an exception from it means nothing
may be assumed delivered, and a retry (or replay) publishes the same alerts again, never new ones.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson

from mozdef_alerter.alerts import Alert, dedup_key, new_alert, store_document, updated_alert
from mozdef_alerter.dedup import DedupStore
from mozdef_alerter.metrics import AlerterMetrics
from mozdef_alerter.scheduled.runs import RunLog
from mozdef_common import topics
from mozdef_common.bus.base import Producer, Record
from mozdef_common.errors import StoreError
from mozdef_common.rules.models import SCHEDULED_TYPES, RuleBase
from mozdef_common.store.base import EventStore
from mozdef_common.types import Event

log = logging.getLogger(__name__)

ALERTS_FAMILY = "alerts"
Clock = Callable[[], datetime]
#: Called once per *new* alert after it is durable (response actions hook in here).
OnNewAlert = Callable[[RuleBase, Alert], Awaitable[None]]


def utcnow() -> datetime:
    return datetime.now(UTC)


class AlertSink:
    """Builds, deduplicates and delivers alerts; shared by every kind of rule."""

    def __init__(
        self,
        dedup: DedupStore,
        producer: Producer,
        store: EventStore,
        metrics: AlerterMetrics,
        *,
        clock: Clock = utcnow,
        on_new: OnNewAlert | None = None,
    ) -> None:
        self.dedup = dedup
        self.producer = producer
        self.store = store
        self.metrics = metrics
        self.clock = clock
        self.on_new = on_new
        self._pending: dict[str, Alert] = {}
        self._hits: Counter[str] = Counter()  # stream rules' alerts since the last flush, per rule
        self.runs: RunLog | None = None  # where stream hits are recorded (the scheduler records its own)
        self._new: list[tuple[RuleBase, Alert]] = []
        self._flushing = asyncio.Lock()

    async def raise_alert(
        self,
        rule: RuleBase,
        events: Sequence[Event],
        group: Mapping[str, Any],
        count: int | None = None,
        *,
        overrides: Mapping[str, Any] | None = None,
        flush: bool = True,
    ) -> Alert:
        """Raise (or, within the rule's dedup window, update) the alert of ``rule`` for ``events``.

        ``events`` are the events behind it, or a sample of them, oldest first; ``count`` the total
        (default ``len(events)``); ``group`` the group values (``{"details.sourceipaddress": "…"}``,
        ``{}`` for none); ``overrides`` may set ``summary``, ``severity``, ``category`` or ``tags``.
        With ``flush`` (the default) the alert is durable when this returns; without, it is once
        :meth:`flush` returned. Returns the alert as published.
        """
        now = self.clock()
        key = dedup_key(rule, group, events)
        outcome = await self.dedup.record(
            key,
            rule.dedup_window(),
            now,
            events,
            count,
            lambda evs, n: new_alert(rule, evs, group, n, now, key=key, overrides=overrides),
            lambda alert, evs, n: updated_alert(alert, rule, evs, n, now, overrides=overrides),
            cumulative=getattr(rule, "type", None) not in SCHEDULED_TYPES,
        )
        self._pending[outcome.alert["id"]] = outcome.alert
        if outcome.changed and getattr(rule, "type", None) not in SCHEDULED_TYPES:
            self._hits[rule.id] += 1
        if outcome.new:
            self.metrics.raised.labels(rule.id).inc()
            self._new.append((rule, outcome.alert))
        elif outcome.changed:
            self.metrics.deduplicated.labels(rule.id).inc()
        if flush:
            await self.flush()
        return outcome.alert

    async def flush(self) -> None:
        """Write every pending alert to the store, then publish it; then run the new-alert hook.

        Raises when the store or the bus fails, keeping the alerts pending for the next flush.
        """
        async with self._flushing:  # stream batches and scheduled runs share the sink
            alerts = dict(self._pending)
            if not alerts:
                return
            new = list(self._new)
            await self._deliver(list(alerts.values()))
            for alert_id, alert in alerts.items():
                if self._pending.get(alert_id) is alert:
                    del self._pending[alert_id]
            self._new = [item for item in self._new if item not in new]
            hits, self._hits = self._hits, Counter()
        if self.runs is not None:
            now = self.clock()
            for rule_id, count in hits.items():
                try:
                    await self.runs.record_hits(rule_id, count, now)
                except StoreError:  # the alerts are out; a missed tally is not worth failing for
                    log.warning("hits of rule %s not recorded", rule_id)
        if self.on_new is not None:
            for rule, alert in new:
                try:
                    await self.on_new(rule, alert)
                except Exception:  # actions never block or drop alerts
                    log.exception("new-alert hook failed for %s", alert["id"])
                    self.metrics.error("on_new_alert")

    async def _deliver(self, alerts: list[Alert]) -> None:
        result = await self.store.write(ALERTS_FAMILY, [store_document(alert) for alert in alerts])
        for position, reason in result.failed:
            # Built by the alerter itself: a rejection is a bug, but the bus still gets the alert.
            log.error("the store rejected alert %s: %s", alerts[position]["id"], reason)
            self.metrics.error("alert_store_rejected")
        records = [Record(value=orjson.dumps(alert), key=alert["id"].encode()) for alert in alerts]
        await self.producer.send_batch(topics.ALERTS, records)
        self.metrics.sent.inc(len(records))
