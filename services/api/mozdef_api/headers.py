"""Security headers on every response, and ``Cache-Control: no-store`` on the API's own answers.

The interactive API docs load their script and style from a public CDN, so their page gets a policy
that allows it; everything else may only load from this origin and may not be framed.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"strict-transport-security", b"max-age=31536000; includeSubDomains"),
]
_STRICT_CSP = (
    b"content-security-policy",
    b"default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    b"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
)
_DOCS_CSP = (
    b"content-security-policy",
    b"default-src 'self' https:; script-src 'self' 'unsafe-inline' https:; style-src 'self' 'unsafe-inline' "
    b"https:; img-src 'self' data: https:; object-src 'none'; frame-ancestors 'none'",
)
DOCS_PATHS = frozenset({"/api/docs", "/api/docs/oauth2-redirect"})


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        extra = [*_COMMON, _DOCS_CSP if path in DOCS_PATHS else _STRICT_CSP]
        if path.startswith("/api/"):
            extra.append((b"cache-control", b"no-store"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", ())}
                message["headers"] = [
                    *message.get("headers", ()),
                    *(header for header in extra if header[0] not in present),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)
