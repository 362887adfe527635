"""What only the embedded bus promises: one log shared by processes, durable, trimmed, bounded, leased."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from mozdef_common.bus.base import Offsets, Record, TopicPartition
from mozdef_common.bus.embedded import EmbeddedBus
from mozdef_common.bus.embedded_codec import pack
from mozdef_common.bus.embedded_log import SCHEMA_VERSION, TopicLog
from mozdef_common.errors import BusFullError, BusUnavailableError
from tests.common.bus.helpers import drain

TOPIC = "mozdef.test"


@pytest.fixture
async def embedded(tmp_path: Path) -> AsyncIterator[EmbeddedBus]:
    bus = EmbeddedBus(tmp_path / "bus", max_bytes=64 * 1024 * 1024, trim_interval_s=0)
    await bus.start()
    try:
        yield bus
    finally:
        await bus.close()


def stats(directory: Path, topic: str = TOPIC) -> tuple[int, int, int]:
    """``(next_offset, low, bytes)`` as another connection sees them."""
    topic_log = TopicLog(directory, topic, max_bytes=1, busy_timeout_s=5)
    try:
        return topic_log.stats()
    finally:
        topic_log.close()


@contextmanager
def python(script: str, directory: Path) -> Iterator[subprocess.Popen[str]]:
    """Run ``script`` in a new interpreter (``DIR`` is the bus folder); kill only it afterwards."""
    proc = subprocess.Popen(
        [sys.executable, "-c", f"DIR = {str(directory)!r}\n" + textwrap.dedent(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)


def read_line(proc: subprocess.Popen[str], timeout_s: float = 20.0) -> str:
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout_s
    line = proc.stdout.readline()  # the scripts print promptly; the deadline guards the loop below
    assert line, f"subprocess ended early: {proc.stderr.read() if proc.stderr else ''}"
    assert time.monotonic() < deadline
    return line.strip()


async def test_another_process_produces_and_this_one_consumes(embedded: EmbeddedBus) -> None:
    consumer = await embedded.consumer([TOPIC], "g")
    script = """
        import asyncio
        from pathlib import Path
        from mozdef_common.bus.base import Record
        from mozdef_common.bus.embedded import EmbeddedBus

        async def main():
            bus = EmbeddedBus(Path(DIR))
            await bus.start()
            for b in range(3):
                await bus.producer().send_batch("mozdef.test", [Record(f"{b}-{i}".encode(), key=b"k",
                    headers=(("n", str(i).encode()),)) for i in range(200)])
            await bus.close()
            print("done", flush=True)

        asyncio.run(main())
    """
    try:
        with python(script, embedded.directory) as proc:
            assert await asyncio.to_thread(read_line, proc) == "done"
        got = await drain(consumer, 600)
    finally:
        await consumer.close()
    assert [m.value for m in got] == [f"{b}-{i}".encode() for b in range(3) for i in range(200)]
    assert got[5].key == b"k"
    assert got[5].header("n") == b"5"
    assert [m.offset for m in got] == list(range(600))


async def test_kill_9_loses_nothing_that_was_acknowledged(embedded: EmbeddedBus) -> None:
    script = """
        import asyncio
        from pathlib import Path
        from mozdef_common.bus.base import Record
        from mozdef_common.bus.embedded import EmbeddedBus

        async def main():
            bus = EmbeddedBus(Path(DIR))
            await bus.start()
            b = 0
            while True:
                await bus.producer().send_batch("mozdef.test", [Record(f"{b}-{i}".encode() * 20)
                    for i in range(500)])
                print(b, flush=True)
                b += 1

        asyncio.run(main())
    """
    with python(script, embedded.directory) as proc:
        acked = [int(await asyncio.to_thread(read_line, proc)) for _ in range(8)]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL
    last = acked[-1]
    written = stats(embedded.directory)[0]
    consumer = await embedded.consumer([TOPIC], "after-crash")
    try:
        values = {m.value for m in await drain(consumer, written)}
        assert await consumer.getmany(10, 0.1) == []
    finally:
        await consumer.close()
    assert len(values) == written
    missing = [(b, i) for b in range(last + 1) for i in range(500) if f"{b}-{i}".encode() * 20 not in values]
    assert missing == []
    # Whole batches or nothing: a batch cut by the kill is absent, never partly there.
    assert len(values) % 500 == 0


async def test_trims_batches_every_group_committed(embedded: EmbeddedBus) -> None:
    batch = [Record(b"x" * 100) for _ in range(10)]
    size = len(pack(batch))
    for _ in range(10):
        await embedded.producer().send_batch(TOPIC, batch)
    fast = await embedded.consumer([TOPIC], "fast")
    slow = await embedded.consumer([TOPIC], "slow")
    try:
        await fast.commit(Offsets.after(await drain(fast, 100)))
        assert stats(embedded.directory) == (100, 0, 10 * size)  # "slow" has committed nothing
        await slow.commit(Offsets.after((await drain(slow, 100))[:65]))
        await fast.commit(Offsets.after(await drain(fast, 100, timeout_s=0.2)))  # a later commit trims
        # Whole batches go: the one holding offsets 60-69 stays until all of it is committed.
        assert stats(embedded.directory) == (100, 60, 4 * size)
        assert sum((await slow.lag()).values()) == 35
    finally:
        await fast.close()
        await slow.close()
    # A group that joins now starts at the earliest message kept.
    late = await embedded.consumer([TOPIC], "late")
    try:
        assert [m.offset for m in await drain(late, 40)] == list(range(60, 100))
    finally:
        await late.close()


async def test_a_topic_without_groups_keeps_everything(embedded: EmbeddedBus) -> None:
    await embedded.producer().send_batch(TOPIC, [Record(b"x") for _ in range(10)])
    topic_log = TopicLog(embedded.directory, TOPIC, max_bytes=1, busy_timeout_s=5)
    try:
        assert topic_log.trim() == 0
        assert topic_log.stats() == (10, 0, len(pack([Record(b"x")] * 10)))
    finally:
        topic_log.close()


def test_a_topic_without_groups_keeps_its_newest_max_bytes(tmp_path: Path) -> None:
    size = len(pack([Record(b"x" * 100)]))
    topic_log = TopicLog(tmp_path, TOPIC, max_bytes=3 * size, busy_timeout_s=5)
    try:
        for i in range(5):
            topic_log.append([Record(bytes([65 + i]) * 100)])  # never full: the oldest make room
        assert topic_log.stats() == (5, 2, 3 * size)
        assert [m.value[:1] for m in topic_log.read(0, 10)] == [b"C", b"D", b"E"]
    finally:
        topic_log.close()


async def test_offsets_are_never_reused_after_a_full_trim(embedded: EmbeddedBus) -> None:
    consumer = await embedded.consumer([TOPIC], "g")
    try:
        await embedded.producer().send_batch(TOPIC, [Record(b"a"), Record(b"b")])
        await consumer.commit(Offsets.after(await drain(consumer, 2)))
        assert stats(embedded.directory) == (2, 2, 0)
        await embedded.producer().send_batch(TOPIC, [Record(b"c")])
        assert [(m.offset, m.value) for m in await drain(consumer, 1)] == [(2, b"c")]
    finally:
        await consumer.close()


async def test_full_topic_refuses_batches_until_consumed(tmp_path: Path) -> None:
    record = Record(b"x" * 1000)
    size = len(pack([record]))
    bus = EmbeddedBus(tmp_path / "bus", max_bytes=10 * size, trim_interval_s=3600)
    await bus.start()
    try:
        consumer = await bus.consumer([TOPIC], "g")
        producer = bus.producer()
        for _ in range(10):
            await producer.send_batch(TOPIC, [record])
        with pytest.raises(BusFullError) as caught:
            await producer.send_batch(TOPIC, [Record(b"x")])
        assert caught.value.topic == TOPIC
        assert stats(bus.directory)[0] == 10  # nothing of the refused batch was written
        # The trim interval is an hour: the full producer trims what was consumed itself.
        await consumer.commit(Offsets.after(await drain(consumer, 5)))
        await producer.send_batch(TOPIC, [record] * 5)  # one blob: a little under 5 * size
        with pytest.raises(BusFullError):
            await producer.send_batch(TOPIC, [record])
        assert stats(bus.directory) == (15, 5, 5 * size + len(pack([record] * 5)))
    finally:
        await bus.close()


def test_a_batch_larger_than_the_limit_goes_into_an_empty_topic(tmp_path: Path) -> None:
    topic_log = TopicLog(tmp_path, TOPIC, max_bytes=10, busy_timeout_s=5)
    try:
        topic_log.join("g")
        assert topic_log.append([Record(b"x" * 100)]) == (0, 1)
        with pytest.raises(BusFullError):
            topic_log.append([Record(b"x")])
    finally:
        topic_log.close()


def test_reads_start_inside_a_batch_and_span_batches(tmp_path: Path) -> None:
    topic_log = TopicLog(tmp_path, TOPIC, max_bytes=10**6, busy_timeout_s=5)
    try:
        topic_log.append([Record(f"{i}".encode(), key=b"k" if i % 2 else None) for i in range(5)])
        topic_log.append([Record(f"{i}".encode()) for i in range(5, 10)])
        got = topic_log.read(3, 4)
        assert [(m.offset, m.value, m.key) for m in got] == [
            (3, b"3", b"k"),
            (4, b"4", None),
            (5, b"5", None),
            (6, b"6", None),
        ]
        assert [m.offset for m in topic_log.read(9, 100)] == [9]
        assert topic_log.read(10, 100) == []
    finally:
        topic_log.close()


async def test_one_member_of_a_group_reads_at_a_time(embedded: EmbeddedBus) -> None:
    await embedded.producer().send_batch(TOPIC, [Record(f"{i}".encode()) for i in range(10)])
    first = await embedded.consumer([TOPIC], "g")
    second = await embedded.consumer([TOPIC], "g")
    try:
        got = await drain(first, 10)
        assert len(got) == 10
        await first.commit(Offsets.after(got[:3]))
        assert await second.getmany(10, 0.2) == []
        await first.close()  # releases the lease: the other member goes on from the commit
        assert [m.value for m in await drain(second, 7)] == [f"{i}".encode() for i in range(3, 10)]
    finally:
        await first.close()
        await second.close()


async def test_an_expired_lease_moves_and_the_old_holder_cannot_commit(tmp_path: Path) -> None:
    bus = EmbeddedBus(tmp_path / "bus", lease_ttl_s=0.3)
    await bus.start()
    try:
        await bus.producer().send_batch(TOPIC, [Record(f"{i}".encode()) for i in range(10)])
        stalled = await bus.consumer([TOPIC], "g")
        other = await bus.consumer([TOPIC], "g")
        got = await drain(stalled, 10)
        assert await other.getmany(10, 0.05) == []
        await asyncio.sleep(0.4)  # "stalled" neither polls nor commits for longer than the lease
        assert [m.offset for m in await drain(other, 10)] == list(range(10))
        await stalled.commit(Offsets.after(got))  # refused: "other" owns the group now
        assert sum((await other.lag()).values()) == 10
        assert await stalled.getmany(10, 0.05) == []
    finally:
        await bus.close()


async def test_the_lease_of_a_killed_process_moves_at_once(embedded: EmbeddedBus) -> None:
    await embedded.producer().send_batch(TOPIC, [Record(b"m")])
    script = """
        import asyncio, time
        from pathlib import Path
        from mozdef_common.bus.embedded import EmbeddedBus

        async def main():
            bus = EmbeddedBus(Path(DIR), lease_ttl_s=600)
            await bus.start()
            consumer = await bus.consumer(["mozdef.test"], "g")
            print(len(await consumer.getmany(10, 5)), flush=True)
            await asyncio.sleep(600)

        asyncio.run(main())
    """
    with python(script, embedded.directory) as proc:
        assert await asyncio.to_thread(read_line, proc) == "1"
        consumer = await embedded.consumer([TOPIC], "g")
        try:
            assert await consumer.getmany(10, 0.2) == []  # held by a live process
            proc.kill()
            proc.wait(timeout=10)
            started = time.monotonic()
            assert [m.value for m in await drain(consumer, 1, timeout_s=5)] == [b"m"]
            assert time.monotonic() - started < 2  # not the 600 s lease
        finally:
            await consumer.close()


async def test_ping_fails_when_the_directory_is_gone(tmp_path: Path) -> None:
    bus = EmbeddedBus(tmp_path / "bus")
    await bus.start()
    try:
        await bus.ping()
        (tmp_path / "bus").rmdir()
        with pytest.raises(BusUnavailableError):
            await bus.ping()
    finally:
        await bus.close()


def test_a_file_of_another_format_is_refused_not_misread(tmp_path: Path) -> None:
    TopicLog(tmp_path, TOPIC, max_bytes=10**6, busy_timeout_s=5).close()
    db = sqlite3.connect(tmp_path / f"{TOPIC}.db")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    db.close()
    with pytest.raises(BusUnavailableError, match=f"has format {SCHEMA_VERSION - 1}.*delete it"):
        TopicLog(tmp_path, TOPIC, max_bytes=10**6, busy_timeout_s=5)


async def test_invalid_topic_names_are_refused(embedded: EmbeddedBus) -> None:
    with pytest.raises(ValueError, match="invalid topic name"):
        await embedded.producer().send_batch("../escape", [Record(b"x")])


async def test_a_groups_lag_is_read_without_joining_it(embedded: EmbeddedBus) -> None:
    await embedded.producer().send_batch("lagged", [Record(b"%d" % n) for n in range(5)])
    consumer = await embedded.consumer(["lagged"], "readers")
    try:
        got = []
        for _ in range(20):
            got += await consumer.getmany(2, 0.5)
            if len(got) >= 2:
                break
        await consumer.commit(Offsets.after(got[:2]))
    finally:
        await consumer.close()
    lags = await embedded.group_lag("readers", ["lagged"])
    assert lags == {TopicPartition("lagged", 0): 3}
    assert await embedded.group_lag("never-joined", ["lagged"]) == {TopicPartition("lagged", 0): 5}
