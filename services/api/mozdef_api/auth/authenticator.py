"""Turning a presented credential into a :class:`Principal`: session tokens and API keys.

Both are checked against the state store, so a revoked key or an ended session stops working on every
replica. A verified credential is remembered for ``cache_ttl`` seconds (by the SHA-256 of what was
presented, never the plaintext, in :class:`~mozdef_common.accounts.CredentialCache`) so busy clients
cost one store read per few seconds, not one per request: other replicas see a revocation within that
time, this one at once (:meth:`forget`, :meth:`forget_user`, :meth:`forget_key`).
"""

from __future__ import annotations

from mozdef_api.auth.principal import Principal
from mozdef_common.accounts import ApiKeys, CredentialCache
from mozdef_common.accounts.apikeys import PREFIX as KEY_PREFIX
from mozdef_common.accounts.cache import DEFAULT_TTL
from mozdef_common.accounts.sessions import PREFIX as SESSION_PREFIX
from mozdef_common.accounts.sessions import Sessions
from mozdef_common.auth import credential_from_header

CACHE_TTL = DEFAULT_TTL


class Authenticator:
    def __init__(self, sessions: Sessions, apikeys: ApiKeys, *, cache_ttl: float = CACHE_TTL) -> None:
        self.sessions = sessions
        self.apikeys = apikeys
        self.cache: CredentialCache[Principal] = CredentialCache(cache_ttl)

    async def authenticate_header(self, header: str | None) -> Principal | None:
        """The caller an ``Authorization`` header names (Bearer, ApiKey or Basic forms); None if nobody."""
        token = credential_from_header(header)
        return None if token is None else await self.authenticate_token(token)

    async def authenticate_token(self, token: str) -> Principal | None:
        token = token.strip()
        cached = self.cache.get(token)
        if cached is not None:
            return cached
        principal = await self._verify(token)
        if principal is not None:
            self.cache.put(token, principal)
        return principal

    def forget(self, token: str) -> None:
        """Drop ``token`` from this replica's cache at once (sign-out)."""
        self.cache.forget(token)

    def forget_user(self, name: str) -> None:
        """Drop every cached session of user ``name`` (disabled, demoted, password changed)."""
        self.cache.forget_where(lambda p: p.kind == "user" and p.id == name)

    def forget_key(self, key_id: str) -> None:
        """Drop API key ``key_id`` from the cache (revoked)."""
        self.cache.forget_where(lambda p: p.kind == "apikey" and p.id == key_id)

    async def _verify(self, token: str) -> Principal | None:
        if token.startswith(SESSION_PREFIX):
            session = await self.sessions.verify(token)
            if session is None:
                return None
            return Principal(session.user, session.role, "user", session.user, session=session.id)
        if token.startswith(KEY_PREFIX):
            key = await self.apikeys.verify_key(token)
            return None if key is None else Principal(key.name, key.role, "apikey", key.id)
        return None
