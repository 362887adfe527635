"""Alerts through the sink: built as docs/rules.md says, deduplicated within the window, durable."""

from __future__ import annotations

import orjson

from mozdef_alerter.alerts import render_summary
from mozdef_api.alerts.model import decode_alert
from mozdef_common.query.parser import parse_query
from mozdef_common.rules import MatchRule
from mozdef_common.store import SearchRequest
from tests.alerter.conftest import Parts, read_topic, sample_value
from tests.support.events import make_event

RULE = MatchRule.model_validate(
    {
        "id": "root-login",
        "name": "Root login",
        "type": "match",
        "query": "details.username:root",
        "summary": "{count} root logins from {details.sourceipaddress} ({rule})",
        "severity": "ERROR",
        "tags": ["ssh"],
        "dedup": {"key": ["details.sourceipaddress"], "window": "10m"},
        "sample": 2,
    }
)


def login(ip: str, n: int) -> dict[str, object]:
    return make_event(
        id=f"ev-{ip}-{n}", summary=f"login {n}", details={"username": "root", "sourceipaddress": ip}
    )


def test_summary_template() -> None:
    first = {"details": {"sourceipaddress": "10.0.0.1"}}
    text = render_summary("{count} from {details.sourceipaddress} by {rule}; {missing}", "R", 3, {}, first)
    assert text == "3 from 10.0.0.1 by R; "


async def test_repeated_matches_update_the_open_alert_until_the_window_ends(parts: Parts) -> None:
    first = await parts.sink.raise_alert(RULE, [login("10.0.0.1", 1)], {})
    assert first["summary"] == "1 root logins from 10.0.0.1 (Root login)"
    assert first["dedup_key"] == "root-login|10.0.0.1"
    assert first["rule_type"] == "match"
    assert first["severity"] == "ERROR"
    assert first["tags"] == ["ssh"]
    assert first["events"][0] == {
        "id": "ev-10.0.0.1-1",
        "index": "events-20261127",
        "utctimestamp": "2026-11-27T10:00:00.000000+00:00",
        "summary": "login 1",
    }
    parts.clock.advance(minutes=5)
    second = await parts.sink.raise_alert(RULE, [login("10.0.0.1", 2), login("10.0.0.1", 3)], {})
    assert second["id"] == first["id"]
    assert second["event_count"] == 3
    assert second["utctimestamp"] == first["utctimestamp"]
    assert second["last_seen"] > first["last_seen"]
    assert [ref["id"] for ref in second["events"]] == ["ev-10.0.0.1-1", "ev-10.0.0.1-2"]  # sample: 2
    other = await parts.sink.raise_alert(RULE, [login("10.0.0.2", 1)], {})
    assert other["id"] != first["id"]
    parts.clock.advance(minutes=6)  # 11 minutes after the first: the window is over
    third = await parts.sink.raise_alert(RULE, [login("10.0.0.1", 4)], {})
    assert third["id"] != first["id"]
    assert third["event_count"] == 1

    published = await read_topic(parts.bus, 4)
    assert [m.key for m in published] == [a["id"].encode() for a in (first, second, other, third)]
    for message in published:
        decode_alert(message.value)  # what the api's consumer accepts
    assert orjson.loads(published[1].value)["event_count"] == 3
    assert sample_value(parts.metrics, "mozdef_alerter_alerts_raised_total", "root-login") == 3
    assert sample_value(parts.metrics, "mozdef_alerter_alerts_deduplicated_total", "root-login") == 1

    stored = await parts.store.search(
        SearchRequest(parse_query("details.rule_id:root-login"), family="alerts")
    )
    assert stored.total == 3  # the update replaced the first alert (same id)
    updated = next(hit for hit in stored.hits if hit.id == first["id"])
    assert updated.source["event_count"] == 3
    assert updated.index.startswith("alerts-")


async def test_a_replayed_batch_counts_nothing_twice(parts: Parts) -> None:
    events = [login("10.0.0.9", 1), login("10.0.0.9", 2)]
    first = await parts.sink.raise_alert(RULE, events, {})
    again = await parts.sink.raise_alert(RULE, events, {})
    assert again == first  # published again as it is: harmless, same id and content
    assert sample_value(parts.metrics, "mozdef_alerter_alerts_deduplicated_total", "root-login") == 0


def test_a_match_rules_group_is_its_dedup_key() -> None:
    # what the attacker profiles read: the source address a match alert was deduplicated on
    assert RULE.group_fields() == ["details.sourceipaddress"]
    assert RULE.dedup_fields() == ["details.sourceipaddress"]
    bare = MatchRule.model_validate({"id": "r", "name": "R", "type": "match", "query": "x:1"})
    assert bare.group_fields() == bare.dedup_fields() == []
