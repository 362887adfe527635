"""Several writers of one store root take turns per day: in threads of one process, and in two processes."""

from __future__ import annotations

import asyncio
import fcntl
import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import tantivy

from mozdef_common.errors import StoreUnavailableError
from mozdef_common.query.ast import MatchAll
from mozdef_common.store.base import SearchRequest, SearchResult
from mozdef_common.store.tantivy_dayops import drop_day
from mozdef_common.store.tantivy_days import HAND_OVER_CHECK_S, TURN_FILE
from mozdef_common.store.tantivy_store import TantivyEventStore
from tests.support.events import make_event
from tests.support.store import ids

DAY = "events-20261127"


def at(day: int, minute: int = 0) -> str:
    return datetime(2026, 11, day, 12, minute, tzinfo=UTC).isoformat()


def batches(prefix: str, first: int, last: int, size: int) -> list[list[dict[str, object]]]:
    numbers = list(range(first, last))
    return [
        [make_event(id=f"{prefix}{n:05d}", summary=f"event {n}") for n in numbers[i : i + size]]
        for i in range(0, len(numbers), size)
    ]


def tantivy_lock_is_free(root: Path) -> bool:
    try:
        writer = tantivy.Index.open(str(root / DAY)).writer(heap_size=15_000_000, num_threads=1)
    except ValueError as exc:
        if "LockBusy" in str(exc):
            return False
        raise
    writer.wait_merging_threads()
    return True


async def test_a_lone_writer_keeps_its_day_and_hands_it_over_when_asked(store: TantivyEventStore) -> None:
    await store.write("events", [make_event(id="a")])
    await asyncio.sleep(3 * HAND_OVER_CHECK_S)
    assert not tantivy_lock_is_free(store.root)  # kept between writes: nobody asked for it
    other = TantivyEventStore(store.root, writer=True, heap_bytes=15_000_000)
    started = time.monotonic()
    assert (await other.write("events", [make_event(id="b")])).written == 1
    assert time.monotonic() - started < 5  # handed over by the idle holder, not refused
    assert await ids(store, "*") == ["a", "b"]
    # and back again, the first store's search and write seeing what the other committed
    again = [make_event(id="b", summary="again"), make_event(id="c")]
    assert (await store.write("events", again)).written == 2
    assert await ids(other, "*") == ["a", "b", "c"]
    await other.close()
    await store.close()
    assert tantivy_lock_is_free(store.root)


async def test_two_stores_writing_one_day_take_turns(tmp_path: Path) -> None:
    one = TantivyEventStore(tmp_path, writer=True, heap_bytes=15_000_000)
    two = TantivyEventStore(tmp_path, writer=True, heap_bytes=15_000_000)

    async def write_all(store: TantivyEventStore, parts: list[list[dict[str, object]]]) -> None:
        for part in parts:
            assert (await store.write("events", part)).written == len(part)

    # Overlapping ids, as a batch replayed by the other replica: replaced, never doubled.
    await asyncio.gather(write_all(one, batches("e", 0, 600, 50)), write_all(two, batches("e", 300, 900, 50)))
    assert await ids(one, "*") == [f"e{n:05d}" for n in range(900)]
    assert await ids(two, "*") == [f"e{n:05d}" for n in range(900)]
    await one.close()
    await two.close()


async def test_batches_over_the_same_days_in_any_order_do_not_wait_on_each_other(tmp_path: Path) -> None:
    one = TantivyEventStore(tmp_path, writer=True, heap_bytes=15_000_000)
    two = TantivyEventStore(tmp_path, writer=True, heap_bytes=15_000_000)
    for store in (one, two):
        store._days.turn_wait_s = 3.0  # a cycle would end in StoreUnavailableError after this

    async def write_rounds(store: TantivyEventStore, name: str, days: tuple[int, int]) -> None:
        for n in range(15):
            batch = [make_event(id=f"{name}-{n}-{day}", utctimestamp=at(day, n)) for day in days]
            assert (await store.write("events", batch)).written == 2

    await asyncio.gather(write_rounds(one, "one", (28, 27)), write_rounds(two, "two", (27, 28)))
    assert (await one.search(SearchRequest(MatchAll(), size=0))).total == 60
    await one.close()
    await two.close()


