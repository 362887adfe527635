"""The answer is cached a few seconds, whatever the number of pollers, then computed afresh."""

from __future__ import annotations

import asyncio
from pathlib import Path

from mozdef_api.health.cache import DEFAULT_TTL_S, HealthCache
from mozdef_api.settings import ApiSettings
from mozdef_common.store import open_event_store
from tests.api.health.conftest import events
from tests.support.api import Api, running_api
from tests.support.net import free_port

URL = "/api/v1/health"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_pollers_share_one_answer_until_it_expires(api: Api, settings: ApiSettings) -> None:
    clock = Clock()
    api.app.state.health_cache = HealthCache(clock=clock)
    client = await api.client("viewer")
    first = (await client.get(URL)).json()
    writer = open_event_store(settings, writer=True)
    try:
        await writer.write("events", events(7, seconds=1))
    finally:
        await writer.close()
    answers = await asyncio.gather(*(client.get(URL) for _ in range(5)))
    assert all(a.json() == first for a in answers)  # same generated_at: not recomputed
    clock.now += DEFAULT_TTL_S
    fresh = (await client.get(URL)).json()
    assert fresh["generated_at"] != first["generated_at"]
    assert fresh["rates"]["last_minute"]["events"] == 7


async def test_a_cold_cache_computes_once_for_concurrent_callers() -> None:
    calls = 0
    gate = asyncio.Event()
    cache = HealthCache(clock=Clock())

    async def compute() -> object:
        nonlocal calls
        calls += 1
        await gate.wait()
        return object()

    waiting = [asyncio.ensure_future(cache.get(compute)) for _ in range(4)]  # type: ignore[arg-type]
    await asyncio.sleep(0)
    gate.set()
    answers = await asyncio.gather(*waiting)
    assert calls == 1
    assert all(a is answers[0] for a in answers)


async def test_an_unreachable_event_store_is_down_not_an_error(tmp_path: Path) -> None:
    # An OpenSearch store on a loopback port nobody listens on: the real client, really refused.
    settings = ApiSettings(data_dir=tmp_path, events_url=f"http://127.0.0.1:{free_port()}")
    async with running_api(settings) as api:
        answer = (await (await api.client("viewer")).get(URL)).json()
    assert answer["status"] == "down"
    assert answer["store"]["reachable"] is False
    assert answer["reasons"][0].startswith("event store unreachable: ")
    assert answer["state"]["reachable"] is True
