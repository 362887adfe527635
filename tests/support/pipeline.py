"""The real services, started in this test's event loop on free loopback ports.

Before they start, a shipper key and an analyst key are created in the data dir's state store, as an
operator would with `mozdef apikey create`; tests ship with ``ingest_key`` and search with ``api_key``.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from mozdef_cli.services import SERVICES
from mozdef_common.accounts import ApiKeys, Role
from mozdef_common.settings import CommonSettings
from mozdef_common.state import open_state_store
from tests.support.net import free_port


async def provision_key(settings: CommonSettings, role: Role | str, name: str | None = None) -> str:
    """A new API key of ``role`` in the state store ``settings`` name, as its plaintext."""
    state = open_state_store(settings)
    await state.start()
    try:
        _, key = await ApiKeys(state).create_key(name or f"test-{role}", role)
        return key
    finally:
        await state.close()


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
            **overrides,
        }
        self.ingest_key = ""  # a shipper key, created on entry
        self.api_key = ""  # an analyst key, created on entry
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
        common = CommonSettings(
            **{k: v for k, v in self.settings.items() if k in CommonSettings.model_fields}
        )
        self.ingest_key = await provision_key(common, Role.SHIPPER, "test-shipper")
        self.api_key = await provision_key(common, Role.ANALYST, "test-analyst")
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
    pipeline: InProcessPipeline, q: str, *, expect: int, timeout_s: float = 30.0, **params: Any
) -> dict[str, Any]:
    """Search until ``expect`` hits match (bounded by ``timeout_s``); return the last answer."""
    deadline = time.monotonic() + timeout_s
    headers = {"Authorization": f"Bearer {pipeline.api_key}"}
    async with httpx.AsyncClient(base_url=pipeline.api_url, headers=headers, timeout=10) as client:
        while True:
            response = await client.get("/api/v1/events/search", params={"q": q, "size": 1000, **params})
            response.raise_for_status()
            answer: dict[str, Any] = response.json()
            if answer["total"] >= expect or time.monotonic() > deadline:
                return answer
            await asyncio.sleep(0.1)
