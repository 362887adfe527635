"""Absence (deadman) rules: overall, per learned group, per given group."""

from __future__ import annotations

from datetime import timedelta

from mozdef_alerter.scheduled.evaluate import evaluate
from mozdef_alerter.scheduled.spec import RuleSpec
from mozdef_common.store.tantivy_store import TantivyEventStore
from tests.alerter.scheduled.conftest import at, heartbeat, rule, write

NO_OVERLAP = timedelta(0)


def deadman(**keys: object) -> RuleSpec:
    return RuleSpec.of(rule(type="absence", query="category:heartbeat", window="10m", **keys))


async def test_nothing_in_the_window_alerts_and_an_event_on_its_edge_does_not(
    store: TantivyEventStore,
) -> None:
    await write(store, heartbeat(0, "web1"))
    # The window of the run ending at 1200 s is [600 s, 1200 s].
    found = (await evaluate(store, deadman(), at(1200), NO_OVERLAP)).findings
    assert [(f.group, f.count, f.last_seen) for f in found] == [({}, 0, at(0).isoformat())]
    await write(store, heartbeat(600, "web1"))
    assert not (await evaluate(store, deadman(), at(1200), NO_OVERLAP)).findings


async def test_the_overlap_tolerates_a_late_heartbeat(store: TantivyEventStore) -> None:
    await write(store, heartbeat(570, "web1"))
    assert (await evaluate(store, deadman(), at(1200), NO_OVERLAP)).findings
    assert not (await evaluate(store, deadman(), at(1200), timedelta(seconds=60))).findings


async def test_groups_learned_before_the_window(store: TantivyEventStore) -> None:
    await write(
        store,
        *(heartbeat(s, host) for s in (0, 300) for host in ("web1", "web2", "db1")),
        heartbeat(-3600, "old1"),  # exactly at the start of the one-hour learn period: learned
        heartbeat(-3600.000001, "older1"),  # just before it: not watched
        heartbeat(700, "web1"),
        heartbeat(800, "web2"),
    )
    spec = deadman(group_by=["hostname"], learn="1h")
    found = (await evaluate(store, spec, at(600 + 600), NO_OVERLAP)).findings
    # The learn period of the window [600 s, 1200 s] is [-3000 s, 600 s): old1 at -3600 s is outside.
    assert {f.group["hostname"] for f in found} == {"db1"}
    spec = deadman(group_by=["hostname"], learn="70m")  # [-3600 s, 600 s)
    found = (await evaluate(store, spec, at(1200), NO_OVERLAP)).findings
    assert {f.group["hostname"]: f.last_seen for f in found} == {
        "db1": at(300).isoformat(),
        "old1": at(-3600).isoformat(),
    }
    assert all(f.count == 0 and f.events for f in found)


async def test_given_groups_are_watched_even_if_never_seen(store: TantivyEventStore) -> None:
    await write(store, heartbeat(0, "db1"), heartbeat(700, "web1"))
    spec = deadman(group_by=["hostname"], groups=["web1", "web9"])
    found = (await evaluate(store, spec, at(1200), NO_OVERLAP)).findings
    # db1 went quiet but is not in the list; web9 never reported at all.
    assert [(f.group, f.last_seen, f.events) for f in found] == [({"hostname": "web9"}, None, [])]
