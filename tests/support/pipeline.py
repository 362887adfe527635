"""The real services, started in this test's event loop on free loopback ports."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from mozdef_cli.services import SERVICES
from tests.support.net import free_port

INGEST_TOKEN = "ingest-token-for-tests-0123456789"
API_TOKEN = "api-token-for-tests-0123456789ab"


class InProcessPipeline:
    """ingest, enrich, indexer and api as tasks of the running loop, sharing one data dir and bus."""

    def __init__(
        self,
        data_dir: Path,
        *,
        bus_url: str = "embedded://",
        services: tuple[str, ...] = ("indexer", "enrich", "ingest", "api"),
        **overrides: Any,
    ) -> None:
        self.ingest_port = free_port()
        self.api_port = free_port()
        self.settings: dict[str, Any] = {
            "data_dir": data_dir,
            "bus_url": bus_url,
            "ingest_port": self.ingest_port,
            "api_port": self.api_port,
            "ingest_token": INGEST_TOKEN,
            "api_token": API_TOKEN,
            **overrides,
        }
        self.services = services
        self.stop = asyncio.Event()
        self.tasks: dict[str, asyncio.Task[None]] = {}

    @property
    def ingest_url(self) -> str:
        return f"http://127.0.0.1:{self.ingest_port}"

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    async def __aenter__(self) -> InProcessPipeline:
        for name in self.services:
            service = SERVICES[name]
            cls = type(service.load_settings())
            fields = cls.model_fields
            settings = cls(**{k: v for k, v in self.settings.items() if k in fields})
            ready = asyncio.Event()
            task = asyncio.create_task(service.run(settings, self.stop, ready), name=name)
            self.tasks[name] = task
            waiter = asyncio.create_task(ready.wait())
            done, _ = await asyncio.wait({waiter, task}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
            if task in done:
                waiter.cancel()
                task.result()
                raise RuntimeError(f"{name} stopped during start-up")
            if waiter not in done:
                raise TimeoutError(f"{name} was not ready within 30s")
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop.set()
        results = await asyncio.wait_for(asyncio.gather(*self.tasks.values(), return_exceptions=True), 60)
        errors = [r for r in results if isinstance(r, BaseException)]
        if errors and kind is None:
            raise errors[0]


async def search_until(
    api_url: str, q: str, *, expect: int, timeout_s: float = 30.0, **params: Any
) -> dict[str, Any]:
    """Search until ``expect`` hits match (bounded by ``timeout_s``); return the last answer."""
    deadline = time.monotonic() + timeout_s
    headers = {"Authorization": f"Bearer {API_TOKEN}"}
    async with httpx.AsyncClient(base_url=api_url, headers=headers, timeout=10) as client:
        while True:
            response = await client.get("/api/v1/events/search", params={"q": q, "size": 1000, **params})
            response.raise_for_status()
            answer: dict[str, Any] = response.json()
            if answer["total"] >= expect or time.monotonic() > deadline:
                return answer
            await asyncio.sleep(0.1)
