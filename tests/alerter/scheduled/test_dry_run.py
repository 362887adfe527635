"""Dry runs: what a rule would have alerted over the last hours, merged as dedup would."""

from __future__ import annotations

import pytest

from mozdef_alerter.scheduled.dry_run import dry_run
from mozdef_common.store.tantivy_store import TantivyEventStore
from tests.alerter.scheduled.conftest import at, login, rule, write

HOUR = 3600


async def test_threshold_alerts_are_merged_within_the_dedup_window(store: TantivyEventStore) -> None:
    burst = [login(i) for i in range(10)]
    again = [login(300 + i) for i in range(10)]  # ten minutes of windows later: same open alert
    later = [login(2 * HOUR + i) for i in range(10)]  # past the one-hour dedup window: a new alert
    await write(store, *burst, *again, *later)
    brute = rule(
        type="threshold",
        query="details.action:failed",
        group_by=["details.sourceipaddress"],
        threshold=10,
        window="2m",
        dedup={"window": "1h"},
        summary="{count} failures from {details.sourceipaddress}",
    )
    alerts = await dry_run(store, brute, 3, now=at(2.5 * HOUR))
    assert [(a["event_count"], a["group"]) for a in alerts] == [
        (20, {"details.sourceipaddress": "198.51.100.1"}),
        (10, {"details.sourceipaddress": "198.51.100.1"}),
    ]
    assert alerts[0]["last_seen"] == at(309).isoformat()
    assert alerts[0]["summary"] == "10 failures from 198.51.100.1"  # as raised; updates re-render it
    assert alerts[0]["dedup_key"] == "test-threshold|198.51.100.1"


async def test_an_event_on_a_window_boundary_counts_once(store: TantivyEventStore) -> None:
    await write(store, *(login(120) for _ in range(10)))
    brute = rule(type="threshold", query="details.action:failed", threshold=10, window="2m")
    alerts = await dry_run(store, brute, 1, now=at(240))
    assert [a["event_count"] for a in alerts] == [10]


async def test_match_rules_group_by_their_dedup_key(store: TantivyEventStore) -> None:
    await write(store, login(10, "198.51.100.1"), login(20, "198.51.100.1"), login(30, "198.51.100.2"))
    plain = rule(type="match", query="details.action:failed")
    assert [a["event_count"] for a in await dry_run(store, plain, 1, now=at(60))] == [3]
    keyed = rule(type="match", query="details.action:failed", dedup={"key": ["details.sourceipaddress"]})
    alerts = await dry_run(store, keyed, 1, now=at(60))
    assert sorted((a["group"]["details.sourceipaddress"], a["event_count"]) for a in alerts) == [
        ("198.51.100.1", 2),
        ("198.51.100.2", 1),
    ]


async def test_rules_not_over_the_store_and_long_periods_are_refused(store: TantivyEventStore) -> None:
    sequence = rule(type="sequence", steps=[{"query": "a:1"}, {"query": "b:2"}], window="5m")
    with pytest.raises(ValueError, match="not evaluated over the event store"):
        await dry_run(store, sequence, 1)
    short = rule(type="threshold", query="*", threshold=1, window="30s")
    with pytest.raises(ValueError, match="windows"):
        await dry_run(store, short, 24)
