"""Threshold rules over the tantivy store: counts, edges, groups, distinct counts, late events."""

from __future__ import annotations

from datetime import timedelta

from mozdef_alerter.scheduled.evaluate import evaluate
from mozdef_alerter.scheduled.spec import RuleSpec
from mozdef_common.store.tantivy_store import TantivyEventStore
from tests.alerter.scheduled.conftest import at, login, rule, write

NO_OVERLAP = timedelta(0)


def brute_force(threshold: int = 10, **keys: object) -> RuleSpec:
    body: dict[str, object] = {"group_by": ["details.sourceipaddress"], **keys}
    return RuleSpec.of(
        rule(type="threshold", query="details.action:failed", threshold=threshold, window="2m", **body)
    )


async def test_a_group_at_the_threshold_alerts_with_its_count_sample_and_times(
    store: TantivyEventStore,
) -> None:
    await write(
        store, *(login(i, "198.51.100.1") for i in range(12)), *(login(i, "198.51.100.2") for i in range(9))
    )
    found = (await evaluate(store, brute_force(sample=3), at(60), NO_OVERLAP)).findings
    assert [(f.group, f.count, f.value) for f in found] == [
        ({"details.sourceipaddress": "198.51.100.1"}, 12, 12)
    ]
    finding = found[0]
    assert len(finding.events) == 3
    assert finding.events[0]["source"]["utctimestamp"] == at(11).isoformat()  # newest first
    assert finding.first_seen == at(0).isoformat()
    assert finding.last_seen == at(11).isoformat()
    assert (finding.start, finding.end) == (at(-60), at(60))


async def test_events_exactly_on_either_edge_of_the_window_count(store: TantivyEventStore) -> None:
    # The run ending at 120 s with a 2-minute window covers [0 s, 120 s], both ends included.
    await write(store, login(0), *(login(10 + i) for i in range(8)), login(120))
    assert len((await evaluate(store, brute_force(), at(120), NO_OVERLAP)).findings) == 1
    await write(store, login(-0.000001), login(120.000001))
    found = (await evaluate(store, brute_force(), at(120), NO_OVERLAP)).findings
    assert found[0].count == 10  # the events just outside are not counted


async def test_late_events_are_seen_thanks_to_the_overlap(store: TantivyEventStore) -> None:
    await write(store, *(login(i) for i in range(8)))
    assert not (await evaluate(store, brute_force(), at(60), timedelta(seconds=60))).findings
    # Two events stamped 8 s and 9 s arrive late; the next run ends at 125 s, when [5 s, 125 s] alone
    # would hold only five of the ten.
    await write(store, login(8), login(9))
    assert not (await evaluate(store, brute_force(), at(125), NO_OVERLAP)).findings
    found = (await evaluate(store, brute_force(), at(125), timedelta(seconds=60))).findings
    assert [f.count for f in found] == [10]


async def test_events_missing_the_group_field_belong_to_no_group(store: TantivyEventStore) -> None:
    await write(store, *(login(i, ip=None) for i in range(15)), *(login(i, "198.51.100.7") for i in range(3)))
    assert not (await evaluate(store, brute_force(), at(60), NO_OVERLAP)).findings
    # Without group_by every matching event counts, with or without an address.
    ungrouped = RuleSpec.of(rule(type="threshold", query="details.action:failed", threshold=18, window="2m"))
    found = (await evaluate(store, ungrouped, at(60), NO_OVERLAP)).findings
    assert [(f.group, f.count) for f in found] == [({}, 18)]


async def test_distinct_counts_values_not_events(store: TantivyEventStore) -> None:
    spraying = [login(i, "198.51.100.1", user=f"user{i % 4}") for i in range(40)]
    hammering = [login(i, "198.51.100.2", user="root") for i in range(40)]
    await write(store, *spraying, *hammering)
    spec = brute_force(threshold=4, distinct="details.username")
    found = (await evaluate(store, spec, at(60), NO_OVERLAP)).findings
    assert [(f.group["details.sourceipaddress"], f.count, f.value) for f in found] == [
        ("198.51.100.1", 40, 4)
    ]
    assert not (await evaluate(store, brute_force(threshold=5, distinct="details.username"), at(60))).findings


async def test_several_group_fields_are_combined(store: TantivyEventStore) -> None:
    await write(
        store,
        *(login(i, "198.51.100.1", user="root") for i in range(10)),
        *(login(i, "198.51.100.1", user="admin") for i in range(5)),
        *(login(i, "198.51.100.2", user="root") for i in range(9)),
    )
    spec = brute_force(group_by=["details.sourceipaddress", "details.username"])
    found = (await evaluate(store, spec, at(60), NO_OVERLAP)).findings
    assert [f.group for f in found] == [
        {"details.sourceipaddress": "198.51.100.1", "details.username": "root"}
    ]
    assert found[0].count == 10
    assert len(found[0].events) == 10
