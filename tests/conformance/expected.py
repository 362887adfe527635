"""Expected answers of the cases: the ids of the fixed event set a case's predicate accepts."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from mozdef_common.types import Event
from tests.conformance.cases import QueryCase
from tests.conformance.events import deadletter_set, event_set


@cache
def events_of(family: str) -> tuple[Event, ...]:
    return tuple(event_set() if family == "events" else deadletter_set())


def in_window(case: QueryCase, event: Event) -> bool:
    stamp = datetime.fromisoformat(event["utctimestamp"])
    if case.start is not None and stamp < datetime.fromisoformat(case.start):
        return False
    return case.end is None or stamp <= datetime.fromisoformat(case.end)


def expected_ids(case: QueryCase, now: datetime | None = None) -> set[str]:
    """The ids ``case`` must return (``now``: the clock, for ``now``-relative cases)."""
    found = set()
    for event in events_of(case.family):
        if not in_window(case, event):
            continue
        if case.expect_at is not None:
            assert now is not None, f"{case.id} is relative to now"
            hit = case.expect_at(now, event)
        else:
            assert case.expect is not None, f"{case.id} states no expectation"
            hit = case.expect(event)
        if hit:
            found.add(event["id"])
    return found
