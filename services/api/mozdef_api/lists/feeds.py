"""The feeds firewalls and proxies poll: every unexpired entry of a list, as text or JSON.

A feed answer costs at most one store query per list and type selection every ``FEED_CACHE_S``
seconds per replica, however many devices poll. Expiry is applied at answer time against the
cached entries, so an entry leaves the feed the moment it expires, not when the cache does. A change
made through this replica drops its cache at once; one made elsewhere (another replica, the alerter's
block actions) shows within ``FEED_CACHE_S``.

Expired entries are also purged from the store, at most every ``PURGE_EVERY_S`` per replica, after
a feed or listing answered (never on the request's own time).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final

from fastapi import FastAPI

from mozdef_common.errors import StoreError
from mozdef_common.event import utc_iso
from mozdef_common.lists.entries import is_active
from mozdef_common.lists.store import active_entries, list_collection, purge_expired
from mozdef_common.state import Document

FEED_CACHE_S: Final = 5.0
PURGE_EVERY_S: Final = 60.0
log = logging.getLogger(__name__)

Key = tuple[str, tuple[str, ...]]


@dataclass
class FeedCache:
    """Per replica: recent feed queries, and when expired entries were last purged."""

    ttl_s: float = FEED_CACHE_S
    entries: dict[Key, tuple[float, list[Document]]] = field(default_factory=dict)
    locks: dict[Key, asyncio.Lock] = field(default_factory=dict)
    last_purge: float = float("-inf")

    def drop(self, name: str) -> None:
        for key in [k for k in self.entries if k[0] == name]:
            del self.entries[key]


def cache_of(app: FastAPI) -> FeedCache:
    cache: FeedCache | None = getattr(app.state, "list_feeds", None)
    if cache is None:
        cache = app.state.list_feeds = FeedCache()
    return cache


async def feed_entries(app: FastAPI, name: str, kinds: list[str] | None) -> list[Document]:
    """The entries of list ``name`` (of ``kinds``) unexpired now, through the cache."""
    cache = cache_of(app)
    key: Key = (name, tuple(sorted(set(kinds or ()))))
    lock = cache.locks.setdefault(key, asyncio.Lock())
    async with lock:  # many pollers at once still make one query
        hit = cache.entries.get(key)
        if hit is None or time.monotonic() - hit[0] > cache.ttl_s:
            collection = list_collection(app.state.state, name)
            docs = await active_entries(collection, datetime.now(UTC), list(key[1]) or None)
            hit = cache.entries[key] = (time.monotonic(), docs)
    now = utc_iso(datetime.now(UTC))
    return [doc for doc in hit[1] if is_active(doc, now)]


def purge_due(app: FastAPI) -> bool:
    """Whether this replica should purge now; claims the turn when it should."""
    cache = cache_of(app)
    if time.monotonic() - cache.last_purge < PURGE_EVERY_S:
        return False
    cache.last_purge = time.monotonic()
    return True


async def purge(app: FastAPI) -> None:
    """Delete expired entries of both lists and audit what went; a store failure waits for next time."""
    try:
        purged = await purge_expired(app.state.state, datetime.now(UTC))
    except StoreError as exc:
        log.warning("expired list entries not purged: %s", exc)
        return
    for name, count in purged.items():
        if count:
            cache_of(app).drop(name)
            await app.state.audit.record(
                f"{name}.purge", actor="system", source=None, target=name, details={"count": count}
            )
