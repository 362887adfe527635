"""The overall status as a pure function of what the probes found."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mozdef_api.health.model import (
    DeadLetters,
    Lag,
    PartitionLag,
    Rate,
    Rates,
    StageLag,
    StateStatus,
    StoreStatus,
)
from mozdef_api.health.verdict import LAG_MAX, verdict

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
UP = StoreStatus(reachable=True)
STATE = StateStatus(reachable=True)
NO_LAG = Lag(stages=[], total=0)


def lagging(total: int) -> Lag:
    part = PartitionLag(topic="mozdef.raw", partition=0, lag=total)
    return Lag(
        stages=[StageLag(stage="enrich", group="mozdef-enrich", total=total, partitions=[part])], total=total
    )


def test_both_stores_down_name_both() -> None:
    status, reasons = verdict(
        NOW,
        StoreStatus(reachable=False, error="refused"),
        StateStatus(reachable=False, error="locked"),
        None,
        None,
        NO_LAG,
        None,
        None,
    )
    assert status == "down"
    assert reasons == ["event store unreachable: refused", "state store unreachable: locked"]


def test_a_stage_far_behind_degrades_and_one_keeping_up_does_not() -> None:
    assert verdict(NOW, UP, STATE, None, None, lagging(LAG_MAX), None, None) == ("ok", [])
    status, reasons = verdict(NOW, UP, STATE, None, None, lagging(LAG_MAX + 1), None, None)
    assert status == "degraded"
    assert reasons == [f"enrich (mozdef-enrich) is {LAG_MAX + 1} messages behind"]


def test_quiet_only_counts_when_events_came_this_hour() -> None:
    def rates(events: int, newest: datetime | None) -> Rates:
        rate = Rate(window_s=3600, in_per_s=0, out_per_s=0, events=events, deadletters=0)
        return Rates(last_minute=rate, last_hour=rate, last_event_received=newest and newest.isoformat())

    quiet = rates(5, NOW - timedelta(minutes=16))
    assert verdict(NOW, UP, STATE, quiet, None, NO_LAG, None, None)[0] == "ok"  # no dead-letter figures
    none_dead = DeadLetters(last_hour=0, last_day=0)
    assert verdict(NOW, UP, STATE, quiet, none_dead, NO_LAG, None, None) == (
        "degraded",
        ["no event indexed for 16 minutes"],
    )
    busy = rates(5, NOW - timedelta(minutes=14))
    assert verdict(NOW, UP, STATE, busy, none_dead, NO_LAG, None, None) == ("ok", [])
    assert verdict(NOW, UP, STATE, rates(0, None), none_dead, NO_LAG, None, None) == ("ok", [])
