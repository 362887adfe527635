"""The ASGI layer in front of every route: shipper keys, and the header Elasticsearch clients check.

Shippers send an API key of the shipper role, in any form Elasticsearch shippers use: ``Bearer <key>``,
``ApiKey <key>``, ``ApiKey base64(<id>:<key>)`` (Beats, Logstash) or HTTP Basic with the key as password.
Keys are verified against the state store and remembered for a few seconds
(:class:`~mozdef_common.accounts.CachedKeys`), so a revoked key stops working within that time. A missing
or wrong key answers 401 with ``WWW-Authenticate: Basic`` (what makes Elasticsearch clients send their
credentials); a valid key of another role answers 403 naming the role. Health checks and metrics stay
open so probes and scrapers need no secret.
"""

from __future__ import annotations

import logging

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mozdef_common.accounts import CachedKeys, Role
from mozdef_common.auth import credential_from_header
from mozdef_common.errors import StoreError
from mozdef_common.telemetry import StageMetrics

OPEN_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
# Elasticsearch clients from 7.14 on refuse a server that does not name itself in every answer.
PRODUCT_HEADER = (b"x-elastic-product", b"Elasticsearch")
UNAUTHORIZED_REASON = (
    "missing or wrong credentials: send a shipper API key as 'Authorization: Bearer <key>' "
    "(or ApiKey <key>, or Basic with the key as password)"
)
CHALLENGES = [
    (b"www-authenticate", b'Basic realm="mozdef", charset="UTF-8"'),
    (b"www-authenticate", b'Bearer realm="mozdef"'),
]
RETRY_AFTER_S = 5
log = logging.getLogger(__name__)


class Guard:
    """Checks shipper keys (unless ``keys`` is None: open ingest) and adds the product header."""

    def __init__(self, app: ASGIApp, *, keys: CachedKeys | None, metrics: StageMetrics) -> None:
        self.app = app
        self.keys = keys
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_product(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), PRODUCT_HEADER]
            await send(message)

        if self.keys is not None and scope["path"] not in OPEN_PATHS:
            refusal = await self._refusal(scope)
            if refusal is not None:
                await _deny(scope, send_with_product, *refusal)
                return
        await self.app(scope, receive, send_with_product)

    async def _refusal(self, scope: Scope) -> tuple[int, str, str] | None:
        """``(status, error type, reason)`` when the request may not ingest; None when it may."""
        assert self.keys is not None
        presented = credential_from_header(_header(scope, b"authorization"))
        try:
            key = None if presented is None else await self.keys.verify(presented)
        except StoreError as exc:
            log.error("cannot check shipper keys: %s", exc)
            self.metrics.error("state_store")
            return (
                503,
                "unavailable_exception",
                "cannot check credentials now: the state store is unavailable",
            )
        if key is None:
            self.metrics.error("unauthorized")
            return 401, "security_exception", UNAUTHORIZED_REASON
        if key.role is not Role.SHIPPER:
            self.metrics.error("forbidden")
            reason = f"the {key.role.value} role may not ingest: use a key of the shipper role"
            return 403, "security_exception", reason
        return None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value).decode("latin-1")
    return None


async def _deny(scope: Scope, send: Send, status: int, kind: str, reason: str) -> None:
    payload = orjson.dumps({"error": {"type": kind, "reason": reason}, "status": status})
    body = b"" if scope["method"] == "HEAD" else payload
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    if status == 401:
        headers.extend(CHALLENGES)
    elif status == 503:
        headers.append((b"retry-after", str(RETRY_AFTER_S).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
