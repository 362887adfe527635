"""The built-in deadman on the pipeline itself (``builtin/rules/pipeline.yml``), run by the real
scheduler over a real tantivy store: it fires when nothing was indexed for 15 minutes, and records
its run where the health answer reads it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mozdef_alerter.alerts import dedup_key, new_alert
from mozdef_alerter.builtin import load_builtin
from mozdef_alerter.scheduled.scheduler import RuleScheduler
from mozdef_alerter.scheduled.spec import Finding
from mozdef_common.event import utc_iso
from mozdef_common.rules import AbsenceRule
from mozdef_common.rules.models import RuleBase
from mozdef_common.state.sqlite import SqliteStateStore
from mozdef_common.store.tantivy_store import TantivyEventStore
from mozdef_common.types import Event
from tests.support.events import make_event

RULE_ID = "mozdef.pipeline.deadman"
NOW = datetime.now(UTC).replace(microsecond=0)


def pipeline_deadman() -> RuleBase:
    rules, errors = load_builtin()
    assert errors == []
    [rule] = [r for r in rules if r.id == RULE_ID]
    return rule


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[TantivyEventStore]:
    s = TantivyEventStore(tmp_path / "events", writer=True)
    yield s
    await s.close()


@pytest.fixture
async def state(tmp_path: Path) -> AsyncIterator[SqliteStateStore]:
    s = SqliteStateStore(tmp_path / "state.db")
    await s.start()
    yield s
    await s.close()


class Alerts:
    """The scheduler's publish hook, building the alert as the alerter would."""

    def __init__(self) -> None:
        self.raised: list[Event] = []

    async def __call__(self, rule: RuleBase, finding: Finding) -> None:
        events = [e["source"] for e in finding.events]
        key = dedup_key(rule, finding.group, events)
        self.raised.append(new_alert(rule, events, finding.group, finding.count, finding.end, key=key))


def test_it_is_an_absence_over_every_event_with_no_groups() -> None:
    rule = pipeline_deadman()
    assert isinstance(rule, AbsenceRule)
    assert rule.group_by == []
    assert rule.query.text == "*"
    assert rule.window == timedelta(minutes=15)
    assert rule.severity == "CRITICAL"


async def test_it_fires_after_15_silent_minutes_and_not_before(
    store: TantivyEventStore, state: SqliteStateStore
) -> None:
    alerts = Alerts()
    scheduler = RuleScheduler(store, state, alerts, overlap=timedelta(0))
    rule = pipeline_deadman()
    await store.write("events", [make_event(id="last", utctimestamp=utc_iso(NOW - timedelta(minutes=16)))])

    silent = await scheduler.run_rule(rule, now=NOW)
    assert (silent.hits, silent.error) == (1, None)
    [alert] = alerts.raised
    assert alert["severity"] == "CRITICAL"
    assert alert["category"] == "deadman"
    assert alert["summary"] == "No event indexed for 15 minutes: the pipeline may be down"

    await store.write("events", [make_event(id="back", utctimestamp=utc_iso(NOW - timedelta(minutes=14)))])
    assert (await scheduler.run_rule(rule, now=NOW)).hits == 0
    run = await state.collection("rule_runs").get(RULE_ID)
    assert (run["runs"], run["total_hits"], run["last_status"]) == (2, 1, "ok")


async def test_an_empty_store_is_a_silent_pipeline(store: TantivyEventStore, state: SqliteStateStore) -> None:
    alerts = Alerts()
    outcome = await RuleScheduler(store, state, alerts).run_rule(pipeline_deadman(), now=NOW)
    assert outcome.hits == 1
    assert alerts.raised[0]["summary"].startswith("No event indexed for 15 minutes")
