"""Python rules: discovered from entry points, validated with errors naming the plugin, run on the stream."""

from __future__ import annotations

from importlib.metadata import EntryPoint
from typing import Any

import orjson

from mozdef_alerter.python_rules import Aggregation, load_python_rules
from tests.alerter.conftest import Parts, read_topic
from tests.alerter.helpers import at, engine, messages
from tests.support.events import make_event


class SudoToRoot:
    id = "sudo-root"
    name = "sudo to root"
    query = "details.program:sudo"
    severity = "NOTICE"

    def on_event(self, event: dict[str, Any]) -> dict[str, Any] | None:
        if event["details"].get("target") != "root":
            return None
        return {"summary": f"{event['details']['user']} became root", "severity": "WARNING"}


class ManyFailures:
    id = "many-failures"
    name = "Many failures"
    query = "details.action:failed"
    window = "5m"
    aggregate_by = ("details.user",)

    def on_aggregation(self, aggregation: Aggregation) -> dict[str, Any] | None:
        return {"summary": f"{aggregation.count} failures"} if aggregation.count >= 3 else None


class NoHooks:
    id = "no-hooks"
    name = "No hooks"
    query = "*"


class BadQuery:
    id = "bad-query"
    name = "Bad"
    query = "details.x:("

    def on_event(self, event: dict[str, Any]) -> None:
        return None


def eps(**targets: str) -> list[EntryPoint]:
    return [EntryPoint(name, value, "mozdef.rules") for name, value in targets.items()]


HERE = __name__


def test_discovery_validates_and_names_bad_plugins() -> None:
    rules, errors = load_python_rules(
        eps(
            sudo=f"{HERE}:SudoToRoot",
            hooks=f"{HERE}:NoHooks",
            query=f"{HERE}:BadQuery",
            missing="tests.alerter.no_such_module:Rule",
        )
    )
    assert [r.rule.id for r in rules] == ["sudo-root"]
    assert rules[0].rule.rule_type == "python"
    assert rules[0].rule.severity == "NOTICE"
    text = sorted(str(e) for e in errors)
    assert any("'bad-query'" in t and "does not parse" in t for t in text)
    assert any("'no-hooks'" in t and "neither on_event nor on_aggregation" in t for t in text)
    assert any("'missing'" in t and "cannot load" in t for t in text)


async def test_python_rules_raise_alerts_on_the_stream(parts: Parts) -> None:
    rules, errors = load_python_rules(eps(sudo=f"{HERE}:SudoToRoot", many=f"{HERE}:ManyFailures"))
    assert errors == []
    stream = engine(parts, "", python=rules)
    sudo = make_event(details={"program": "sudo", "user": "ann", "target": "root"})
    other = make_event(details={"program": "sudo", "user": "ann", "target": "www"})
    fails = [make_event(utctimestamp=at(m), details={"action": "failed", "user": "bob"}) for m in (0, 1)]
    await stream.handle(messages(sudo, other, *fails))
    await stream.handle(messages(make_event(utctimestamp=at(2), details={"action": "failed", "user": "bob"})))
    alerts = [orjson.loads(m.value) for m in await read_topic(parts.bus, 2)]
    assert [(a["rule_id"], a["summary"], a["severity"]) for a in alerts] == [
        ("sudo-root", "ann became root", "WARNING"),
        ("many-failures", "3 failures", "WARNING"),
    ]
    assert alerts[1]["group"] == {"details.user": "bob"}
    assert alerts[0]["rule_type"] == "python"
