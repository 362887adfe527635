"""CredentialCache and CachedKeys: what is remembered, for how long, and what forgets it."""

from __future__ import annotations

from mozdef_common.accounts import ApiKeys, CachedKeys, CredentialCache
from mozdef_common.state import StateStore


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_entries_expire_and_are_keyed_by_fingerprint() -> None:
    clock = Clock()
    cache: CredentialCache[str] = CredentialCache(5.0, clock=clock)
    cache.put("secret-token", "alice")
    assert cache.get(" secret-token ") == "alice"  # what was presented, trimmed
    assert all("secret-token" not in repr(key) for key in cache._entries)
    clock.now += 5.0
    assert cache.get("secret-token") is None


def test_size_bound_forget_and_forget_where() -> None:
    cache: CredentialCache[str] = CredentialCache(60.0, size=2)
    cache.put("a", "alice")
    cache.put("b", "bob")
    cache.get("a")  # a is now the most recently used
    cache.put("c", "alice")
    assert cache.get("b") is None
    assert cache.forget_where(lambda name: name == "alice") == 2
    assert cache.get("a") is None
    cache.put("d", "dan")
    cache.forget("d")
    assert cache.get("d") is None


def test_a_zero_ttl_caches_nothing() -> None:
    cache: CredentialCache[str] = CredentialCache(0)
    cache.put("a", "alice")
    assert cache.get("a") is None


async def test_cached_keys_remember_successes_only(state: StateStore) -> None:
    keys = ApiKeys(state)
    cached = CachedKeys(keys, ttl=60)
    record, key = await keys.create_key("beats", "shipper")
    assert (await cached.verify(key)) == record
    await keys.revoke(record.id)
    assert await cached.verify(key) is not None  # another replica's revocation: within the TTL
    cached.forget_key(record.id)  # this replica's: at once
    assert await cached.verify(key) is None
    assert await cached.verify("mzd_nothing") is None
