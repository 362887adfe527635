"""Serving an ASGI app with uvicorn inside a service's own event loop, stopped by an event."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator

import uvicorn
from starlette.types import ASGIApp

log = logging.getLogger(__name__)


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # Signals belong to the process's shell (`mozdef run` / `mozdef up`), which sets ``stop``.
        yield


async def serve(
    app: ASGIApp, *, host: str, port: int, stop: asyncio.Event, ready: asyncio.Event | None = None
) -> None:
    """Serve ``app`` on ``host:port`` until ``stop`` is set; in-flight requests finish first."""
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="on",
        server_header=False,
        timeout_graceful_shutdown=10,
    )
    server = _Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            with contextlib.suppress(SystemExit):  # uvicorn exits when it cannot bind
                await task
            raise OSError(f"the HTTP server on {host}:{port} stopped before it started")
        await asyncio.sleep(0.01)
    log.info("listening on http://%s:%d", host, port)
    if ready is not None:
        ready.set()
    stopper = asyncio.create_task(stop.wait())
    await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    server.should_exit = True
    stopper.cancel()
    await task
