"""Profiles built from alerts published on the real embedded bus, into the real SQLite state store."""

from __future__ import annotations

import asyncio

import pytest

from mozdef_api.alerts.consumer import AlertConsumer
from mozdef_api.attackers.consumer import AttackerConsumer
from mozdef_api.attackers.store import attackers, merge
from mozdef_common.bus import Bus
from mozdef_common.state import Document
from tests.api.alerts.conftest import publish
from tests.api.attackers.conftest import attack, count_alerts, messages
from tests.support.api import Api


async def profiles(api: Api) -> dict[str, Document]:
    _, docs = await attackers(api.state).find(limit=1000)
    return {doc["id"]: doc for doc in docs}


async def until(api: Api, predicate: object, timeout_s: float = 15.0) -> dict[str, Document]:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        docs = await profiles(api)
        if callable(predicate) and predicate(docs):
            return docs
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"profiles never matched: {docs}")
        await asyncio.sleep(0.05)


async def test_profiles_build_from_published_alerts_beside_the_alert_consumer(api: Api, bus: Bus) -> None:
    alerts = [attack("203.0.113.7"), attack("203.0.113.7", category="scan"), attack("2001:DB8::1")]
    await publish(bus, [alerts[0], b"{not json", alerts[1], attack(None), alerts[2]])
    consumer, stored = AttackerConsumer(api.app, bus), AlertConsumer(api.app, bus)
    await consumer.start()
    await stored.start()
    try:
        docs = await until(api, lambda d: sum(p["alert_count"] for p in d.values()) == 3)
        # Its own group: the alert consumer read the same alerts too.
        while await api.state.collection("alerts").count() < 4:
            await asyncio.sleep(0.05)
    finally:
        await stored.close()
        await consumer.close()
    assert sorted(docs) == ["2001:db8::1", "203.0.113.7"]
    one = docs["203.0.113.7"]
    assert (one["alert_count"], one["event_count"]) == (2, 20)
    assert one["first_seen"] <= one["last_seen"]
    received = consumer.metrics.registry.get_sample_value(
        "mozdef_events_dropped_total", {"stage": "api-attackers", "reason": "invalid_alert"}
    )
    assert received == 1


async def test_a_replayed_batch_writes_nothing(api: Api, bus: Bus) -> None:
    alerts = [attack("203.0.113.7"), attack("203.0.113.7"), attack("198.51.100.2")]
    consumer = AttackerConsumer(api.app, bus)
    await consumer.handle(messages(alerts))
    before = await profiles(api)
    await consumer.handle(messages(alerts))  # as after a crash before the commit
    await AttackerConsumer(api.app, bus).handle(messages(alerts[::-1]))  # another replica, other order
    after = await profiles(api)
    assert {k: v["version"] for k, v in after.items()} == {k: v["version"] for k, v in before.items()}
    assert after["203.0.113.7"]["alert_count"] == 2


async def test_dedup_republication_adds_events_not_alerts(api: Api, bus: Bus) -> None:
    alert = attack("203.0.113.7", event_count=10)
    await count_alerts(api, bus, [alert])
    # Two updates of the same alert in one batch, then the last again in the next.
    grown = {**alert, "event_count": 15, "last_seen": alert["last_seen"]}
    grown_more = {**alert, "event_count": 40}
    await count_alerts(api, bus, [grown, grown_more])
    await count_alerts(api, bus, [grown_more, grown])
    doc = (await profiles(api))["203.0.113.7"]
    assert (doc["alert_count"], doc["event_count"]) == (1, 40)


async def test_alerts_for_an_alias_update_the_merged_profile(api: Api, bus: Bus) -> None:
    await count_alerts(api, bus, [attack("203.0.113.7"), attack("198.51.100.2", event_count=3)])
    primary, absorbed = await merge(attackers(api.state), "203.0.113.7", ["198.51.100.2"])
    assert absorbed == ["198.51.100.2"]
    assert (primary["alert_count"], primary["event_count"]) == (2, 13)
    await count_alerts(api, bus, [attack("198.51.100.2", event_count=5)])
    docs = await profiles(api)
    assert docs["198.51.100.2"]["alias_of"] == "203.0.113.7"
    assert docs["198.51.100.2"]["alert_count"] == 1  # frozen as it was merged
    assert (docs["203.0.113.7"]["alert_count"], docs["203.0.113.7"]["event_count"]) == (3, 18)
    again, absorbed = await merge(attackers(api.state), "203.0.113.7", ["198.51.100.2"])
    assert absorbed == []
    assert again["version"] == docs["203.0.113.7"]["version"]


@pytest.mark.parametrize("others", [["10.1.1.1"], ["10.1.1.1", "10.2.2.2"]])
async def test_merging_a_merged_profile_moves_its_aliases(api: Api, bus: Bus, others: list[str]) -> None:
    await count_alerts(api, bus, [attack(a) for a in ["10.0.0.1", "10.1.1.1", "10.2.2.2"]])
    collection = attackers(api.state)
    if others == ["10.1.1.1"]:  # 10.1.1.1 absorbed 10.2.2.2 first
        await merge(collection, "10.1.1.1", ["10.2.2.2"])
    primary, _ = await merge(collection, "10.0.0.1", others)
    assert primary["alert_count"] == 3
    assert sorted(primary["aliases"]) == ["10.1.1.1", "10.2.2.2"]
    docs = await profiles(api)
    assert docs["10.2.2.2"]["alias_of"] == "10.0.0.1"
