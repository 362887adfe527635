"""OpenID Connect sign-in, the provider's side of it: discovery, authorization URL, code exchange, and
validation of the ID token.

The flow is the authorization code flow with PKCE (S256), ``state`` and ``nonce``. An ID token is
accepted only when its signature verifies against the provider's JWKS (asymmetric algorithms only, never
``none`` or a shared secret), its issuer is the configured one, its audience holds our client id (and,
when it holds several, ``azp`` names us), it has not expired and its nonce is the one this sign-in
sent. PKCE and the authorization URL come from authlib; JOSE from joserfc, authlib's JOSE library.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import httpx
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from mozdef_api.settings import ApiSettings
from mozdef_common.accounts import Role

ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
DISCOVERY_TTL_S = 3600.0
LEEWAY_S = 60  # clock skew allowed between us and the provider
ROLE_RANK = {Role.VIEWER: 0, Role.ANALYST: 1, Role.ADMIN: 2}


class OidcError(Exception):
    """A sign-in the provider or its token did not allow; ``reason`` is safe to show and to log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


class OidcClient:
    """Talks to one provider; caches its discovery document and keys (not sign-in state: see routes)."""

    def __init__(self, settings: ApiSettings, *, timeout_s: float = 10.0) -> None:
        if not (settings.oidc_issuer and settings.oidc_client_id and settings.oidc_client_secret):
            raise OidcError("OpenID Connect is not configured")
        self.settings = settings
        self.issuer = settings.oidc_issuer.rstrip("/")
        self.client_id = settings.oidc_client_id
        self.client_secret = settings.oidc_client_secret
        self.timeout_s = timeout_s
        self._provider: tuple[float, Provider] | None = None
        self._keys: KeySet | None = None

    async def _get_json(self, url: str) -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=self.timeout_s) as client:
            try:
                response = await client.get(url)
                response.raise_for_status()
                body = response.json()
            except (httpx.HTTPError, ValueError) as exc:
                raise OidcError(f"the provider did not answer {url}: {type(exc).__name__}") from None
        if not isinstance(body, dict):
            raise OidcError(f"the provider answered {url} with something other than a JSON object")
        return body

    async def provider(self) -> Provider:
        if self._provider is not None and self._provider[0] > time.monotonic():
            return self._provider[1]
        doc = await self._get_json(f"{self.issuer}/.well-known/openid-configuration")
        try:
            provider = Provider(
                issuer=str(doc["issuer"]).rstrip("/"),
                authorization_endpoint=str(doc["authorization_endpoint"]),
                token_endpoint=str(doc["token_endpoint"]),
                jwks_uri=str(doc["jwks_uri"]),
            )
        except KeyError as exc:
            raise OidcError(f"the provider's discovery document lacks {exc.args[0]}") from None
        if provider.issuer != self.issuer:  # OpenID Connect Discovery §4.3
            raise OidcError("the provider's discovery document names another issuer")
        self._provider = (time.monotonic() + DISCOVERY_TTL_S, provider)
        return provider

    async def authorization_url(self, *, redirect_uri: str, state: str, nonce: str, verifier: str) -> str:
        provider = await self.provider()
        params = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": redirect_uri,
            "scope": self.settings.oidc_scopes,
            "state": state,
            "nonce": nonce,
            "code_challenge": create_s256_code_challenge(verifier),
            "code_challenge_method": "S256",
        }
        separator = "&" if "?" in provider.authorization_endpoint else "?"
        return f"{provider.authorization_endpoint}{separator}{urlencode(params)}"

    async def exchange(self, *, code: str, verifier: str, redirect_uri: str) -> str:
        """The ID token the provider gives for ``code`` (client_secret_basic authentication)."""
        provider = await self.provider()
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        }
        # RFC 6749 §2.3.1: id and secret are form-urlencoded before going into Basic.
        auth = (quote(self.client_id, safe=""), quote(self.client_secret.get_secret_value(), safe=""))
        async with httpx.AsyncClient(timeout=self.timeout_s) as client:
            try:
                response = await client.post(provider.token_endpoint, data=form, auth=auth)
                body = response.json()
            except (httpx.HTTPError, ValueError) as exc:
                raise OidcError(f"the token endpoint failed: {type(exc).__name__}") from None
        if response.status_code != 200 or not isinstance(body, dict):
            error = body.get("error") if isinstance(body, dict) else None
            raise OidcError(f"the provider refused the code ({str(error or response.status_code)[:64]})")
        id_token = body.get("id_token")
        if not isinstance(id_token, str):
            raise OidcError("the provider's answer holds no ID token")
        return id_token

    async def _key_set(self, *, refresh: bool = False) -> KeySet:
        if self._keys is None or refresh:
            provider = await self.provider()
            try:
                self._keys = KeySet.import_key_set(await self._get_json(provider.jwks_uri))  # type: ignore[arg-type]
            except (JoseError, ValueError, TypeError):
                raise OidcError("the provider's JWKS cannot be read") from None
        return self._keys

    async def validate(self, id_token: str, *, nonce: str) -> dict[str, Any]:
        """The ID token's claims once signature, issuer, audience, expiry and nonce all check out."""
        try:
            token = jwt.decode(id_token, await self._key_set(), algorithms=list(ALGORITHMS))
        except JoseError:
            # The provider may have rotated its keys since we read them: read them once more.
            try:
                token = jwt.decode(id_token, await self._key_set(refresh=True), algorithms=list(ALGORITHMS))
            except (JoseError, ValueError):
                raise OidcError("the ID token's signature does not verify") from None
        except ValueError:
            raise OidcError("the ID token is malformed") from None
        claims = dict(token.claims)
        registry = jwt.JWTClaimsRegistry(
            leeway=LEEWAY_S,
            iss={"essential": True, "value": self.issuer},
            aud={"essential": True, "value": self.client_id},
            sub={"essential": True},
            exp={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        try:
            registry.validate(claims)
        except JoseError as exc:
            raise OidcError(f"the ID token was refused: {exc.error}") from None
        audience = claims["aud"]
        if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != self.client_id:
            raise OidcError("the ID token was refused: azp does not name this client")
        return claims


def map_user(claims: dict[str, Any], settings: ApiSettings) -> tuple[str, Role]:
    """The user name and role ``claims`` give under ``settings``; OidcError when they give none."""
    name = next(
        (
            str(claims[c]).strip()
            for c in settings.oidc_name_claims
            if isinstance(claims.get(c), str) and claims[c].strip()
        ),
        None,
    )
    if name is None:
        raise OidcError(f"the ID token has none of the name claims {', '.join(settings.oidc_name_claims)}")
    groups = claims.get(settings.oidc_groups_claim) or []
    if isinstance(groups, str):
        groups = [groups]
    roles = [settings.oidc_role_map[g] for g in groups if isinstance(g, str) and g in settings.oidc_role_map]
    if not roles:
        if settings.oidc_require_group:
            raise OidcError("the user is in no group that maps to a role")
        return name, settings.oidc_default_role
    return name, max(roles, key=lambda role: ROLE_RANK.get(role, -1))
