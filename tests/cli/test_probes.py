"""The probes of stages without an API: unit-level over a real socket, and on a real `mozdef run enrich`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from prometheus_client import CollectorRegistry, Counter

from mozdef_cli.probes import StageProbes
from tests.support.net import free_port
from tests.support.processes import ServiceProcesses


@pytest.fixture
async def probes() -> AsyncIterator[tuple[StageProbes, str]]:
    registry = CollectorRegistry()
    Counter("mozdef_test_seen", "events seen", registry=registry).inc(3)
    served = StageProbes(registry, asyncio.Event(), asyncio.Event())
    port = await served.start("127.0.0.1", 0)
    try:
        yield served, f"http://127.0.0.1:{port}"
    finally:
        await served.close()


async def test_readiness_follows_the_service_from_start_to_stop(probes: tuple[StageProbes, str]) -> None:
    served, url = probes
    async with httpx.AsyncClient(base_url=url) as client:
        assert (await client.get("/healthz")).status_code == 200
        starting = await client.get("/readyz")
        assert (starting.status_code, starting.text) == (503, "starting\n")
        served.ready.set()
        assert (await client.get("/readyz")).status_code == 200
        served.stop.set()
        stopping = await client.get("/readyz")
        assert (stopping.status_code, stopping.text) == (503, "stopping\n")
        assert (await client.get("/healthz")).status_code == 200  # alive while it finishes its batch


async def test_metrics_and_refusals(probes: tuple[StageProbes, str]) -> None:
    _, url = probes
    async with httpx.AsyncClient(base_url=url) as client:
        metrics = await client.get("/metrics")
        assert metrics.status_code == 200
        assert "mozdef_test_seen_total 3.0" in metrics.text
        assert metrics.headers["content-type"].startswith("text/plain")
        head = await client.head("/healthz")
        assert (head.status_code, head.content) == (200, b"")
        assert (await client.get("/nothing")).status_code == 404
        assert (await client.post("/healthz")).status_code == 405


async def test_a_garbled_request_gets_400_and_a_silent_one_is_let_go(probes: tuple[StageProbes, str]) -> None:
    _, url = probes
    port = int(url.rsplit(":", 1)[1])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"NONSENSE\r\n\r\n")
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), 5)
    assert answer.startswith(b"HTTP/1.1 400 Bad Request")
    writer.close()
    # a client that connects and says nothing holds nothing for long, and others are still served
    idle_reader, idle_writer = await asyncio.open_connection("127.0.0.1", port)
    async with httpx.AsyncClient(base_url=url) as client:
        assert (await client.get("/healthz")).status_code == 200
    idle_writer.close()
    assert await idle_reader.read() == b""


@pytest.mark.slow
def test_a_stage_process_answers_its_probes(tmp_path: Path) -> None:
    port = free_port()
    services = ServiceProcesses(tmp_path, MOZDEF_METRICS_PORT=str(port))
    services.start("enrich")
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        ready = None
        while time.monotonic() < deadline and services.processes["enrich"].poll() is None:
            try:
                ready = httpx.get(f"{url}/readyz", timeout=1)
                if ready.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        log = (tmp_path / "logs" / "enrich.log").read_text()
        assert ready is not None, log
        assert ready.status_code == 200, log
        assert httpx.get(f"{url}/healthz", timeout=1).status_code == 200
        assert "mozdef_events_received_total" in httpx.get(f"{url}/metrics", timeout=1).text
    finally:
        codes = services.stop_all()
    assert codes["enrich"] == 0
