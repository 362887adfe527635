"""What every bus does, whatever carries the bytes (run against each backend by the ``bus`` fixture)."""

from __future__ import annotations

import time
from collections.abc import Callable

from mozdef_common.bus.base import Bus, Message, Offsets, Record, TopicPartition
from tests.common.bus.helpers import drain

Names = Callable[[str], str]


async def test_round_trip_keeps_key_value_headers_and_order(bus: Bus, unique: Names) -> None:
    topic = unique("roundtrip")
    records = [
        Record(b'{"n": 0}', key=b"host-a", headers=(("mozdef-id", b"id-0"), ("bin", b"\x00\xff\x80"))),
        Record(b'{"n": 1}', key=b"host-a"),
        Record(b'{"n": 2}', key=b"host-a", headers=(("dup", b"1"), ("dup", b"2"), ("empty", b""))),
    ]
    consumer = await bus.consumer([topic], unique("group"))
    try:
        await bus.producer().send_batch(topic, records)
        got = await drain(consumer, 3)
    finally:
        await consumer.close()
    assert [(m.key, m.value, m.headers) for m in got] == [(r.key, r.value, r.headers) for r in records]
    assert {m.topic for m in got} == {topic}
    assert got[0].partition == got[1].partition == got[2].partition
    assert [m.offset for m in got] == sorted(m.offset for m in got)
    assert got[0].header("mozdef-id") == b"id-0"
    assert got[0].timestamp_ms > 0


async def test_batches_arrive_whole_and_within_max_records(bus: Bus, unique: Names) -> None:
    topic = unique("batches")
    producer = bus.producer()
    for b in range(5):
        await producer.send_batch(topic, [Record(f"{b}-{i}".encode(), key=b"k") for i in range(100)])
    consumer = await bus.consumer([topic], unique("group"))
    try:
        got: list[Message] = []
        deadline = time.monotonic() + 15
        while len(got) < 500 and time.monotonic() < deadline:
            batch = await consumer.getmany(64, 0.2)
            assert len(batch) <= 64
            got.extend(batch)
        assert await consumer.getmany(64, 0.2) == []
    finally:
        await consumer.close()
    assert [m.value for m in got] == [f"{b}-{i}".encode() for b in range(5) for i in range(100)]


async def test_two_groups_each_see_everything(bus: Bus, unique: Names) -> None:
    topic = unique("groups")
    values = {f"v{i}".encode() for i in range(50)}
    await bus.producer().send_batch(topic, [Record(v) for v in sorted(values)])
    first = await bus.consumer([topic], unique("first"))
    second = await bus.consumer([topic], unique("second"))
    try:
        assert {m.value for m in await drain(first, 50)} == values
        assert {m.value for m in await drain(second, 50)} == values
    finally:
        await first.close()
        await second.close()


async def test_group_resumes_after_last_commit_and_redelivers_the_rest(bus: Bus, unique: Names) -> None:
    topic, group = unique("resume"), unique("group")
    await bus.producer().send_batch(topic, [Record(f"m{i}".encode(), key=b"k") for i in range(10)])
    consumer = await bus.consumer([topic], group)
    try:
        got = await drain(consumer, 10)
        assert len(got) == 10
        await consumer.commit(Offsets.after(got[:4]))  # handled 4, then "crashed"
    finally:
        await consumer.close()

    again = await bus.consumer([topic], group)
    try:
        redelivered = await drain(again, 6)
        assert [m.value for m in redelivered] == [f"m{i}".encode() for i in range(4, 10)]
        assert await again.getmany(10, 0.3) == []
    finally:
        await again.close()


async def test_getmany_returns_empty_after_timeout(bus: Bus, unique: Names) -> None:
    consumer = await bus.consumer([unique("empty")], unique("group"))
    try:
        started = time.monotonic()
        assert await consumer.getmany(100, 0.3) == []
        elapsed = time.monotonic() - started
    finally:
        await consumer.close()
    assert 0.25 <= elapsed < 3.0


async def test_lag_counts_what_the_group_has_not_committed(bus: Bus, unique: Names) -> None:
    topic = unique("lag")
    await bus.producer().send_batch(topic, [Record(b"x", key=b"k") for _ in range(10)])
    consumer = await bus.consumer([topic], unique("group"))
    try:
        got = await drain(consumer, 10)
        assert sum((await consumer.lag()).values()) == 10  # read is not handled
        await consumer.commit(Offsets.after(got[:4]))
        lag = await consumer.lag()
        assert sum(lag.values()) == 6
        assert TopicPartition(topic, got[0].partition) in lag
        await consumer.commit(Offsets.after(got))
        assert sum((await consumer.lag()).values()) == 0
    finally:
        await consumer.close()


async def test_one_consumer_reads_several_topics(bus: Bus, unique: Names) -> None:
    a, b = unique("multi-a"), unique("multi-b")
    await bus.producer().send_batch(a, [Record(b"a1"), Record(b"a2")])
    await bus.producer().send_batch(b, [Record(b"b1")])
    consumer = await bus.consumer([a, b], unique("group"))
    try:
        got = await drain(consumer, 3)
        await consumer.commit(Offsets.after(got))
        assert sum((await consumer.lag()).values()) == 0
    finally:
        await consumer.close()
    assert sorted((m.topic, m.value) for m in got) == [(a, b"a1"), (a, b"a2"), (b, b"b1")]


async def test_ping_answers(bus: Bus) -> None:
    await bus.ping()
