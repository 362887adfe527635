"""run(): a real uvicorn server on a free loopback port, the real bus, credentials, clean stop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import orjson

from mozdef_common import topics
from mozdef_common.accounts import Role
from mozdef_common.bus import open_bus
from mozdef_ingest.server import run
from tests.ingest.conftest import header, make_settings, read_raw
from tests.support.net import free_port
from tests.support.pipeline import provision_key


async def test_serves_over_http_and_events_reach_the_bus(live_server: Callable[..., Any]) -> None:
    url, settings = await live_server()
    async with httpx.AsyncClient(base_url=url) as client:
        root = await client.get("/")
        assert root.headers["x-elastic-product"] == "Elasticsearch"
        assert (await client.head("/")).status_code == 200
        events = await client.post(
            "/events", content=b'{"n": 1}\n{"n": 2}\n', headers={"content-type": "application/x-ndjson"}
        )
        assert events.status_code == 202
        bulk = await client.post(
            "/_bulk",
            content=b'{"create": {"_index": "logs-app-default"}}\n{"n": 3}\n',
            headers={"content-type": "application/json"},
        )
        assert bulk.json()["errors"] is False
        assert (await client.get("/healthz")).status_code == 200
        assert (await client.get("/openapi.json")).json()["paths"]["/events"]["post"]
    # Another bus instance on the same data dir, as another process would open it.
    reader = open_bus(settings)
    await reader.start()
    try:
        messages = await read_raw(reader, 3)
    finally:
        await reader.close()
    assert [orjson.loads(m.value)["n"] for m in messages] == [1, 2, 3]
    assert header(messages[2], topics.H_INDEX) == "logs-app-default"


async def test_shipper_keys_are_checked_against_the_data_dirs_state_store(
    live_server: Callable[..., Any], tmp_path: Path
) -> None:
    # Created before the server starts, in the same data dir, as `mozdef apikey create` would.
    key = await provision_key(make_settings(tmp_path), Role.SHIPPER)
    url, _ = await live_server(ingest_open=False)
    async with httpx.AsyncClient(base_url=url) as client:
        assert (await client.post("/events", json={"a": 1})).status_code == 401
        assert (await client.head("/")).status_code == 401
        auth = {"authorization": f"Bearer {key}"}
        assert (await client.post("/events", json={"a": 1}, headers=auth)).status_code == 202
        assert (await client.get("/readyz")).status_code == 200


async def test_stop_lets_the_request_in_flight_finish(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, ingest_open=True, ingest_port=free_port())
    stop, ready = asyncio.Event(), asyncio.Event()
    server = asyncio.create_task(run(settings, stop, ready=ready))
    await asyncio.wait_for(ready.wait(), 15)
    body = orjson.dumps([{"n": i, "pad": "x" * 400} for i in range(20_000)])
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{settings.ingest_port}", timeout=30) as client:
        assert (await client.get("/healthz")).status_code == 200  # the connection is open
        posting = asyncio.create_task(client.post("/events", content=body))
        await asyncio.sleep(0.05)
        stop.set()
        response = await posting
    await asyncio.wait_for(server, 30)
    assert response.status_code == 202
    assert response.json()["accepted"] == 20_000
    reader = open_bus(settings)
    await reader.start()
    try:
        assert len(await read_raw(reader, 20_000)) == 20_000
    finally:
        await reader.close()
