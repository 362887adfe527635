"""The indexer on the real embedded bus and tantivy store: stored, published, or dead-lettered."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import orjson
import pytest

from mozdef_common import topics
from mozdef_common.bus import Bus, Message, Record, open_bus
from mozdef_common.query.parser import parse_query
from mozdef_common.settings import CommonSettings
from mozdef_common.store import SearchRequest, open_event_store
from mozdef_common.telemetry import StageMetrics
from mozdef_indexer.app import Indexer, run
from mozdef_indexer.batch import sort_batch
from mozdef_indexer.settings import IndexerSettings
from tests.support.events import make_event


def message(value: bytes, topic: str = topics.NORMALIZED, offset: int = 0) -> Message:
    return Message(topic=topic, partition=0, offset=offset, value=value, key=b"k")


def test_sort_batch_separates_events_dead_letters_and_garbage() -> None:
    good = make_event(id="good")
    letter = make_event(id="letter", category="deadletter")
    batch = sort_batch(
        [
            message(orjson.dumps(good)),
            message(b"{broken", offset=1),
            message(b'["not", "an", "object"]', offset=2),
            message(orjson.dumps(letter), topic=topics.DEADLETTER, offset=3),
            message(b"\xff\xfe", topic=topics.DEADLETTER, offset=4),
        ]
    )
    assert [e["id"] for e in batch.events] == ["good"]
    assert [m.offset for m in batch.event_messages] == [0]
    assert len(batch.rejected) == 2  # sent to mozdef.deadletter, never lost
    reasons = [orjson.loads(r.value)["details"]["reason"] for r in batch.rejected]
    assert reasons[0].startswith("not JSON")
    assert reasons[1] == "not a JSON object with a string id"
    # A broken dead letter is stored as a fresh one instead of going round the topic again.
    assert batch.deadletters[0]["id"] == "letter"
    assert batch.deadletters[1]["category"] == "deadletter"
    assert batch.deadletters[1]["details"]["offset"] == 4


@pytest.fixture
async def bus(tmp_path: Path) -> AsyncIterator[Bus]:
    bus = open_bus(CommonSettings(data_dir=tmp_path))
    await bus.start()
    yield bus
    await bus.close()


async def read_all(bus: Bus, topic: str, expected: int) -> list[Message]:
    consumer = await bus.consumer([topic], f"reader-{topic}")
    try:
        out: list[Message] = []
        for _ in range(50):
            out += await consumer.getmany(1000, 0.1)
            if len(out) >= expected:
                break
        return out
    finally:
        await consumer.close()


async def test_handle_stores_publishes_and_deadletters_rejections(tmp_path: Path, bus: Bus) -> None:
    store = open_event_store(CommonSettings(data_dir=tmp_path), writer=True)
    indexer = Indexer(store, bus.producer(), StageMetrics("indexer"))
    good = [make_event(id=f"ok-{i}", hostname="h1") for i in range(3)]
    bad = make_event(id="bad", utctimestamp="yesterday-ish")
    values = [orjson.dumps(e) for e in [*good, bad]]
    await indexer.handle([message(v, offset=i) for i, v in enumerate(values)])
    await indexer.handle([message(v, offset=i) for i, v in enumerate(values)])  # a replay

    result = await store.search(SearchRequest(parse_query("hostname:h1")))
    assert sorted(hit.id for hit in result.hits) == ["ok-0", "ok-1", "ok-2"]  # once each
    indexed = await read_all(bus, topics.INDEXED, 6)
    assert [m.value for m in indexed] == values[:3] * 2  # bytes as they came
    letters = await read_all(bus, topics.DEADLETTER, 2)
    reason = orjson.loads(letters[0].value)["details"]["reason"]
    assert "store rejected the event" in reason
    assert "utctimestamp" in reason
    await store.close()


async def test_run_indexes_normalized_and_deadletter_topics(tmp_path: Path, bus: Bus) -> None:
    settings = IndexerSettings(data_dir=tmp_path)
    await bus.producer().send_batch(
        topics.NORMALIZED, [Record(orjson.dumps(make_event(id="n1", hostname="h2")))]
    )
    await bus.producer().send_batch(
        topics.DEADLETTER, [Record(orjson.dumps(make_event(id="d1", category="deadletter")))]
    )
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(run(settings, stop, ready=ready))
    await asyncio.wait_for(ready.wait(), 10)
    reader = open_event_store(CommonSettings(data_dir=tmp_path))
    try:
        for _ in range(100):
            events = await reader.search(SearchRequest(parse_query("*")))
            letters = await reader.search(SearchRequest(parse_query("*"), family="deadletter"))
            if events.total and letters.total:
                break
            await asyncio.sleep(0.05)
        assert [h.id for h in events.hits] == ["n1"]
        assert [h.id for h in letters.hits] == ["d1"]
        assert letters.hits[0].index.startswith("deadletter-")
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        await reader.close()
