"""A few seconds of cache, so that any number of dashboards polling costs one computation."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Final

from mozdef_api.health.model import Health

DEFAULT_TTL_S: Final = 5.0


class HealthCache:
    """Holds the last answer for ``ttl_s``; concurrent callers on a stale cache share one computation."""

    def __init__(self, ttl_s: float = DEFAULT_TTL_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self._clock = clock
        self._lock = asyncio.Lock()
        self._answer: Health | None = None
        self._at = 0.0

    async def get(self, compute: Callable[[], Awaitable[Health]]) -> Health:
        if (answer := self._fresh()) is not None:
            return answer
        async with self._lock:
            if (answer := self._fresh()) is not None:  # computed while this caller waited
                return answer
            self._answer = await compute()
            self._at = self._clock()
            return self._answer

    def _fresh(self) -> Health | None:
        if self._answer is not None and self._clock() - self._at < self.ttl_s:
            return self._answer
        return None
