"""HTTP for the stages without an API of their own (enrich, indexer, alerter), on ``MOZDEF_METRICS_PORT``.

* ``GET /metrics``: Prometheus text of the stage (what ingest and api serve on their own port).
* ``GET /healthz``: 200 while the service's event loop answers. The server runs *in* that loop, so a loop
  blocked by a runaway batch stops answering and the orchestrator restarts the process, which a server
  on a thread of its own would never notice.
* ``GET /readyz``: 200 once the service said it is ready (its stores and bus are open) and until it is
  asked to stop; 503 otherwise, so a stopping replica leaves its Service first.

Deliberately small: one request per connection, headers bounded and read with a deadline, GET and HEAD
only. It is for kubelets and Prometheus on the pod network, not for people.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

log = logging.getLogger("mozdef.probes")

MAX_HEAD_BYTES = 8192
READ_TIMEOUT_S = 5.0
_REASONS = {
    200: "OK",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    503: "Service Unavailable",
}


class StageProbes:
    """Serves ``/metrics``, ``/healthz`` and ``/readyz`` for one stage until :meth:`close`."""

    def __init__(self, registry: CollectorRegistry, ready: asyncio.Event, stop: asyncio.Event) -> None:
        self.registry = registry
        self.ready = ready
        self.stop = stop
        self._server: asyncio.Server | None = None

    async def start(self, host: str, port: int) -> int:
        """Listen on ``host:port`` (0: any free port); the port actually bound."""
        self._server = await asyncio.start_server(self._serve, host, port, limit=MAX_HEAD_BYTES)
        return int(self._server.sockets[0].getsockname()[1])

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()
            self._server = None

    def answer(self, method: str, path: str) -> tuple[int, str, bytes]:
        """Status, content type and body for a request line's method and path."""
        if method not in ("GET", "HEAD"):
            return 405, "text/plain; charset=utf-8", b"only GET and HEAD\n"
        path = path.split("?", 1)[0]
        if path == "/metrics":
            return 200, CONTENT_TYPE_LATEST, generate_latest(self.registry)
        if path == "/healthz":
            return 200, "text/plain; charset=utf-8", b"ok\n"
        if path == "/readyz":
            if self.stop.is_set():
                return 503, "text/plain; charset=utf-8", b"stopping\n"
            if not self.ready.is_set():
                return 503, "text/plain; charset=utf-8", b"starting\n"
            return 200, "text/plain; charset=utf-8", b"ready\n"
        return 404, "text/plain; charset=utf-8", b"/metrics, /healthz or /readyz\n"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            try:
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), READ_TIMEOUT_S)
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
                return  # a scanner, a closed connection or an oversized head: nothing worth answering
            parts = head.split(b"\r\n", 1)[0].decode("latin-1").split()
            if len(parts) != 3 or not parts[2].startswith("HTTP/"):
                status, kind, body = 400, "text/plain; charset=utf-8", b"bad request line\n"
                method = "GET"
            else:
                method = parts[0]
                status, kind, body = self.answer(method, parts[1])
            lines = [
                f"HTTP/1.1 {status} {_REASONS[status]}",
                f"Content-Type: {kind}",
                f"Content-Length: {len(body)}",
                "Cache-Control: no-store",
                "Connection: close",
            ]
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
            if method != "HEAD":
                writer.write(body)
            await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
