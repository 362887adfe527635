"""Across replicas, on every bus: changes and presence reach every client, and seqs agree."""

from __future__ import annotations

import asyncio
import time

from tests.api.realtime.conftest import Cluster
from tests.api.realtime.helpers import caught_up, change, hello, nothing_more, open_client, recv_type


async def test_a_change_published_on_a_reaches_clients_on_a_and_b_within_a_second(cluster: Cluster) -> None:
    async with cluster() as a, cluster() as b:
        on_a, on_b = await open_client(a.url), await open_client(b.url, "bob-token")
        try:
            assert (await hello(on_a))["user"] == "alice"
            assert (await hello(on_b)) | {"seq": 0} == {
                "type": "hello",
                "user": "bob",
                "role": "viewer",
                "seq": 0,
            }
            sent = time.monotonic()
            await a.feed.publish(change(1, sub=None, data={"title": "t", "status": "open"}))
            got_a, got_b = await asyncio.gather(
                recv_type(on_a, "change", 1.0), recv_type(on_b, "change", 1.0)
            )
            assert time.monotonic() - sent < 1.0
        finally:
            await on_a.close()
            await on_b.close()
    assert got_a == got_b
    assert got_a["seq"] >= 0
    assert {k: v for k, v in got_a.items() if k not in ("seq", "time")} == {
        "type": "change",
        "entity": "incident",
        "op": "updated",
        "id": "inc-1",
        "version": 1,
        "actor": "alice",
        "data": {"title": "t", "status": "open"},
        "sub": None,
    }
    assert got_a["time"].endswith("+00:00")


async def test_presence_set_on_a_is_seen_on_b_and_cleared_on_disconnect(cluster: Cluster) -> None:
    async with cluster() as a, cluster() as b:
        alice, bob = await open_client(a.url), await open_client(b.url, "bob-token")
        try:
            await hello(alice)
            await hello(bob)
            await alice.send('{"type": "presence", "target": "incident/42", "state": "editing"}')
            seen = await recv_type(bob, "presence")
            assert seen == {
                "type": "presence",
                "target": "incident/42",
                "users": [{"name": "alice", "state": "editing"}],
            }
            assert (await recv_type(alice, "presence"))["users"] == seen["users"]
            await alice.close()
            cleared = await recv_type(bob, "presence")
            assert cleared == {"type": "presence", "target": "incident/42", "users": []}
        finally:
            await alice.close()
            await bob.close()


async def test_resume_on_another_replica_replays_exactly_the_missed_changes(cluster: Cluster) -> None:
    async with cluster() as a, cluster() as b:
        ws = await open_client(b.url)
        await hello(ws)
        await a.feed.publish(change(1))
        last = (await recv_type(ws, "change"))["seq"]
        await ws.close()

        for n in range(2, 5):
            await a.feed.publish(change(n))
        await caught_up(a.hub, last + 3)

        ws = await open_client(a.url)  # the other replica: the same seqs
        try:
            await hello(ws)
            await ws.send(f'{{"type": "resume", "after": {last}}}')
            replayed = [await recv_type(ws, "change") for _ in range(3)]
            assert [c["id"] for c in replayed] == ["inc-2", "inc-3", "inc-4"]
            assert [c["seq"] for c in replayed] == sorted(c["seq"] for c in replayed)
            assert replayed[0]["seq"] > last
            await b.feed.publish(change(5))
            live = await recv_type(ws, "change")
            assert live["id"] == "inc-5"
            assert live["seq"] > replayed[-1]["seq"]
            await nothing_more(ws)
        finally:
            await ws.close()
