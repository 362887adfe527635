"""The built-in pack evaluated as the alerter evaluates it: match rules through the stream's compiled
predicate, scheduled rules by the scheduled evaluation over a real tantivy store in a tmp dir."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import pytest

from mozdef_alerter.builtin import load_builtin
from mozdef_alerter.scheduled.evaluate import evaluate
from mozdef_alerter.scheduled.spec import Finding, RuleSpec
from mozdef_common.query.evaluate import compile_predicate
from mozdef_common.rules import MatchRule, Rule
from mozdef_common.state.sqlite import SqliteStateStore
from mozdef_common.store.tantivy_store import TantivyEventStore
from mozdef_common.types import Event
from tests.support.store import store

__all__ = ["store"]


@cache
def _pack() -> dict[str, Rule]:
    rules, errors = load_builtin()
    assert not errors
    return {rule.id: rule for rule in rules}


def pack_rule(rule_id: str) -> Rule:
    return _pack()[rule_id]


def matches(rule_id: str, event: Event) -> bool:
    rule = pack_rule(rule_id)
    assert isinstance(rule, MatchRule)
    return compile_predicate(rule.query.node)(event)


async def run(
    store: TantivyEventStore, rule_id: str, events: Iterable[Event], end: datetime
) -> list[Finding]:
    """Write ``events``, then run the rule once as the scheduler would at ``end`` (1 minute overlap)."""
    batch = list(events)
    if batch:
        result = await store.write("events", batch)
        assert not result.failed
    evaluation = await evaluate(store, RuleSpec.of(pack_rule(rule_id)), end, timedelta(minutes=1))
    return evaluation.findings


@pytest.fixture
async def state(tmp_path: Path) -> AsyncIterator[SqliteStateStore]:
    s = SqliteStateStore(tmp_path / "state.db")
    await s.start()
    yield s
    await s.close()
