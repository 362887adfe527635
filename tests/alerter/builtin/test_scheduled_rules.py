"""Threshold and absence rules of the pack over a real tantivy store: each fires at its threshold,
not one below it (the boundary), and not on look-alike events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest

from mozdef_common.rules import ThresholdRule
from mozdef_common.store.tantivy_store import TantivyEventStore
from mozdef_common.types import Event
from tests.alerter.builtin import events as ev
from tests.alerter.builtin.conftest import pack_rule, run

END = ev.T0 + timedelta(minutes=2)


@dataclass(frozen=True)
class Case:
    """``hit(i)`` is the i-th event of an attack (i from 0); ``miss(i)`` a look-alike that must not count."""

    hit: Callable[[int], Event]
    miss: Callable[[int], Event]
    group: dict[str, object]


CASES: dict[str, Case] = {
    "mozdef.ssh.bruteforce": Case(
        lambda i: ev.sshd(i, "failed", user=f"user{i}"),
        lambda i: ev.sshd(i, "accepted", user=f"user{i}"),
        {"details.sourceipaddress": "203.0.113.7"},
    ),
    "mozdef.http.auth_bruteforce": Case(
        lambda i: ev.web(i, 401 if i % 2 else 403),
        lambda i: ev.web(i, 403, category="squid"),  # a proxy's policy block
        {"details.sourceipaddress": "198.51.100.23"},
    ),
    "mozdef.ldap.bruteforce": Case(
        lambda i: ev.ldap(i),
        lambda i: ev.ldap(i, result="success"),
        {"details.username": "jdoe"},
    ),
    "mozdef.vpn.failures": Case(
        lambda i: ev.remote_access(i, "vpn"),
        lambda i: ev.remote_access(i, "vpn", success=True),
        {"details.username": "bob"},
    ),
    "mozdef.mfa.failures": Case(
        lambda i: ev.remote_access(i, "mfa"),
        lambda i: ev.remote_access(i, "vpn"),  # VPN failures are not MFA failures
        {"details.username": "bob"},
    ),
    "mozdef.network.port_scan": Case(
        lambda i: ev.firewall(i, port=1000 + i),
        lambda i: ev.firewall(i, port=1000),  # many more connections, to a port already counted
        {"details.sourceipaddress": "203.0.113.50"},
    ),
    "mozdef.network.address_scan": Case(
        lambda i: ev.firewall(i, dst=f"10.0.1.{i + 1}"),
        lambda i: ev.firewall(i, dst="10.0.1.1"),  # many more connections, to a host already counted
        {"details.sourceipaddress": "203.0.113.50"},
    ),
    "mozdef.intel.multiple_hits": Case(
        lambda i: ev.intel(i),
        lambda i: ev.firewall(i, src="203.0.113.66"),  # same address, no intel match
        {"details.sourceipaddress": "203.0.113.66"},
    ),
}


def threshold_of(rule_id: str) -> int:
    rule = pack_rule(rule_id)
    assert isinstance(rule, ThresholdRule)
    return rule.threshold


@pytest.mark.parametrize("rule_id", sorted(CASES))
async def test_fires_at_the_threshold(store: TantivyEventStore, rule_id: str) -> None:
    case, n = CASES[rule_id], threshold_of(rule_id)
    findings = await run(store, rule_id, [case.hit(i) for i in range(n)], END)
    assert len(findings) == 1
    assert findings[0].group == case.group
    assert findings[0].value == n


@pytest.mark.parametrize("rule_id", sorted(CASES))
async def test_one_below_the_threshold_is_quiet(store: TantivyEventStore, rule_id: str) -> None:
    case, n = CASES[rule_id], threshold_of(rule_id)
    assert await run(store, rule_id, [case.hit(i) for i in range(n - 1)], END) == []


@pytest.mark.parametrize("rule_id", sorted(CASES))
async def test_look_alikes_do_not_count(store: TantivyEventStore, rule_id: str) -> None:
    case, n = CASES[rule_id], threshold_of(rule_id)
    # n - 1 real ones and a whole threshold's worth of look-alikes: still below.
    events = [case.hit(i) for i in range(n - 1)] + [case.miss(i) for i in range(n)]
    assert await run(store, rule_id, events, END) == []


async def test_ssh_bruteforce_counts_per_source_and_within_two_minutes(store: TantivyEventStore) -> None:
    spread = [ev.sshd(i, ip=f"203.0.113.{i}") for i in range(10)]  # ten sources, one failure each
    old = [ev.sshd(-600 + i) for i in range(10)]  # ten from one source, but ten minutes earlier
    assert await run(store, "mozdef.ssh.bruteforce", spread + old, END) == []


async def test_deadman_fires_for_a_source_that_went_silent(store: TantivyEventStore) -> None:
    end = ev.T0 + timedelta(hours=3)
    learned = [ev.heartbeat(s, "auth") for s in (60, 120)] + [ev.heartbeat(s, "kern") for s in (60, 120)]
    recent = [ev.heartbeat(3 * 3600 - 300, "kern")]  # kern still speaks; auth has been silent since 10:02
    findings = await run(store, "mozdef.deadman.source", learned + recent, end)
    assert [f.group for f in findings] == [{"source": "auth"}]


async def test_deadman_is_quiet_while_every_source_speaks(store: TantivyEventStore) -> None:
    end = ev.T0 + timedelta(hours=3)
    learned = [ev.heartbeat(60, "auth"), ev.heartbeat(60, "kern")]
    recent = [ev.heartbeat(3 * 3600 - 300, "auth"), ev.heartbeat(3 * 3600 - 3000, "kern")]
    assert await run(store, "mozdef.deadman.source", learned + recent, end) == []
