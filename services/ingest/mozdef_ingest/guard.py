"""The ASGI layer in front of every route: credentials, and the header Elasticsearch clients check.

Elasticsearch shippers send credentials as ``Bearer``, ``ApiKey`` (raw, or base64 of ``id:key`` as
Beats and Logstash encode it) or HTTP Basic with the token as password; any of them may carry the
ingest token. Health checks and metrics stay open so probes and scrapers need no secret.
"""

from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mozdef_common.auth import authorization_matches
from mozdef_common.telemetry import StageMetrics

OPEN_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
# Elasticsearch clients from 7.14 on refuse a server that does not name itself in every answer.
PRODUCT_HEADER = (b"x-elastic-product", b"Elasticsearch")
_UNAUTHORIZED = orjson.dumps(
    {
        "error": {
            "type": "security_exception",
            "reason": "missing or wrong credentials: send 'Authorization: Bearer <ingest token>' "
            "(or ApiKey, or Basic with the token as password)",
        },
        "status": 401,
    }
)


class Guard:
    """Checks credentials (unless ``token`` is None: open ingest) and adds the product header."""

    def __init__(self, app: ASGIApp, *, token: str | None, metrics: StageMetrics) -> None:
        self.app = app
        self.token = token
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_product(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), PRODUCT_HEADER]
            await send(message)

        if self.token is not None and scope["path"] not in OPEN_PATHS:
            header = _header(scope, b"authorization")
            if not authorization_matches(header, self.token):
                self.metrics.error("unauthorized")
                await _deny(scope, send_with_product)
                return
        await self.app(scope, receive, send_with_product)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value).decode("latin-1")
    return None


async def _deny(scope: Scope, send: Send) -> None:
    body = b"" if scope["method"] == "HEAD" else _UNAUTHORIZED
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(_UNAUTHORIZED)).encode()),
        (b"www-authenticate", b'Basic realm="mozdef", charset="UTF-8"'),
        (b"www-authenticate", b'Bearer realm="mozdef"'),
    ]
    await send({"type": "http.response.start", "status": 401, "headers": headers})
    await send({"type": "http.response.body", "body": body})
