"""The real stage on the embedded bus: raw in, normalized and dead letters out, metrics counted."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson
import pytest

from mozdef_common import topics
from mozdef_common.bus import Message, Record, open_bus
from mozdef_common.errors import BusFullError
from mozdef_common.telemetry import StageMetrics
from mozdef_common.types import Event
from mozdef_enrich.app import BatchHandler, run
from mozdef_enrich.envelope import stable_id
from mozdef_enrich.pipeline import Pipeline
from mozdef_enrich.plugins import Drop
from mozdef_enrich.settings import EnrichSettings

from .support import registered

RECEIVED = b"2026-11-27T18:30:05.000000+00:00"


def ingest_record(event_id: str, body: bytes, endpoint: bytes = b"events") -> Record:
    key = event_id.encode()
    headers = ((topics.H_ID, key), (topics.H_RECEIVED, RECEIVED), (topics.H_ENDPOINT, endpoint))
    return Record(body, key, headers)


async def read(bus: object, topic: str, count: int) -> list[Message]:
    consumer = await bus.consumer([topic], f"test-{topic}")  # type: ignore[attr-defined]
    found: list[Message] = []
    try:
        async with asyncio.timeout(20):
            while len(found) < count:
                found.extend(await consumer.getmany(100, 0.1))
    finally:
        await consumer.close()
    return found


async def test_the_stage_end_to_end(tmp_path: Path) -> None:
    settings = EnrichSettings(data_dir=tmp_path)
    bus = open_bus(settings)
    await bus.start()
    try:
        await bus.producer().send_batch(
            topics.RAW,
            [
                ingest_record(
                    "id-ssh",
                    b'{"program": "sshd", "message": "Accepted password for a from 10.0.0.1 port 2 ssh2"}',
                ),
                ingest_record("id-custom", b'{"anything": {"goes": 1}}', b"custom"),
                Record(b'{"message": "straight from a Kafka shipper"}'),  # no headers at all
                Record(b"{truncated"),
            ],
        )
        stop, ready, metrics = asyncio.Event(), asyncio.Event(), StageMetrics("enrich")
        task = asyncio.create_task(run(settings, stop, ready=ready, metrics=metrics))
        async with asyncio.timeout(20):
            await ready.wait()
        normalized = await read(bus, topics.NORMALIZED, 3)
        dead = await read(bus, topics.DEADLETTER, 1)
        stop.set()
        async with asyncio.timeout(20):
            await task
    finally:
        await bus.close()

    events = {m.key: orjson.loads(m.value) for m in normalized}
    ssh = events[b"id-ssh"]
    assert ssh["details"]["username"] == "a"
    assert ssh["receivedtimestamp"] == RECEIVED.decode()
    assert ssh["mozdef"]["plugins"] == ["sshd", "ipfixup", "geoip", "intel", "truncate"]
    assert events[b"id-custom"]["details"] == {"anything": {"goes": 1}}
    kafka_id = stable_id(topics.RAW, 0, 2)
    assert events[kafka_id.encode()]["mozdef"]["endpoint"] == "kafka"
    assert all(m.header(topics.H_ID) == m.key for m in normalized)

    letter = orjson.loads(dead[0].value)
    assert letter["id"] == stable_id(topics.RAW, 0, 3)
    assert letter["details"]["raw"] == "{truncated"
    assert letter["details"]["reason"].startswith("invalid_json")

    text = metrics.render().decode()
    assert 'mozdef_events_received_total{stage="enrich"} 4.0' in text
    assert 'mozdef_events_sent_total{stage="enrich"} 3.0' in text
    assert 'mozdef_events_deadlettered_total{reason="invalid_json",stage="enrich"} 1.0' in text


class FakeProducer:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.sent: dict[str, list[Record]] = {}

    async def send_batch(self, topic: str, records: Sequence[Record]) -> None:
        if self.fail:
            raise BusFullError("full", topic=topic)
        self.sent.setdefault(topic, []).extend(records)


class DropsAndFails:
    name, priority, registration = "picky", 1, ("*",)

    def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
        if event["summary"] == "drop me":
            raise Drop("noise")
        if event["summary"] == "break me":
            raise RuntimeError("bug")
        return event


def raw(summary: str, offset: int) -> Message:
    return Message(topics.RAW, 0, offset, orjson.dumps({"message": summary}))


async def test_batch_handler_counts_drops_and_plugin_errors_once_sent() -> None:
    metrics = StageMetrics("enrich")
    producer = FakeProducer()
    handler = BatchHandler(Pipeline(registered(DropsAndFails())), producer, metrics)
    await handler([raw("ok", 0), raw("drop me", 1), raw("break me", 2), Message(topics.RAW, 0, 3, b"[]")])
    assert len(producer.sent[topics.NORMALIZED]) == 2
    assert len(producer.sent[topics.DEADLETTER]) == 1
    text = metrics.render().decode()
    assert 'mozdef_events_dropped_total{reason="picky: noise",stage="enrich"} 1.0' in text
    assert 'mozdef_errors_total{kind="plugin:picky",stage="enrich"} 1.0' in text
    assert 'mozdef_events_deadlettered_total{reason="not_an_object",stage="enrich"} 1.0' in text


async def test_a_failed_send_counts_nothing_so_the_retry_is_not_counted_twice() -> None:
    metrics = StageMetrics("enrich")
    handler = BatchHandler(Pipeline(), FakeProducer(fail=True), metrics)
    with pytest.raises(BusFullError):
        await handler([raw("ok", 0)])
    assert 'mozdef_events_received_total{stage="enrich"} 0.0' in metrics.render().decode()
