"""Resume and resync on one replica: replays without gaps or duplicates, resync past the buffer."""

from __future__ import annotations

import asyncio

from mozdef_api.realtime.feed import ChangeFeed
from tests.api.realtime.conftest import Cluster, Replica
from tests.api.realtime.helpers import caught_up, change, hello, nothing_more, open_client, recv, recv_type


async def test_resume_while_changes_keep_arriving_has_no_gap_and_no_duplicate(local: Cluster) -> None:
    async with local() as a:
        ws = await open_client(a.url)
        await hello(ws)
        await a.feed.publish(change(0))
        last = (await recv_type(ws, "change"))["seq"]
        await ws.close()
        for n in range(1, 6):
            await a.feed.publish(change(n))
        await caught_up(a.hub, last + 5)

        ws = await open_client(a.url)
        try:
            await hello(ws)
            # Live changes are published while the resume is handled.
            publishing = asyncio.create_task(_publish(a.feed, range(6, 16)))
            await ws.send(f'{{"type": "resume", "after": {last}}}')
            await publishing
            got = [await recv_type(ws, "change") for _ in range(15)]
            await nothing_more(ws)
        finally:
            await ws.close()
    ids = [c["id"] for c in got]
    assert sorted(ids, key=lambda i: int(i.split("-")[1])) == [f"inc-{n}" for n in range(1, 16)]
    assert len(set(ids)) == 15
    assert [c["id"] for c in got if int(c["id"].split("-")[1]) <= 5] == [f"inc-{n}" for n in range(1, 6)]


async def _publish(feed: ChangeFeed, numbers: range) -> None:
    for n in numbers:
        await feed.publish(change(n))


async def test_after_in_the_url_replays_before_anything_live(local: Cluster) -> None:
    async with local() as a:
        await a.feed.publish(change(1))
        await a.feed.publish(change(2))
        await until_seq(a, 2)
        ws = await open_client(a.url, "alice-token&after=-1")
        try:
            assert (await hello(ws))["seq"] == a.hub.latest
            got = [await recv_type(ws, "change") for _ in range(2)]
            assert [c["id"] for c in got] == ["inc-1", "inc-2"]
            await nothing_more(ws)
        finally:
            await ws.close()


async def until_seq(replica: Replica, changes: int) -> None:
    floor = replica.hub.floor
    assert floor is not None
    # The replica marker comes first, then ``changes`` changes.
    await caught_up(replica.hub, floor + 1 + changes)


async def test_resume_older_than_the_buffer_gets_resync(local: Cluster) -> None:
    async with local(buffer_size=3) as a:
        ws = await open_client(a.url)
        try:
            await hello(ws)
            seqs = []
            for n in range(5):
                await a.feed.publish(change(n))
                seqs.append((await recv_type(ws, "change"))["seq"])
        finally:
            await ws.close()
        ws = await open_client(a.url)
        try:
            await hello(ws)
            await ws.send(f'{{"type": "resume", "after": {seqs[0]}}}')
            assert await recv_type(ws, "resync") == {"type": "resync", "seq": seqs[-1]}
            await nothing_more(ws)
        finally:
            await ws.close()
        ws = await open_client(a.url)  # within the buffer, a resume still replays
        try:
            await hello(ws)
            await ws.send(f'{{"type": "resume", "after": {seqs[2]}}}')
            assert [(await recv_type(ws, "change"))["seq"] for _ in range(2)] == seqs[3:]
            await nothing_more(ws)
        finally:
            await ws.close()


async def test_a_second_resume_on_one_connection_replays_nothing_twice(local: Cluster) -> None:
    async with local() as a:
        for n in range(3):
            await a.feed.publish(change(n))
        await until_seq(a, 3)
        first = a.hub.floor
        assert first is not None
        ws = await open_client(a.url)
        try:
            await hello(ws)
            await ws.send(f'{{"type": "resume", "after": {first + 3}}}')  # the last change only
            assert (await recv_type(ws, "change"))["id"] == "inc-2"
            await ws.send(f'{{"type": "resume", "after": {first + 2}}}')  # two more: one is new
            assert (await recv_type(ws, "change"))["id"] == "inc-1"
            await nothing_more(ws)
        finally:
            await ws.close()


async def test_resume_from_before_a_replica_started_gets_resync(local: Cluster) -> None:
    async with local() as a:
        await a.feed.publish(change(1))
        old = a.hub.latest
        async with local() as b:
            ws = await open_client(b.url)
            try:
                await hello(ws)
                await ws.send(f'{{"type": "resume", "after": {old - 1}}}')
                assert (await recv_type(ws, "resync"))["seq"] == b.hub.latest
            finally:
                await ws.close()


async def test_resume_ahead_of_this_replica_skips_what_the_client_has(local: Cluster) -> None:
    async with local() as a:
        ws = await open_client(a.url)
        try:
            latest = (await hello(ws))["seq"]
            # The client saw, through another replica, changes this one has not read yet.
            await ws.send(f'{{"type": "resume", "after": {latest + 2}}}')
            await ws.send('{"type": "ping"}')
            assert (await recv(ws))["type"] == "pong"
            for n in range(3):
                await a.feed.publish(change(n))
            assert (await recv_type(ws, "change"))["seq"] == latest + 3
            await nothing_more(ws)
        finally:
            await ws.close()
