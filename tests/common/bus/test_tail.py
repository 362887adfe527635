"""What every bus's groupless tail reader does (run against each backend by the ``bus`` fixture)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from mozdef_common.bus.base import Bus, Offsets, Record
from tests.common.bus.helpers import drain

Names = Callable[[str], str]


async def test_tail_starts_at_the_end(bus: Bus, unique: Names) -> None:
    topic = unique("tail-end")
    await bus.producer().send_batch(topic, [Record(f"old{i}".encode(), key=b"k") for i in range(3)])
    tail = await bus.tail(topic)
    try:
        await bus.producer().send_batch(topic, [Record(b"new0", key=b"k"), Record(b"new1", key=b"k")])
        got = await drain(tail, 2)
        assert [m.value for m in got] == [b"new0", b"new1"]
        assert await tail.getmany(10, 0.3) == []
    finally:
        await tail.close()


async def test_tail_of_a_topic_nobody_wrote_yet(bus: Bus, unique: Names) -> None:
    topic = unique("tail-new")
    tail = await bus.tail(topic)
    try:
        assert await tail.getmany(10, 0.2) == []
        await bus.producer().send_batch(topic, [Record(b"first")])
        assert [m.value for m in await drain(tail, 1)] == [b"first"]
    finally:
        await tail.close()


async def test_tail_reads_every_partition(bus: Bus, unique: Names) -> None:
    topic = unique("tail-all")
    tail = await bus.tail(topic)
    try:
        # Many keys: on Kafka they spread over every partition.
        values = {f"v{i}".encode() for i in range(30)}
        await bus.producer().send_batch(topic, [Record(v, key=v) for v in sorted(values)])
        assert {m.value for m in await drain(tail, 30)} == values
    finally:
        await tail.close()


async def test_tails_and_groups_each_see_everything(bus: Bus, unique: Names) -> None:
    topic = unique("tail-many")
    first, second = await bus.tail(topic), await bus.tail(topic)
    group = await bus.consumer([topic], unique("group"))
    try:
        await bus.producer().send_batch(topic, [Record(f"m{i}".encode(), key=b"k") for i in range(20)])
        expected = [f"m{i}".encode() for i in range(20)]
        assert [m.value for m in await drain(first, 20)] == expected
        assert [m.value for m in await drain(second, 20)] == expected
        assert [m.value for m in await drain(group, 20)] == expected
    finally:
        await first.close()
        await second.close()
        await group.close()


async def test_tail_after_offsets_starts_right_after_them(bus: Bus, unique: Names) -> None:
    topic = unique("tail-after")
    await bus.producer().send_batch(topic, [Record(f"m{i}".encode(), key=b"k") for i in range(6)])
    reader = await bus.consumer([topic], unique("group"))
    try:
        written = await drain(reader, 6)
    finally:
        await reader.close()
    partition = written[0].partition
    tail = await bus.tail(topic, after={partition: written[2].offset})
    try:
        got = await drain(tail, 3)
        assert [m.value for m in got] == [b"m3", b"m4", b"m5"]
        assert [m.offset for m in got] == [m.offset for m in written[3:]]
        assert await tail.getmany(10, 0.3) == []
    finally:
        await tail.close()


async def test_tail_after_an_offset_past_the_end_starts_at_the_end(bus: Bus, unique: Names) -> None:
    topic = unique("tail-past")
    await bus.producer().send_batch(topic, [Record(b"old", key=b"k")])
    probe = await bus.consumer([topic], unique("group"))
    try:
        partition = (await drain(probe, 1))[0].partition
    finally:
        await probe.close()
    tail = await bus.tail(topic, after={partition: 1_000_000})
    try:
        await bus.producer().send_batch(topic, [Record(b"new", key=b"k")])
        assert [m.value for m in await drain(tail, 1)] == [b"new"]
    finally:
        await tail.close()


async def test_tail_commit_does_nothing_and_lag_is_a_mapping(bus: Bus, unique: Names) -> None:
    topic = unique("tail-commit")
    tail = await bus.tail(topic)
    try:
        await bus.producer().send_batch(topic, [Record(b"x", key=b"k")])
        got = await drain(tail, 1)
        await tail.commit(Offsets.after(got))
        assert all(n >= 0 for n in (await tail.lag()).values())
        assert await tail.getmany(10, 0.2) == []
    finally:
        await tail.close()


async def test_tail_sees_a_new_message_well_under_a_second(bus: Bus, unique: Names) -> None:
    topic = unique("tail-latency")
    tail = await bus.tail(topic)
    try:
        # The reader waits first (as a live reader does), then the write lands.
        waiting = asyncio.create_task(tail.getmany(10, 5.0))
        await asyncio.sleep(0.3)
        sent = time.monotonic()
        await bus.producer().send_batch(topic, [Record(b"now", key=b"k")])
        got = await asyncio.wait_for(waiting, 10)
        elapsed = time.monotonic() - sent
    finally:
        await tail.close()
    assert [m.value for m in got] == [b"now"]
    assert elapsed < 1.0
