"""The overall status: ``down`` when a store cannot be reached, ``degraded`` when the pipeline works
but something needs a look, ``ok`` otherwise; with one reason per finding (docs/health.md)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Final

from mozdef_api.health.model import DeadLetters, Lag, Rates, RuleRuns, StateStatus, Status, StoreStatus
from mozdef_common.store.common import parse_utc

#: Dead letters count as a problem past both: a few bad lines from a shipper are routine.
DEADLETTER_MIN: Final = 10
DEADLETTER_RATIO: Final = 0.05
#: A stage this many messages behind its topic is not keeping up.
LAG_MAX: Final = 10_000
#: Events arrived this hour, then none for this long: a shipper or a stage stopped.
QUIET: Final = timedelta(minutes=15)
FAILED_ARCHIVE: Final = frozenset({"failed", "error"})


def verdict(
    now: datetime,
    store: StoreStatus,
    state: StateStatus,
    rates: Rates | None,
    deadletters: DeadLetters | None,
    lag: Lag,
    runs: RuleRuns | None,
    archive: dict[str, Any] | None,
) -> tuple[Status, list[str]]:
    down: list[str] = []
    if not store.reachable:
        down.append(f"event store unreachable: {store.error}")
    if not state.reachable:
        down.append(f"state store unreachable: {state.error}")
    if down:
        return "down", down
    reasons: list[str] = []
    if runs is not None and runs.failing:
        names = ", ".join(r.id for r in runs.failing[:5]) + (", …" if len(runs.failing) > 5 else "")
        reasons.append(f"{len(runs.failing)} scheduled rule(s) failing: {names}")
    if rates is not None and deadletters is not None:
        came_in = rates.last_hour.events + rates.last_hour.deadletters
        dead = deadletters.last_hour
        share = dead / max(came_in, 1)
        if dead >= DEADLETTER_MIN and share > DEADLETTER_RATIO:
            reasons.append(f"{dead} dead letters in the last hour ({share:.0%} of events in)")
        newest = parse_utc(rates.last_event_received)
        if rates.last_hour.events and newest is not None and now - newest > QUIET:
            minutes = int((now - newest).total_seconds() // 60)
            reasons.append(f"no event indexed for {minutes} minutes")
    for stage in lag.stages:
        if stage.total > LAG_MAX:
            reasons.append(f"{stage.stage} ({stage.group}) is {stage.total} messages behind")
    if archive is not None and str(archive.get("status", "")).lower() in FAILED_ARCHIVE:
        reasons.append(f"the last archive failed: {archive.get('id')}")
    return ("degraded" if reasons else "ok"), reasons
