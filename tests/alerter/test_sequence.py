"""Sequence rules: steps by key within a window, ordered or not; state survives a restart."""

from __future__ import annotations

import orjson

from mozdef_alerter.dedup import COLLECTION, DedupStore
from mozdef_alerter.sink import AlertSink
from tests.alerter.conftest import Parts, read_topic
from tests.alerter.helpers import at, engine, messages
from tests.support.events import make_event

RULES = """\
id: recon-then-login
name: Scan then login
type: sequence
summary: "{details.user} scanned then logged in"
by: [details.user]
window: 10m
steps:
  - query: details.action:scan
  - query: details.action:login
---
id: any-order
name: Both, any order
type: sequence
ordered: false
by: [details.user]
window: 10m
steps:
  - query: details.action:mfa_fail
  - query: details.action:password_reset
"""


def ev(action: str, user: str, minute: float, **more: object) -> dict[str, object]:
    return make_event(utctimestamp=at(minute), details={"action": action, "user": user, **more})


async def test_ordered_steps_within_the_window_raise_one_alert(parts: Parts) -> None:
    stream = engine(parts, RULES)
    await stream.handle(messages(ev("login", "ann", 0), ev("scan", "ann", 1), ev("scan", "bob", 1)))
    assert await read_topic(parts.bus, 0) == []  # login before the scan: not the sequence
    await stream.handle(messages(ev("login", "bob", 12), ev("login", "ann", 11)))  # ann: exactly 10 min
    alerts = [orjson.loads(m.value) for m in await read_topic(parts.bus, 1)]
    assert len(alerts) == 1
    assert alerts[0]["summary"] == "ann scanned then logged in"
    assert alerts[0]["group"] == {"details.user": "ann"}
    assert alerts[0]["event_count"] == 2
    assert alerts[0]["rule_type"] == "sequence"
    # bob's login came 11 minutes after his scan: outside the window, nothing.


async def test_unordered_steps_in_any_order(parts: Parts) -> None:
    stream = engine(parts, RULES)
    await stream.handle(messages(ev("password_reset", "cy", 0), ev("mfa_fail", "cy", 3)))
    alerts = [orjson.loads(m.value) for m in await read_topic(parts.bus, 1)]
    assert [a["rule_id"] for a in alerts] == ["any-order"]
    assert [ref["utctimestamp"] for ref in alerts[0]["events"]] == [at(0), at(3)]


async def test_a_restart_mid_sequence_loses_nothing(parts: Parts) -> None:
    await engine(parts, RULES).handle(messages(ev("scan", "dee", 0)))
    # A new engine, as after a restart: only the state store remembers the first step.
    sink = AlertSink(
        DedupStore(parts.state.collection(COLLECTION)), parts.bus.producer(), parts.store, parts.metrics
    )
    parts.sink = sink
    restarted = engine(parts, RULES)
    await restarted.handle(messages(ev("login", "dee", 4)))
    alerts = [orjson.loads(m.value) for m in await read_topic(parts.bus, 1)]
    assert [(a["rule_id"], a["group"]) for a in alerts] == [("recon-then-login", {"details.user": "dee"})]


async def test_a_replayed_batch_raises_no_second_alert(parts: Parts) -> None:
    stream = engine(parts, RULES)
    batch = messages(ev("scan", "eve", 0), ev("login", "eve", 1))
    await stream.handle(batch)
    await stream.handle(batch)  # a crash before the commit replays it
    alerts = [orjson.loads(m.value) for m in await read_topic(parts.bus, 2)]
    assert len({a["id"] for a in alerts}) == 1
    assert all(a["event_count"] == 2 for a in alerts)
