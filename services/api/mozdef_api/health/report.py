"""Assembling one health answer from the probes; every probe that fails is reported, never raised.

A probe may fail in ways no contract lists (a driver error, a full disk): health is what an operator
reads when things break, so each one is caught broadly and its error shown in the answer.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from pathlib import Path

from mozdef_api.health import probes, records
from mozdef_api.health.lag import bus_readings, stage_lag
from mozdef_api.health.model import DeadLetters, Health, Rates, RuleRuns, StateStatus, StoreStatus
from mozdef_api.health.verdict import verdict
from mozdef_common.event import utc_iso
from mozdef_common.state import StateStore
from mozdef_common.store import EventStore

log = logging.getLogger(__name__)


def _why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


async def build(
    store: EventStore, state: StateStore, cache_s: float, archive_dir: Path, bus: object = None
) -> Health:
    now = datetime.now(UTC)
    rates: Rates | None = None
    deadletters: DeadLetters | None = None
    try:
        store_status = probes.store_status(await store.indices())
        rates, deadletters = await probes.rates(store, now)
    except Exception as exc:  # see the module docstring
        log.warning("health: event store probe failed: %s", exc)
        store_status = StoreStatus(reachable=False, error=_why(exc))
    runs: RuleRuns | None = None
    try:
        runs = await records.rule_runs(state)
        state_status = StateStatus(reachable=True)
    except Exception as exc:
        log.warning("health: state store probe failed: %s", exc)
        state_status = StateStatus(reachable=False, error=_why(exc))
    archive = await asyncio.to_thread(records.last_archive, archive_dir)
    lag = stage_lag(await bus_readings(bus))
    status, reasons = verdict(now, store_status, state_status, rates, deadletters, lag, runs, archive)
    return Health(
        status=status,
        reasons=reasons,
        generated_at=utc_iso(now),
        cache_s=cache_s,
        rates=rates,
        lag=lag,
        deadletters=deadletters,
        store=store_status,
        state=state_status,
        rule_runs=runs,
        last_archive=archive,
    )
