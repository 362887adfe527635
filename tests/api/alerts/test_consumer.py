"""The alert consumer on the real embedded bus (and once on Kafka) and the real SQLite state store."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import orjson
import pytest

from mozdef_api.alerts import transitions
from mozdef_api.alerts.consumer import AlertConsumer
from mozdef_api.alerts.store import alerts, modify
from mozdef_api.settings import ApiSettings
from mozdef_common import topics
from mozdef_common.bus import Bus, Message
from mozdef_common.state import Document
from tests.api.alerts.conftest import make_alert, publish, read_topic, wait_for
from tests.support.api import Api, running_api


def sample(api: Api, name: str, **labels: str) -> float:
    value = api.app.state.metrics.registry.get_sample_value(name, {"stage": "api", **labels})
    return float(value or 0)


async def stored(api: Api) -> dict[str, Document]:
    _, docs = await alerts(api.state).find(limit=1000)
    return {doc["id"]: doc for doc in docs}


async def until_stored(api: Api, n: int) -> dict[str, Document]:
    async def enough() -> bool:
        return await alerts(api.state).count() >= n

    await wait_for(enough)
    return await stored(api)


async def test_alerts_are_stored_and_malformed_ones_dead_lettered(api: Api, bus: Bus) -> None:
    good = [make_alert() for _ in range(3)]
    await publish(bus, [good[0], b"{not json", good[1], {"summary": "no id"}, good[2]])
    consumer = AlertConsumer(api.app, bus)
    await consumer.start()
    try:
        docs = await until_stored(api, 3)
    finally:
        await consumer.close()
    assert sorted(docs) == sorted(a["id"] for a in good)
    first = docs[good[0]["id"]]
    assert first["status"] == "open"
    assert first["summary"] == good[0]["summary"]
    assert first["events"] == good[0]["events"]
    assert first["version"] == 1

    letters = [orjson.loads(m.value) for m in await read_topic(bus, topics.DEADLETTER, 2)]
    reasons = sorted(letter["details"]["reason"] for letter in letters)
    assert reasons[0].startswith("not an alert: id missing")
    assert reasons[1].startswith("not an alert: not JSON")
    assert {letter["details"]["stage"] for letter in letters} == {"api-alerts"}
    assert {letter["details"]["offset"] for letter in letters} == {1, 3}  # where to find the original
    assert letters[0]["details"]["raw"] in ("{not json", '{"summary":"no id"}')

    assert sample(api, "mozdef_events_received_total") == 5
    assert sample(api, "mozdef_events_sent_total") == 3
    assert sample(api, "mozdef_events_deadlettered_total", reason="invalid_alert") == 2


async def test_a_republished_alert_updates_the_count_but_keeps_the_triage(api: Api, bus: Bus) -> None:
    alert = make_alert(event_count=2)
    await publish(bus, [alert])
    consumer = AlertConsumer(api.app, bus)
    await consumer.start()
    try:
        await until_stored(api, 1)
        doc, _ = await modify(
            alerts(api.state), alert["id"], lambda d: transitions.acknowledge(d, actor="ann", now="t")
        )
        assert doc["status"] == "acknowledged"
        # The alerter's idea of the status never overrides the analyst's.
        later = {**alert, "event_count": 9, "last_seen": "2999-01-01T00:00:00+00:00", "status": "open"}
        await publish(bus, [later])

        async def counted() -> bool:
            doc = await alerts(api.state).get(alert["id"])
            return bool(doc["event_count"] == 9)

        await wait_for(counted)
    finally:
        await consumer.close()
    doc = await alerts(api.state).get(alert["id"])
    assert doc["status"] == "acknowledged"
    assert doc["acknowledged"] == {"by": "ann", "at": "t"}
    assert doc["last_seen"] == "2999-01-01T00:00:00.000000+00:00"
    assert doc["version"] == 3  # insert, acknowledgement, count update
    assert await alerts(api.state).count() == 1


class CrashesAfterStoring(AlertConsumer):
    """Dies after storing its second batch and before the loop commits it: a kill at the worst moment."""

    batches = 0

    async def handle(self, messages: list[Message]) -> None:
        await super().handle(messages)
        self.batches += 1
        if self.batches == 2:
            raise RuntimeError("killed between the store write and the commit")


async def test_offsets_are_committed_only_after_storage(api: Api, bus: Bus) -> None:
    sent = [make_alert() for _ in range(30)]
    await publish(bus, sent)
    crashing = CrashesAfterStoring(api.app, bus, batch_size=10)
    with pytest.raises(RuntimeError, match="killed"):
        await asyncio.wait_for(crashing.run(asyncio.Event()), 30)
    assert len(await stored(api)) == 20  # two batches stored, only the first committed
    received_before = sample(api, "mozdef_events_received_total")

    restarted = AlertConsumer(api.app, bus, batch_size=10)
    await restarted.start()
    try:
        docs = await until_stored(api, 30)
        # The second batch is read again (it was never committed), the first is not.
        await wait_for(lambda: _received(api, received_before + 20))
    finally:
        await restarted.close()
    assert sorted(docs) == sorted(a["id"] for a in sent)  # nothing lost
    assert {doc["version"] for doc in docs.values()} == {1}  # nothing written twice
    assert sample(api, "mozdef_events_received_total") == received_before + 20


class StallsAfterStoring(AlertConsumer):
    """Stores its third batch, then hangs before the commit until it is cancelled."""

    batches = 0

    async def handle(self, messages: list[Message]) -> None:
        await super().handle(messages)
        self.batches += 1
        if self.batches == 3:
            await asyncio.Event().wait()


async def test_a_consumer_cancelled_mid_batch_loses_and_duplicates_nothing(api: Api, bus: Bus) -> None:
    sent = [make_alert() for _ in range(60)]
    await publish(bus, sent)
    first = StallsAfterStoring(api.app, bus, batch_size=7)
    task = asyncio.create_task(first.run(asyncio.Event()))
    await wait_for(lambda: _at_least(api, 21))
    task.cancel()  # stored, not committed: the worst moment
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await alerts(api.state).count() < 60

    second = AlertConsumer(api.app, bus, batch_size=7)
    await second.start()
    try:
        docs = await until_stored(api, 60)
    finally:
        await second.close()
    assert sorted(docs) == sorted(a["id"] for a in sent)
    assert {doc["version"] for doc in docs.values()} == {1}


async def _at_least(api: Api, n: int) -> bool:
    return await alerts(api.state).count() >= n


async def _received(api: Api, n: float) -> bool:
    return sample(api, "mozdef_events_received_total") >= n


@pytest.fixture
async def kafka_bus(kafka_bootstrap: str) -> AsyncIterator[Bus]:
    from mozdef_common.bus.kafka import KafkaBus

    bus = KafkaBus(
        kafka_bootstrap,
        client_id="mozdef-alert-tests",
        partitions=3,
        request_timeout_ms=10_000,
        session_timeout_ms=2000,
        heartbeat_interval_ms=300,
    )
    await bus.start()
    yield bus
    await bus.close()


@pytest.mark.kafka
async def test_alerts_are_stored_from_kafka(tmp_path: Path, kafka_bus: Bus) -> None:
    suffix = uuid.uuid4().hex[:10]
    topic, group = f"test.alerts.{suffix}", f"test.api-alerts.{suffix}"
    sent = [make_alert() for _ in range(5)]
    await publish(kafka_bus, [*sent, b"not an alert"], topic=topic)
    async with running_api(ApiSettings(data_dir=tmp_path)) as api:
        consumer = AlertConsumer(api.app, kafka_bus, topic=topic, group=group)
        await consumer.start()
        try:
            docs = await until_stored(api, 5)
        finally:
            await consumer.close()
        assert sorted(docs) == sorted(a["id"] for a in sent)
        reasons = await _letters_from(kafka_bus, topic, f"test.reader.{suffix}")
        assert len(reasons) == 1
        assert reasons[0].startswith("not an alert: not JSON")


async def _letters_from(bus: Bus, topic: str, group: str) -> list[str]:
    """The reasons of the dead letters of ``topic`` (the broker's dead-letter topic is shared)."""
    reader = await bus.consumer([topics.DEADLETTER], group)
    try:
        for _ in range(100):
            for message in await reader.getmany(1000, 0.1):
                details = orjson.loads(message.value)["details"]
                if details.get("topic") == topic:
                    return [str(details["reason"])]
        return []
    finally:
        await reader.close()
