"""Retention: whole days older than each family's limit are dropped, once a day.

A day ``d`` of a family kept ``N`` days (``N`` > 0) is dropped when ``d < today - N``: the last ``N``
full days and today stay, so today's day, the one being written, never goes. ``N = 0`` keeps the
family forever. With ``archive_first``, each day is archived (and verified) before it is dropped, and
a day whose archive fails is kept and retried on the next run.

Each drop is logged and counted (``mozdef_retention_days_dropped{family}``,
``mozdef_retention_events_dropped{family}``, ``mozdef_retention_runs{outcome}``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from prometheus_client import CollectorRegistry, Counter

from mozdef_common.archive.days import store_days, today_utc
from mozdef_common.errors import MozdefError
from mozdef_common.store import EventStore

log = logging.getLogger(__name__)


class DayArchiver(Protocol):
    """What retention needs of an archive when it archives before dropping."""

    async def create(self, family: str, day: date) -> Any: ...


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """Days kept per family (0: forever; a family not named is kept forever)."""

    days: Mapping[str, int]
    archive_first: bool = False

    def expired(self, family: str, day: date, today: date) -> bool:
        keep = self.days.get(family, 0)
        return keep > 0 and day < today - timedelta(days=keep)


@dataclass(slots=True)
class RetentionReport:
    #: (family, day, events dropped) of every day dropped, oldest first.
    dropped: list[tuple[str, date, int]] = field(default_factory=list)
    #: (family, day, reason) of every expired day kept because something failed.
    kept: list[tuple[str, date, str]] = field(default_factory=list)


async def apply_retention(
    store: EventStore,
    policy: RetentionPolicy,
    today: date,
    *,
    archiver: DayArchiver | None = None,
) -> RetentionReport:
    """Drop every expired day; one failing day never stops the others."""
    report = RetentionReport()
    days = await store_days(store)
    for family, day in sorted(days, key=lambda k: (k[1], k[0])):
        if not policy.expired(family, day, today):
            continue
        try:
            if policy.archive_first and archiver is not None and days[(family, day)]:
                await archiver.create(family, day)
            dropped = await store.drop_day(family, day)
        except MozdefError as exc:
            log.error("retention kept %s-%s: %s", family, f"{day:%Y%m%d}", exc)
            report.kept.append((family, day, str(exc)))
            continue
        log.info("retention dropped %s-%s: %d events", family, f"{day:%Y%m%d}", dropped)
        report.dropped.append((family, day, dropped))
    return report


class RetentionJob:
    """Runs :func:`apply_retention` shortly after start and then every ``interval`` seconds."""

    def __init__(
        self,
        store: EventStore,
        policy: RetentionPolicy,
        *,
        interval: float,
        registry: CollectorRegistry | None = None,
        archiver: DayArchiver | None = None,
        first_delay: float = 60.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.store, self.policy, self.archiver = store, policy, archiver
        self.interval, self.first_delay = interval, first_delay
        self._clock = clock or (lambda: datetime.now(UTC))
        registry = registry or CollectorRegistry()
        self.days_dropped = Counter(
            "mozdef_retention_days_dropped", "Days dropped by retention.", ["family"], registry=registry
        )
        self.events_dropped = Counter(
            "mozdef_retention_events_dropped", "Events dropped by retention.", ["family"], registry=registry
        )
        self.runs = Counter("mozdef_retention_runs", "Retention runs.", ["outcome"], registry=registry)

    async def run_once(self) -> RetentionReport:
        try:
            report = await apply_retention(
                self.store, self.policy, today_utc(self._clock()), archiver=self.archiver
            )
        except MozdefError as exc:  # the store is down: try again next time
            log.error("retention run failed: %s", exc)
            self.runs.labels("error").inc()
            return RetentionReport()
        for family, _, events in report.dropped:
            self.days_dropped.labels(family).inc()
            self.events_dropped.labels(family).inc(events)
        self.runs.labels("partial" if report.kept else "ok").inc()
        return report

    async def run(self, stop: asyncio.Event) -> None:
        """Until ``stop`` is set."""
        delay = self.first_delay
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), timeout=delay)
                return
            except TimeoutError:
                pass
            await self.run_once()
            delay = self.interval
