"""Remembering verified credentials for a few seconds, so a busy client costs one store read per TTL.

Entries are keyed by the SHA-256 of what was presented, never the plaintext, and only successes are
kept: a revoked key or an ended session therefore stops working within the TTL on every replica, and
at once on the replica that revoked or ended it (:meth:`CredentialCache.forget_where`).
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from mozdef_common.accounts.apikeys import ApiKey, ApiKeys

T = TypeVar("T")
DEFAULT_TTL = 5.0
DEFAULT_SIZE = 4096


def _fingerprint(credential: str) -> bytes:
    return hashlib.sha256(credential.strip().encode()).digest()


class CredentialCache(Generic[T]):
    """A bounded, least-recently-used map from credential to what it proved, for ``ttl`` seconds."""

    def __init__(
        self,
        ttl: float = DEFAULT_TTL,
        *,
        size: int = DEFAULT_SIZE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.size = size
        self.clock = clock
        self._entries: OrderedDict[bytes, tuple[float, T]] = OrderedDict()

    def get(self, credential: str) -> T | None:
        key = _fingerprint(credential)
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry[0] <= self.clock():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return entry[1]

    def put(self, credential: str, value: T) -> None:
        if self.ttl <= 0:
            return
        key = _fingerprint(credential)
        self._entries[key] = (self.clock() + self.ttl, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def forget(self, credential: str) -> None:
        self._entries.pop(_fingerprint(credential), None)

    def forget_where(self, predicate: Callable[[T], bool]) -> int:
        """Drop every entry whose value matches (a user's sessions, a revoked key); how many."""
        doomed = [key for key, (_, value) in self._entries.items() if predicate(value)]
        for key in doomed:
            del self._entries[key]
        return len(doomed)


class CachedKeys:
    """API key verification through a :class:`CredentialCache` (ingest's guard, the api's authenticator)."""

    def __init__(self, apikeys: ApiKeys, *, ttl: float = DEFAULT_TTL) -> None:
        self.apikeys = apikeys
        self.cache: CredentialCache[ApiKey] = CredentialCache(ttl)

    async def verify(self, presented: str) -> ApiKey | None:
        """The live key ``presented`` is (from the cache when verified within the TTL); None otherwise."""
        cached = self.cache.get(presented)
        if cached is not None:
            return cached
        key = await self.apikeys.verify_key(presented)
        if key is not None:
            self.cache.put(presented, key)
        return key

    def forget_key(self, key_id: str) -> None:
        """Stop accepting key ``key_id`` from the cache at once (it was revoked here)."""
        self.cache.forget_where(lambda key: key.id == key_id)
