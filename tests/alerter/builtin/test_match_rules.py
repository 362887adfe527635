"""Match rules of the pack, each with events it must fire on and look-alikes it must leave alone."""

from __future__ import annotations

import pytest

from mozdef_common.query.ast import Node
from mozdef_common.query.ruleset import compile_rule_set
from mozdef_common.rules import MatchRule
from mozdef_common.types import Event
from tests.alerter.builtin import events as ev
from tests.alerter.builtin.conftest import matches, pack_rule

CASES: dict[str, tuple[list[Event], list[Event]]] = {
    "mozdef.ssh.sensitive_host_access": (
        [
            ev.sshd(0, "accepted", host="bastion1.corp.example.com"),
            ev.sshd(0, "accepted", host="billing-prod-db2.corp.example.com"),
        ],
        [
            ev.sshd(0, "accepted", host="web1.corp.example.com"),  # not a sensitive host
            ev.sshd(0, "failed", host="bastion1.corp.example.com"),  # failed, not a login
            ev.sshd(
                0, "accepted", host="prod-db2.corp.example.com"
            ),  # pattern wants a prefix before -prod-db
        ],
    ),
    "mozdef.proxy.drop_executable": (
        [
            ev.proxy(0, "http://downloads.example.net/setup.exe"),
            ev.proxy(0, "http://downloads.example.net/tool.MSI?session=1"),
            ev.proxy(0, "http://downloads.example.net/a.ps1", category="proxy"),
        ],
        [
            ev.proxy(0, "http://downloads.example.net/setup.exe", action="TCP_MISS/200"),  # allowed
            ev.proxy(0, "http://downloads.example.net/readme.txt"),
            ev.proxy(0, "http://downloads.example.net/exe/index.html"),
        ],
    ),
    "mozdef.proxy.drop_nonstandard_port": (
        [
            ev.proxy(0, "tunnel.example.net:8443", host="tunnel.example.net", port=8443),
            ev.proxy(0, "irc.example.net:6667", host="irc.example.net", port=6667, category="proxy"),
        ],
        [
            ev.proxy(0, "www.example.net:443", host="www.example.net", port=443),
            ev.proxy(
                0, "tunnel.example.net:8443", action="TCP_TUNNEL/200", host="tunnel.example.net", port=8443
            ),
            ev.proxy(0, "http://www.example.net/"),  # no port recorded
        ],
    ),
    "mozdef.proxy.exfil_domain": (
        [
            ev.proxy(0, "https://pastebin.com/raw/abc", action="TCP_MISS/200"),
            ev.proxy(0, "https://eu.file.io/upload", action="TCP_DENIED/403"),
            ev.proxy(0, "https://ab12.ngrok.io/", action="TCP_MISS/200", category="proxy"),
        ],
        [
            ev.proxy(0, "https://example.com/pastebin.com", action="TCP_MISS/200"),
            ev.proxy(0, "https://notpastebin.com/", action="TCP_MISS/200"),
        ],
    ),
    "mozdef.cloud.aws_cloudtrail_disabled": (
        [ev.cloudtrail(0, "StopLogging"), ev.cloudtrail(0, "DeleteTrail"), ev.cloudtrail(0, "UpdateTrail")],
        [
            ev.cloudtrail(0, "StartLogging"),
            ev.cloudtrail(0, "DescribeTrails"),
            ev.cloudtrail(0, "CreateUser"),
        ],
    ),
    "mozdef.cloud.gcp_logging_disabled": (
        [ev.gcp(0), ev.gcp(0, "google.logging.v2.ConfigServiceV2.CreateExclusion")],
        [ev.gcp(0, "google.logging.v2.ConfigServiceV2.ListSinks"), ev.gcp(0, "storage.objects.get")],
    ),
    "mozdef.cloud.azure_logging_disabled": (
        [ev.azure(0), ev.azure(0, "microsoft.insights/diagnosticSettings/delete")],
        [
            ev.azure(0, "Microsoft.Insights/DiagnosticSettings/Write"),
            ev.azure(0, "Microsoft.Compute/virtualMachines/delete"),
        ],
    ),
    "mozdef.ldap.lockout": (
        [
            ev.ldap(0, ppolicy="accountLocked"),
            ev.ldap(0, result="success", action="modify", modified="pwdAccountLockedTime"),
        ],
        [ev.ldap(0), ev.ldap(0, result="success")],
    ),
    "mozdef.host.promiscuous_mode": (
        [ev.kernel(0)],
        [ev.kernel(0, "device eth0 left promiscuous mode"), ev.kernel(0, "eth0: link up, 1000Mbps")],
    ),
}


def query_of(rule_id: str) -> Node:
    rule = pack_rule(rule_id)
    assert isinstance(rule, MatchRule)
    return rule.query.node


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_fires_on_the_positive_events(rule_id: str) -> None:
    positive, _ = CASES[rule_id]
    assert [matches(rule_id, e) for e in positive] == [True] * len(positive)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_stays_quiet_on_the_negative_events(rule_id: str) -> None:
    _, negative = CASES[rule_id]
    assert [matches(rule_id, e) for e in negative] == [False] * len(negative)


def test_lockout_also_reads_active_directory_4740() -> None:
    event = ev.kernel(0)
    event.update(category="windows", source="Security", details={"eventid": 4740, "targetusername": "jdoe"})
    assert matches("mozdef.ldap.lockout", event)
    event["details"]["eventid"] = 4625
    assert not matches("mozdef.ldap.lockout", event)


def test_cloud_rules_read_lower_cased_keys_too() -> None:
    # Deployments that run the lowercase_keys plugin on their cloud audit sources.
    event = ev.cloudtrail(0)
    event["details"] = {"eventname": "StopLogging", "eventsource": "cloudtrail.amazonaws.com"}
    assert matches("mozdef.cloud.aws_cloudtrail_disabled", event)


def test_the_pack_does_not_fire_on_other_families() -> None:
    # Each match rule stays within its own kind of log: a quiet day's mix raises nothing.
    quiet = [
        ev.sshd(0, "accepted"),
        ev.web(0, 200),
        ev.proxy(0, "https://example.com/", action="TCP_MISS/200"),
        ev.cloudtrail(0, "GetObject"),
        ev.ldap(0, result="success"),
        ev.remote_access(0, success=True),
        ev.kernel(0, "eth0: link up"),
        ev.firewall(0),
    ]
    for rule_id in CASES:
        assert [e["category"] for e in quiet if matches(rule_id, e)] == [], rule_id


def test_the_streams_shared_rule_set_agrees() -> None:
    # The alerter evaluates every match rule in one compiled rule set: it must say what each predicate says.
    ids = sorted(CASES)
    rule_set = compile_rule_set([(rule_id, query_of(rule_id)) for rule_id in ids])
    for rule_id in ids:
        positive, negative = CASES[rule_id]
        for event in positive:
            assert rule_id in rule_set.match(event)
        for event in negative:
            assert rule_id not in rule_set.match(event)
