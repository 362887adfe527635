"""The benchmark's pipeline: ingest, enrich and indexer as child processes on a scratch data dir.

Before the services start, a shipper key is created in the scratch dir's state store, and the
benchmark ships with it as any shipper would (so key checking is part of what is measured).
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import time
from pathlib import Path
from types import TracebackType

import httpx

from mozdef_common.accounts import ApiKeys, Role
from mozdef_common.settings import CommonSettings
from mozdef_common.state import open_state_store
from mozdef_common.store import EventStore, open_event_store

SERVICES = ("indexer", "enrich", "ingest")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def peak_rss_mb(pids: list[int]) -> float:
    """Sum of the peak resident memory of ``pids`` and of this process (VmHWM, Linux)."""
    total_kb = 0
    for pid in [*pids, os.getpid()]:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
    return total_kb / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a live process has used so far (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _shipper_key(settings: CommonSettings) -> str:
    state = open_state_store(settings)
    await state.start()
    try:
        _, key = await ApiKeys(state).create_key("bench", Role.SHIPPER)
        return key
    finally:
        await state.close()


class Pipeline:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.token = ""  # the shipper key, created on entry
        self.port = _free_port()
        self.ingest_url = f"http://127.0.0.1:{self.port}"
        self.processes: list[asyncio.subprocess.Process] = []
        self.store: EventStore | None = None

    async def __aenter__(self) -> Pipeline:
        self.token = await _shipper_key(CommonSettings(data_dir=self.data_dir, state_url="sqlite://"))
        env = {
            **os.environ,
            "MOZDEF_DATA_DIR": str(self.data_dir),
            "MOZDEF_BUS_URL": "embedded://",
            "MOZDEF_EVENTS_URL": "tantivy://",
            "MOZDEF_INGEST_PORT": str(self.port),
            "MOZDEF_STATE_URL": "sqlite://",
            "MOZDEF_LOG_LEVEL": "WARNING",
        }
        for name in SERVICES:
            self.processes.append(
                await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "mozdef_cli", "run", name, env=env, stdin=asyncio.subprocess.DEVNULL
                )
            )
        await self._wait_ready()
        self.store = open_event_store(CommonSettings(data_dir=self.data_dir))
        return self

    async def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        async with httpx.AsyncClient(timeout=1) as client:
            while time.monotonic() < deadline:
                if any(p.returncode is not None for p in self.processes):
                    raise RuntimeError("a pipeline service exited during start-up")
                try:
                    if (await client.get(f"{self.ingest_url}/readyz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError("ingest did not become ready within 60s")

    async def searchable(self) -> int:
        assert self.store is not None
        return sum(count for name, count in await self.store.indices() if name.startswith("events-"))

    def pids(self) -> list[int]:
        return [p.pid for p in self.processes]

    def cpu(self) -> dict[str, float]:
        """CPU seconds each service has used so far."""
        return {name: cpu_seconds(p.pid) for name, p in zip(SERVICES, self.processes, strict=True)}

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.store is not None:
            await self.store.close()
        for process in reversed(self.processes):
            if process.returncode is None:
                process.terminate()
        for process in self.processes:
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()
