"""``mozdef bench --ws``: how fast an incident change reaches many analysts' browsers.

One api process (``mozdef run api``, embedded backends, scratch data dir) and ``--clients`` WebSocket
clients in this process. An analyst changes one incident ``--changes`` times; each change's latency
is measured from just before its PATCH is sent to the moment each client has the change frame, so it
covers the REST write, the state store, the bus topic, the replica's tail reader and the fan-out.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import orjson
import websockets

from mozdef_cli.bench import progress, run_in_scratch
from mozdef_cli.bench_pipeline import _free_port, peak_rss_mb
from mozdef_common.accounts import ApiKeys
from mozdef_common.settings import CommonSettings
from mozdef_common.state import open_state_store


async def _analyst_key(data_dir: Path) -> str:
    state = open_state_store(CommonSettings(data_dir=data_dir))
    await state.start()
    try:
        _, key = await ApiKeys(state).create_key("bench-analyst", "analyst")
    finally:
        await state.close()
    return key


async def _start_api(data_dir: Path, port: int) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "MOZDEF_DATA_DIR": str(data_dir),
        "MOZDEF_API_PORT": str(port),
        "MOZDEF_LOG_LEVEL": "WARNING",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "mozdef_cli", "run", "api", env=env, stdin=asyncio.subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    async with httpx.AsyncClient(timeout=1) as client:
        while time.monotonic() < deadline:
            if process.returncode is not None:
                raise RuntimeError("the api exited during start-up")
            try:
                if (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                    return process
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    process.kill()
    raise RuntimeError("the api did not answer within 60 s")


class _Listener:
    """One analyst's socket: records when each version of the incident arrived."""

    def __init__(self, url: str, incident: str, expected: int) -> None:
        self.url = url
        self.incident = incident
        self.expected = expected
        self.arrived: dict[int, float] = {}
        self.ready = asyncio.Event()
        self.complete = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    async def run(self) -> None:
        async with websockets.connect(self.url, max_size=2**22) as socket:
            async for frame in socket:
                message = orjson.loads(frame)
                if message["type"] == "hello":
                    self.ready.set()
                elif message["type"] == "change" and message["id"] == self.incident:
                    self.arrived[int(message["version"])] = time.perf_counter()
                    if len(self.arrived) >= self.expected:
                        self.complete.set()


async def measure(api: str, key: str, clients: int, changes: int) -> dict[str, Any]:
    headers = {"authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=api, headers=headers, timeout=30) as http:
        created = (await http.post("/api/v1/incidents", json={"summary": "bench"})).raise_for_status().json()
        ws_url = api.replace("http", "ws", 1) + f"/api/v1/ws?token={key}"
        listeners = [_Listener(ws_url, created["id"], changes) for _ in range(clients)]
        for listener in listeners:
            listener.task = asyncio.create_task(listener.run())
        await asyncio.wait_for(asyncio.gather(*(lst.ready.wait() for lst in listeners)), 60)
        progress(f"{clients} clients connected; {changes} changes follow")
        sent: dict[int, float] = {}
        answered: list[float] = []
        version = created["version"]
        for n in range(changes):
            sent[version + 1] = time.perf_counter()
            changed = await http.patch(
                f"/api/v1/incidents/{created['id']}", json={"version": version, "summary": f"bench {n}"}
            )
            answered.append(time.perf_counter() - sent[version + 1])
            version = changed.raise_for_status().json()["version"]
            await asyncio.sleep(0.1)
        with contextlib.suppress(TimeoutError):  # what has not arrived by then counts as lost
            await asyncio.wait_for(asyncio.gather(*(lst.complete.wait() for lst in listeners)), 10)
        for listener in listeners:
            assert listener.task is not None
            listener.task.cancel()
        await asyncio.gather(*(lst.task for lst in listeners if lst.task), return_exceptions=True)
    latencies = sorted(lst.arrived[v] - sent[v] for lst in listeners for v in sent if v in lst.arrived)
    expected = clients * changes
    answered.sort()
    if not latencies:
        raise RuntimeError("no client received any change")
    return {
        "ws_clients": clients,
        "ws_changes": changes,
        "ws_delivered": f"{len(latencies)}/{expected}",
        "ws_p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
        "ws_p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 1),
        "ws_max_ms": round(latencies[-1] * 1000, 1),
        # The PATCH alone (state write, timeline, audit, publish): the part of the above that is not fan-out.
        "patch_p50_ms": round(answered[len(answered) // 2] * 1000, 1),
    }


async def _bench(args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    key = await _analyst_key(scratch)
    port = _free_port()
    process = await _start_api(scratch, port)
    try:
        result = await measure(f"http://127.0.0.1:{port}", key, args.clients, args.changes)
        result["peak_rss_mb"] = round(peak_rss_mb([process.pid]), 1)
    finally:
        process.terminate()
        await process.wait()
    result["machine"] = f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"
    return result


def run(args: argparse.Namespace) -> int:
    return run_in_scratch(args, _bench, "mozdef-bench-ws-")
