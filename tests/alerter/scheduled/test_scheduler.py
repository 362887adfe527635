"""The scheduler: dedup across overlapping runs, independent rules, and the rule_runs record."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from mozdef_alerter.alerts import dedup_key, new_alert, updated_alert
from mozdef_alerter.dedup import DedupStore, Outcome
from mozdef_alerter.scheduled.scheduler import RuleScheduler
from mozdef_alerter.scheduled.spec import Finding
from mozdef_common.rules.models import RuleBase
from mozdef_common.state.sqlite import SqliteStateStore
from mozdef_common.store.tantivy_store import TantivyEventStore
from tests.alerter.scheduled.conftest import at, login, rule, write

BRUTE_FORCE = {
    "type": "threshold",
    "query": "details.action:failed",
    "group_by": ["details.sourceipaddress"],
    "threshold": 10,
    "window": "2m",
}


class Builder:
    """Findings through the alert builder's dedup (the path the alerter wires in), outcomes kept."""

    def __init__(self, state: SqliteStateStore) -> None:
        self.dedup = DedupStore(state.collection("alerter_dedup"))
        self.outcomes: list[Outcome] = []

    async def __call__(self, rule: RuleBase, finding: Finding) -> None:
        events = [e["source"] for e in reversed(finding.events)]
        key = dedup_key(rule, finding.group, events)
        self.outcomes.append(
            await self.dedup.record(
                key,
                rule.dedup_window(),
                finding.end,
                events,
                finding.count,
                lambda ev, n: new_alert(rule, ev, finding.group, n, finding.end, key=key),
                lambda alert, ev, n: updated_alert(alert, rule, ev, n, finding.end),
                cumulative=False,
            )
        )


async def test_overlapping_runs_raise_one_alert(store: TantivyEventStore, state: SqliteStateStore) -> None:
    builder = Builder(state)
    scheduler = RuleScheduler(store, state, builder, overlap=timedelta(seconds=60))
    brute = rule(**BRUTE_FORCE)
    await write(store, *(login(i) for i in range(12)))
    first = await scheduler.run_rule(brute, now=at(60))
    second = await scheduler.run_rule(brute, now=at(90))  # the next tick sees the same twelve events
    assert (first.hits, second.hits) == (1, 1)
    assert [o.new for o in builder.outcomes] == [True, False]
    assert builder.outcomes[0].alert["id"] == builder.outcomes[1].alert["id"]
    # The second run saw the same twelve events again: the count stays twelve, never twenty-four.
    await write(store, *(login(i) for i in range(12, 15)))
    await scheduler.run_rule(brute, now=at(100))
    assert [o.alert["event_count"] for o in builder.outcomes] == [12, 12, 15]


async def test_rule_runs_records_each_run(store: TantivyEventStore, state: SqliteStateStore) -> None:
    scheduler = RuleScheduler(store, state, Builder(state))
    await write(store, *(login(i) for i in range(10)))
    brute = rule(**BRUTE_FORCE)
    await scheduler.run_rule(brute, now=at(60))
    await scheduler.run_rule(brute, now=at(600))  # the events have left the window
    record = await scheduler.runs.get(brute.id)
    assert record is not None
    assert record["last_run"] == at(600).isoformat()
    assert (record["runs"], record["hits"], record["total_hits"], record["failures"]) == (2, 0, 1, 0)
    assert record["last_status"] == "ok"
    assert "last_error" not in record
    assert record["duration_ms"] >= 0


async def test_a_failing_or_slow_rule_does_not_block_another(
    store: TantivyEventStore, state: SqliteStateStore
) -> None:
    # summary is analyzed text: the store refuses to group by it, so every run of this rule fails.
    broken = rule(**{**BRUTE_FORCE, "id": "broken", "group_by": ["summary"], "schedule": "1s"})
    slow = rule(**{**BRUTE_FORCE, "id": "slow", "schedule": "1s"})
    good = rule(**{**BRUTE_FORCE, "id": "good", "threshold": 1, "schedule": "1s"})
    await write(store, *(login(i, "198.51.100.9") for i in range(10)))
    stuck = asyncio.Event()
    builder = Builder(state)

    async def publish(rule: RuleBase, finding: Finding) -> None:
        if rule.id == "slow":
            await stuck.wait()  # never set: this rule's run hangs
        await builder(rule, finding)

    scheduler = RuleScheduler(store, state, publish, overlap=timedelta(days=3650), tick=0.02, run_timeout=60)
    scheduler.set_rules([broken, slow, good])
    await scheduler.start()
    try:
        async with asyncio.timeout(10):
            while True:
                await asyncio.sleep(0.05)
                records = {r: await scheduler.runs.get(r) for r in ("broken", "good")}
                if all(rec and rec["runs"] >= 2 for rec in records.values()):
                    break
    finally:
        await scheduler.close()
    assert records["broken"] is not None
    assert records["good"] is not None
    assert records["broken"]["failures"] == records["broken"]["runs"]
    assert records["broken"]["last_status"] == "error"
    assert "QueryError" in records["broken"]["last_error"]
    assert records["good"]["failures"] == 0
    assert records["good"]["total_hits"] >= 2
    assert await scheduler.runs.get("slow") is None  # still in its first run, and never started twice


async def test_only_enabled_scheduled_rules_are_run(
    store: TantivyEventStore, state: SqliteStateStore
) -> None:
    scheduler = RuleScheduler(store, state, Builder(state))
    scheduler.set_rules(
        [
            rule(**BRUTE_FORCE),
            rule(**{**BRUTE_FORCE, "id": "off", "enabled": False}),
            rule(type="match", query="details.action:failed"),
        ]
    )
    assert list(scheduler._rules) == ["test-threshold"]
