"""What only the embedded tail reader promises: it holds back no trimming, and follows other processes."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from mozdef_common.bus.base import Offsets, Record
from mozdef_common.bus.embedded import EmbeddedBus
from mozdef_common.bus.embedded_log import TopicLog
from tests.common.bus.helpers import drain

TOPIC = "mozdef.test-tail"


@pytest.fixture
async def embedded(tmp_path: Path) -> AsyncIterator[EmbeddedBus]:
    bus = EmbeddedBus(tmp_path / "bus", max_bytes=64 * 1024 * 1024, trim_interval_s=0)
    await bus.start()
    try:
        yield bus
    finally:
        await bus.close()


def low(directory: Path) -> int:
    topic_log = TopicLog(directory, TOPIC, max_bytes=1, busy_timeout_s=5)
    try:
        return topic_log.stats()[1]
    finally:
        topic_log.close()


async def test_tail_leaves_no_group_behind(embedded: EmbeddedBus) -> None:
    tail = await embedded.tail(TOPIC)
    await tail.close()
    topic_log = TopicLog(embedded.directory, TOPIC, max_bytes=1, busy_timeout_s=5)
    try:
        assert topic_log._db.execute("SELECT count(*) FROM groups").fetchone()[0] == 0
    finally:
        topic_log.close()


async def test_trimming_overtakes_a_tail_which_skips_forward(embedded: EmbeddedBus) -> None:
    tail = await embedded.tail(TOPIC)  # at offset 0, then never reads while the group moves on
    group = await embedded.consumer([TOPIC], "g")
    try:
        for batch in range(3):
            await embedded.producer().send_batch(TOPIC, [Record(f"{batch}-{i}".encode()) for i in range(5)])
        got = await drain(group, 15)
        await group.commit(Offsets.after(got[:10]))
        assert low(embedded.directory) == 10  # the tail at 0 did not hold trimming back
        rest = await drain(tail, 5)
        assert [m.offset for m in rest] == [10, 11, 12, 13, 14]
    finally:
        await tail.close()
        await group.close()


async def test_after_an_offset_already_trimmed_starts_at_the_earliest_kept(embedded: EmbeddedBus) -> None:
    group = await embedded.consumer([TOPIC], "g")
    try:
        await embedded.producer().send_batch(TOPIC, [Record(b"a"), Record(b"b")])
        await embedded.producer().send_batch(TOPIC, [Record(b"c"), Record(b"d")])
        await group.commit(Offsets.after(await drain(group, 2)))
    finally:
        await group.close()
    assert low(embedded.directory) == 2
    tail = await embedded.tail(TOPIC, after={0: 0})
    try:
        assert [m.value for m in await drain(tail, 2)] == [b"c", b"d"]
    finally:
        await tail.close()


async def test_tail_sees_another_process_write_within_a_fraction_of_a_second(embedded: EmbeddedBus) -> None:
    tail = await embedded.tail(TOPIC)
    script = f"""
        import asyncio, sys, time
        from pathlib import Path
        from mozdef_common.bus.base import Record
        from mozdef_common.bus.embedded import EmbeddedBus

        async def main():
            bus = EmbeddedBus(Path({str(embedded.directory)!r}))
            await bus.start()
            sys.stdin.readline()  # wait until the test's reader is waiting
            await bus.producer().send_batch({TOPIC!r}, [Record(str(time.time()).encode())])
            await bus.close()

        asyncio.run(main())
    """
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        waiting = asyncio.create_task(tail.getmany(10, 10.0))
        await asyncio.sleep(0.5)  # the reader backs off to its longest poll interval first
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
        got = await asyncio.wait_for(waiting, 15)
        seen = time.time()
    finally:
        await tail.close()
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)
    assert len(got) == 1
    written = float(got[0].value)
    assert seen - written < 1.0  # the promise to analysts; ~50 ms on a quiet machine
