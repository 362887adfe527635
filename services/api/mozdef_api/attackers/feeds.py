"""The attacker feeds (MozDef's plain-text attackers list, and JSON): every address of every attacker
scoring at least ``min_score`` now, highest score first.

One store query per ``min_score`` every :data:`FEED_CACHE_S` seconds per replica, however many devices
poll. Scores keep decaying between queries, so the cached profiles are filtered again at answer time:
an attacker leaves the feed when its score falls below, not when the cache expires.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from fastapi import FastAPI

from mozdef_api.attackers import score
from mozdef_api.attackers.query import attacker_filter, attacker_sort
from mozdef_api.attackers.store import attackers
from mozdef_common.state import Document

FEED_CACHE_S: Final = 5.0
#: More attackers than a firewall list should hold; past it, raise min_score.
MAX_FEED: Final = 10_000


@dataclass
class AttackerFeedCache:
    ttl_s: float = FEED_CACHE_S
    entries: dict[float, tuple[float, list[Document]]] = field(default_factory=dict)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def clear(self) -> None:
        self.entries.clear()


def cache_of(app: FastAPI) -> AttackerFeedCache:
    cache: AttackerFeedCache | None = getattr(app.state, "attacker_feeds", None)
    if cache is None:
        cache = app.state.attacker_feeds = AttackerFeedCache()
    return cache


async def feed_profiles(app: FastAPI, min_score: float, now: datetime) -> list[Document]:
    """Profiles scoring at least ``min_score`` at ``now``, highest first, through the cache."""
    cache = cache_of(app)
    async with cache.lock:  # many pollers at once still make one query
        hit = cache.entries.get(min_score)
        if hit is None or time.monotonic() - hit[0] > cache.ttl_s:
            where = attacker_filter(min_score=min_score, now=now)
            _, docs = await attackers(app.state.state).find(
                where, limit=MAX_FEED, sort=attacker_sort("score")
            )
            hit = cache.entries[min_score] = (time.monotonic(), docs)
    least = score.threshold(min_score, now)
    return [doc for doc in hit[1] if doc.get("rank") is not None and doc["rank"] >= least]
