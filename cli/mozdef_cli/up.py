"""`mozdef up`: every service on this machine, one child process each, with the embedded backends.

On a first start (no user yet) it creates user ``admin`` and the shipper key ``default-shipper`` and
prints both once (:mod:`.first_start`). The supervisor starts the stages back to front (indexer first,
so nothing waits on a missing consumer), prints where each listens, restarts a child that dies, and on
SIGINT/SIGTERM stops them front to back (ingest first, so nothing new arrives) letting each finish the
batch in hand.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import time

import httpx

from mozdef_cli.first_start import FirstCredentials, first_start
from mozdef_cli.services import SERVICES, START_ORDER
from mozdef_common.settings import CommonSettings

log = logging.getLogger("mozdef.up")
STOP_TIMEOUT_S = 30.0
READY_TIMEOUT_S = 60.0


class Child:
    def __init__(self, name: str) -> None:
        self.name = name
        self.process: asyncio.subprocess.Process | None = None
        self.restarts = 0
        self.started_at = 0.0

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "mozdef_cli", "run", self.name, stdin=asyncio.subprocess.DEVNULL
        )
        self.started_at = time.monotonic()

    async def stop(self) -> None:
        process = self.process
        if process is None or process.returncode is not None:
            return
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), STOP_TIMEOUT_S)
        except TimeoutError:
            log.warning("%s did not stop within %.0fs: killing it", self.name, STOP_TIMEOUT_S)
            process.kill()
            await process.wait()


async def _wait_ready(url: str, process: asyncio.subprocess.Process) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    async with httpx.AsyncClient(timeout=1.0) as client:
        while time.monotonic() < deadline and process.returncode is None:
            try:
                if (await client.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not become ready")


async def supervise(settings: CommonSettings) -> int:
    settings.resolved_data_dir.mkdir(parents=True, exist_ok=True)
    credentials = await first_start(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    children = {name: Child(name) for name in START_ORDER}
    try:
        for name in START_ORDER:
            await children[name].start()
        await _announce(children, credentials)
        while not stop.is_set():
            await _restart_dead(children, stop)
    finally:
        for name in reversed(START_ORDER):
            await children[name].stop()
        log.info("stopped")
    return 0


async def _announce(children: dict[str, Child], credentials: FirstCredentials | None) -> None:
    urls: dict[str, str] = {}
    for name, child in children.items():
        service = SERVICES[name]
        if service.port_setting is None or child.process is None:
            continue
        settings = service.load_settings()
        port = getattr(settings, service.port_setting)
        urls[name] = f"http://{settings.bind}:{port}"
        await _wait_ready(f"{urls[name]}/readyz", child.process)
    data_dir = CommonSettings().resolved_data_dir
    lines = [
        f"MozDef is up (data in {data_dir})",
        f"  ingest   {urls.get('ingest')}   POST /events, /_bulk, /custom/{{app}}",
        f"  api      {urls.get('api')}   the web app at /, OpenAPI at /api/openapi.json",
        "  enrich, indexer, alerter   running ("
        + ", ".join(_pids(children, ("enrich", "indexer", "alerter")))
        + f"); rules in {data_dir / 'rules'}",
        *(
            credentials.banner()
            if credentials is not None
            else ["  credentials: sign in as an existing user; `mozdef apikey create` makes shipper keys"]
        ),
        "Stop with Ctrl-C.",
    ]
    print("\n".join(lines), flush=True)


def _pids(children: dict[str, Child], names: tuple[str, ...]) -> list[str]:
    return [f"{n} pid {p.pid}" for n in names if (p := children[n].process) is not None]


async def _restart_dead(children: dict[str, Child], stop: asyncio.Event) -> None:
    waits = {
        asyncio.create_task(child.process.wait()): child
        for child in children.values()
        if child.process is not None
    }
    stopper = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait({*waits, stopper}, return_when=asyncio.FIRST_COMPLETED)
    for task in (*waits, stopper):
        task.cancel()
    if stop.is_set():
        return
    for task, child in waits.items():
        if task in done and child.process is not None:
            code = child.process.returncode
            # Back off when a child keeps dying right after it starts, rather than spin.
            quick = time.monotonic() - child.started_at < 10
            child.restarts = child.restarts + 1 if quick else 0
            delay = min(30.0, 0.5 * 2**child.restarts) if quick else 0.5
            log.error("%s exited with %s; restarting in %.1fs", child.name, code, delay)
            try:
                await asyncio.wait_for(stop.wait(), delay)
                return
            except TimeoutError:
                await child.start()


def up() -> int:
    from mozdef_cli import logs

    settings = CommonSettings()
    logs.configure("up", settings.log_level)
    os.environ.setdefault("MOZDEF_DATA_DIR", str(settings.resolved_data_dir))
    return asyncio.run(supervise(settings))