async def test_a_writer_that_does_not_take_turns_makes_a_write_wait(tmp_path: Path) -> None:
    first = TantivyEventStore(tmp_path, writer=True, heap_bytes=15_000_000)
    await first.write("events", [make_event(id="a")])
    await first.close()
    store = TantivyEventStore(tmp_path, writer=True, heap_bytes=15_000_000)
    store._days.turn_wait_s = 0.3
    # A restore, or an older version, holding tantivy's own lock for the day.
    holder = tantivy.Index.open(str(tmp_path / DAY)).writer(heap_size=15_000_000, num_threads=1)
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError, match=f"{DAY} is being written by another writer"):
        await store.write("events", [make_event(id="b")])
    assert time.monotonic() - started >= 0.3
    store._days.turn_wait_s = 10.0
    later = asyncio.create_task(store.write("events", [make_event(id="b")]))
    await asyncio.sleep(0.2)
    assert not later.done()
    holder.wait_merging_threads()
    assert (await later).written == 1
    assert await ids(store, "*") == ["a", "b"]
    await store.close()


async def test_a_day_dropped_while_a_writer_waits_for_it_is_written_anew(tmp_path: Path) -> None:
    first = TantivyEventStore(tmp_path, writer=True, heap_bytes=15_000_000)
    await first.write("events", [make_event(id="old")])
    await first.close()
    store = TantivyEventStore(tmp_path, writer=True, heap_bytes=15_000_000)
    # Another writer's turn on the day ...
    turn = os.open(tmp_path / DAY / TURN_FILE, os.O_RDWR)
    fcntl.flock(turn, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        waiting = asyncio.create_task(store.write("events", [make_event(id="new")]))
        await asyncio.sleep(0.2)
        assert not waiting.done()
        # ... during which the day is dropped (retention): the waiting write must not wait for a turn
        # of a directory that is gone, nor write into it, but create the day again.
        dropper = TantivyEventStore(tmp_path, writer=True)
        assert await asyncio.to_thread(drop_day, dropper._days, DAY) == 1
        assert (await asyncio.wait_for(waiting, 5)).written == 1
    finally:
        os.close(turn)
    assert await ids(store, "*") == ["new"]
    await store.close()


_WRITER_SCRIPT = """
import asyncio, sys, time
from pathlib import Path
from mozdef_common.store.tantivy_store import TantivyEventStore
from tests.support.events import make_event

async def main():
    store = TantivyEventStore(Path(sys.argv[1]), writer=True, heap_bytes=15_000_000)
    print("ready", flush=True)
    sys.stdin.readline()
    written = []
    for start in range(0, 3000, 100):
        batch = [make_event(id=f"e{n:05d}") for n in range(start, start + 100)]
        result = await store.write("events", batch)
        assert result.written == len(batch), result
        written.append(time.monotonic())  # system-wide on Linux: comparable across processes
    await store.close()
    print("done", *written, flush=True)

asyncio.run(main())
"""


def test_two_processes_writing_one_day_index_every_event_once_taking_turns(tmp_path: Path) -> None:
    root = tmp_path / "events"
    # Both write the same events in the same order at the same time, as a replica replaying what
    # another wrote: taking turns, each batch is written by one just after the other wrote it.
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER_SCRIPT, str(root)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parents[3],
        )
        for _ in range(2)
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready", proc.communicate()[1]
        for proc in procs:  # both start writing together
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        outcomes = [proc.communicate(timeout=120) for proc in procs]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    batches: list[tuple[float, int]] = []
    for n, (proc, (out, err)) in enumerate(zip(procs, outcomes, strict=True)):
        assert proc.returncode == 0, err[-2000:]
        word, *times = out.split()
        assert word == "done"
        batches += [(float(t), n) for t in times]
    result = asyncio.run(search_all(root))
    assert result.total == 3000
    assert sorted(hit.id for hit in result.hits) == [f"e{n:05d}" for n in range(3000)]
    # Neither starved the other: a store that hands a day over lets the waiting one have it first.
    order = "".join(str(n) for _, n in sorted(batches))
    assert max(len(run) for run in re.findall(r"0+|1+", order)) <= 8, order


async def search_all(root: Path) -> SearchResult:
    reader = TantivyEventStore(root, writer=False)
    try:
        return await reader.search(SearchRequest(MatchAll(), size=5000))
    finally:
        await reader.close()
