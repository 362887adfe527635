"""The pack's rules that are not plain YAML: old events (Python) and watchlist hits (fed by the list)."""

from __future__ import annotations

from datetime import timedelta

from mozdef_alerter.builtin import builtin_python
from mozdef_alerter.builtin.watchlist import RULE_ID, load_watchlist_rule
from mozdef_alerter.stored_rules import fingerprint, load_stored_rules
from mozdef_common.event import utc_iso
from mozdef_common.lists.store import add_entry
from mozdef_common.query.evaluate import compile_predicate
from mozdef_common.rules import MatchRule
from mozdef_common.state.sqlite import SqliteStateStore
from mozdef_common.types import Event
from tests.alerter.builtin import events as ev


def old_events(event: Event) -> dict[str, object] | None:
    """The rule as the stream runs a Python rule: its query first, then its hook."""
    (registered,) = builtin_python()
    if not compile_predicate(registered.rule.query.node)(event):
        return None
    result: dict[str, object] | None = registered.plugin.on_event(event)
    return result


def received(event: Event, after: timedelta) -> Event:
    happened = ev.T0 + timedelta(seconds=0)
    event["utctimestamp"] = event["timestamp"] = utc_iso(happened)
    event["receivedtimestamp"] = utc_iso(happened + after)
    return event


def test_old_events_fire_past_an_hour_of_lag() -> None:
    alert = old_events(received(ev.sshd(0, host="web7"), timedelta(hours=3, minutes=5)))
    assert alert is not None
    assert alert["group"] == {"source": "authpriv", "hostname": "web7"}
    assert "3 h 5 min" in str(alert["summary"])
    days = old_events(received(ev.firewall(0), timedelta(days=4)))
    assert days is not None
    assert "4 days" in str(days["summary"])


def test_old_events_boundary_and_quiet_cases() -> None:
    assert old_events(received(ev.sshd(0), timedelta(hours=1))) is None  # exactly an hour: not yet
    assert old_events(received(ev.sshd(0), timedelta(hours=1, seconds=1))) is not None
    assert old_events(received(ev.sshd(0), timedelta(seconds=4))) is None  # the usual few seconds
    assert old_events(received(ev.sshd(0), -timedelta(hours=5))) is None  # from the future: not "old"
    unreadable = ev.sshd(0)
    unreadable["receivedtimestamp"] = "yesterday"
    assert old_events(unreadable) is None


async def _watch(state: SqliteStateStore, kind: str, value: str, expires: str | None = None) -> None:
    await add_entry(
        state.collection("watchlist"),
        kind=kind,
        value=value,
        reason="test",
        source="analyst",
        expires=expires,
        actor="ann",
    )


async def test_watchlist_hits_on_each_entry_type(state: SqliteStateStore) -> None:
    await _watch(state, "ip", "203.0.113.7")
    await _watch(state, "cidr", "198.51.100.0/24")
    await _watch(state, "user", "mallory")
    await _watch(state, "domain", "evil.example")
    rule = await load_watchlist_rule(state)
    hit = compile_predicate(rule.query.node)
    assert hit(ev.sshd(0, ip="203.0.113.7"))
    assert hit(ev.web(0, ip="198.51.100.23"))
    assert hit(ev.sshd(0, "accepted", ip="192.0.2.1", user="mallory"))
    assert hit(ev.proxy(0, "https://evil.example/x", action="TCP_MISS/200"))
    assert hit(ev.proxy(0, "https://cdn.evil.example/x", action="TCP_MISS/200"))
    assert hit(ev.firewall(0, src="10.0.0.9", dst="203.0.113.7"))
    # Look-alikes: a neighbour address, another user, a name merely ending in the domain's text.
    assert not hit(ev.sshd(0, ip="203.0.113.70"))
    assert not hit(ev.sshd(0, ip="192.0.2.1", user="mallory2"))
    assert not hit(ev.proxy(0, "https://notevil.example/x", action="TCP_MISS/200"))
    assert not hit(ev.web(0, ip="198.51.101.1"))


async def test_expired_entries_and_an_empty_list_match_nothing(state: SqliteStateStore) -> None:
    empty = await load_watchlist_rule(state)
    assert not compile_predicate(empty.query.node)(ev.sshd(0))
    await _watch(state, "ip", "203.0.113.7", expires=utc_iso(ev.T0 - timedelta(days=1)))
    rule = await load_watchlist_rule(state, now=ev.T0)
    assert not compile_predicate(rule.query.node)(ev.sshd(0, ip="203.0.113.7"))


async def test_the_watchlist_rule_comes_with_the_stored_rules(state: SqliteStateStore) -> None:
    await _watch(state, "ip", "203.0.113.7")
    rules, errors = await load_stored_rules(state)
    assert errors == []
    (rule,) = [r for r in rules if r.id == RULE_ID]
    assert isinstance(rule, MatchRule)
    assert rule.origin.startswith("builtin/watchlist")
    assert rule.dedup_fields() == ["details.sourceipaddress", "details.username", "hostname"]


async def test_the_fingerprint_moves_with_the_watchlist(state: SqliteStateStore) -> None:
    before = await fingerprint(state, now=ev.T0)
    await _watch(state, "ip", "203.0.113.7", expires=utc_iso(ev.T0 + timedelta(hours=1)))
    added = await fingerprint(state, now=ev.T0)
    assert added != before
    assert await fingerprint(state, now=ev.T0) == added  # nothing changed: no reload
    assert await fingerprint(state, now=ev.T0 + timedelta(hours=2)) != added  # the entry expired
