"""A stand-in for a third-party OpenSearch node on a free loopback port: it records every request and
answers from a script, so the store's HTTP handling (retries, error mapping, set-up calls) runs over
real sockets through opensearch-py and aiohttp."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return orjson.loads(self.body)

    def ndjson(self) -> list[Any]:
        return [orjson.loads(line) for line in self.body.splitlines() if line]


#: An answer: (status, JSON body), or a callable of the request giving one.
Answer = tuple[int, Any] | Callable[[Recorded], tuple[int, Any]]


@dataclass
class FakeOpenSearch:
    port: int = 0
    requests: list[Recorded] = field(default_factory=list)
    #: (method, path) -> answers used in order; the last one repeats.
    script: dict[tuple[str, str], list[Answer]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def on(self, method: str, path: str, *answers: Answer) -> None:
        self.script[(method, path)] = list(answers)

    def calls(self, method: str, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path == path]

    async def _handle(self, request: Request) -> Response:
        recorded = Recorded(
            request.method, request.url.path, dict(request.query_params), await request.body()
        )
        self.requests.append(recorded)
        answers = self.script.get((request.method, request.url.path))
        if not answers:
            return _json(404, {"error": {"type": "not_scripted", "reason": recorded.path}, "status": 404})
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        status, payload = answer(recorded) if callable(answer) else answer
        return _json(status, payload)


def _json(status: int, payload: Any) -> Response:
    return Response(orjson.dumps(payload), status_code=status, media_type="application/json")


@contextlib.asynccontextmanager
async def serve() -> AsyncIterator[FakeOpenSearch]:
    fake = FakeOpenSearch()
    app = Starlette(
        routes=[Route("/{path:path}", fake._handle, methods=["GET", "PUT", "POST", "DELETE", "HEAD"])]
    )
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off", ws="none")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    fake.port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield fake
    finally:
        server.should_exit = True
        await task
