"""A tiny OpenID Connect provider for tests, served on a loopback port: it stands in for the external
identity provider (discovery, authorize redirect, token endpoint with PKCE and client authentication,
RS256-signed ID tokens, JWKS). ``misbehave`` makes it issue the kinds of bad tokens we must refuse."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from mozdef_common.http import serve
from tests.support.net import free_port

CLIENT_ID = "mozdef"
CLIENT_SECRET = "client-secret-for-tests"


@dataclass
class Provider:
    url: str
    key: RSAKey
    other_key: RSAKey
    claims: dict[str, Any] = field(
        default_factory=lambda: {"preferred_username": "carol", "groups": ["secops"]}
    )
    misbehave: str | None = None  # "bad_signature", "wrong_nonce", "wrong_audience", "expired"
    codes: dict[str, dict[str, str]] = field(default_factory=dict)

    def id_token(self, grant: dict[str, str]) -> str:
        now = int(time.time())
        claims = {
            "iss": self.url,
            "sub": "user-123",
            "aud": "someone-else" if self.misbehave == "wrong_audience" else CLIENT_ID,
            "iat": now,
            "exp": now - 600 if self.misbehave == "expired" else now + 300,
            "nonce": "another-nonce" if self.misbehave == "wrong_nonce" else grant["nonce"],
            **self.claims,
        }
        # A bad signature: signed with a key the JWKS does not hold, under the published key's id.
        signer = self.other_key if self.misbehave == "bad_signature" else self.key
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, signer)


def _app(provider: Provider) -> FastAPI:
    app = FastAPI()

    @app.get("/.well-known/openid-configuration")
    async def discovery() -> dict[str, str]:
        return {
            "issuer": provider.url,
            "authorization_endpoint": f"{provider.url}/authorize",
            "token_endpoint": f"{provider.url}/token",
            "jwks_uri": f"{provider.url}/jwks",
        }

    @app.get("/jwks")
    async def jwks() -> dict[str, Any]:
        return KeySet([provider.key]).as_dict(private=False)

    @app.get("/authorize")
    async def authorize(request: Request) -> RedirectResponse:
        q = request.query_params
        assert q["client_id"] == CLIENT_ID
        assert q["response_type"] == "code"
        assert q["code_challenge_method"] == "S256"
        assert "openid" in q["scope"].split()
        code = secrets.token_urlsafe(16)
        provider.codes[code] = {
            "nonce": q["nonce"],
            "challenge": q["code_challenge"],
            "redirect_uri": q["redirect_uri"],
        }
        return RedirectResponse(f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q['state']})}", 302)

    @app.post("/token")
    async def token(request: Request) -> JSONResponse:
        form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
        grant_type, code = form.get("grant_type"), form.get("code", "")
        redirect_uri, code_verifier = form.get("redirect_uri"), form.get("code_verifier", "")
        expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        grant = provider.codes.pop(code, None)
        digest = (
            base64.urlsafe_b64encode(hashlib.sha256(code_verifier.encode()).digest()).rstrip(b"=").decode()
        )
        if (
            request.headers.get("authorization") != expected
            or grant_type != "authorization_code"
            or grant is None
            or grant["redirect_uri"] != redirect_uri
            or grant["challenge"] != digest
        ):
            return JSONResponse({"error": "invalid_grant"}, 400)
        return JSONResponse(
            {"access_token": "opaque", "token_type": "Bearer", "id_token": provider.id_token(grant)}
        )

    return app


@asynccontextmanager
async def oidc_provider() -> AsyncIterator[Provider]:
    port = free_port()
    provider = Provider(
        url=f"http://127.0.0.1:{port}",
        key=RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig", "alg": "RS256"}),
        other_key=RSAKey.generate_key(2048, parameters={"kid": "k1"}),
    )
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(serve(_app(provider), host="127.0.0.1", port=port, stop=stop, ready=ready))
    await asyncio.wait_for(ready.wait(), 15)
    try:
        yield provider
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
