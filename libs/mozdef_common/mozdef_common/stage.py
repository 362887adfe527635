"""The loop every consuming stage runs: read a batch, hand it on, commit only once that is durable.

Transient failures (bus full or down, store down) are retried with capped exponential backoff and the
batch is never committed until its handler succeeded, so a crash or a stop replays it: at-least-once.
Handlers must therefore be idempotent per event id, which the stores guarantee.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence

from mozdef_common.bus.base import Bus, Consumer, Message, Offsets
from mozdef_common.errors import BusError, StoreUnavailableError
from mozdef_common.telemetry import StageMetrics

log = logging.getLogger(__name__)

Handler = Callable[[list[Message]], Awaitable[None]]
RETRYABLE: tuple[type[BaseException], ...] = (BusError, StoreUnavailableError, OSError)


class StageLoop:
    def __init__(
        self,
        bus: Bus,
        topics: Sequence[str],
        group: str,
        handler: Handler,
        metrics: StageMetrics,
        *,
        batch_size: int = 2000,
        poll_timeout_s: float = 0.2,
        max_backoff_s: float = 5.0,
    ) -> None:
        self.bus = bus
        self.topics = tuple(topics)
        self.group = group
        self.handler = handler
        self.metrics = metrics
        metrics.group = group  # the lag this loop reports is its group's
        self.batch_size = batch_size
        self.poll_timeout_s = poll_timeout_s
        self.max_backoff_s = max_backoff_s
        self.ready = asyncio.Event()
        self._last_lag = 0.0

    async def run(self, stop: asyncio.Event, ready: asyncio.Event | None = None) -> None:
        """Consume until ``stop`` is set; the batch in hand is finished (or left uncommitted) first.

        ``ready`` (and :attr:`ready`) is set once the consumer has joined its group.
        """
        consumer = await self.bus.consumer(self.topics, self.group)
        self.ready.set()
        if ready is not None:
            ready.set()
        try:
            while not stop.is_set():
                messages = await consumer.getmany(self.batch_size, self.poll_timeout_s)
                await self._report_lag(consumer)
                if not messages:
                    continue
                started = time.perf_counter()
                if not await self._handle(messages, stop):
                    break  # stopped while retrying: leave the batch uncommitted, it replays
                try:
                    await consumer.commit(Offsets.after(messages))
                except BusError as exc:
                    # Not fatal: the next commit covers this batch, and a crash before it replays the
                    # batch, which the stores' replace-by-id makes harmless.
                    self.metrics.error("commit_failed")
                    log.warning("%s: commit failed, the next one covers it: %s", self.group, exc)
                self.metrics.batch_size.observe(len(messages))
                self.metrics.batch_seconds.observe(time.perf_counter() - started)
        finally:
            await consumer.close()

    async def _handle(self, messages: list[Message], stop: asyncio.Event) -> bool:
        backoff = 0.05
        while True:
            try:
                await self.handler(messages)
                return True
            except RETRYABLE as exc:
                self.metrics.error(type(exc).__name__)
                log.warning(
                    "%s: batch of %d failed, retrying in %.2fs: %s",
                    self.group,
                    len(messages),
                    backoff,
                    exc,
                )
            if stop.is_set():
                return False
            try:
                await asyncio.wait_for(stop.wait(), backoff)
                return False
            except TimeoutError:
                backoff = min(backoff * 2, self.max_backoff_s)

    async def _report_lag(self, consumer: Consumer) -> None:
        now = time.monotonic()
        if now - self._last_lag < 1.0:
            return
        self._last_lag = now
        try:
            for tp, lag in (await consumer.lag()).items():
                self.metrics.lag.labels(self.metrics.stage, tp.topic, str(tp.partition)).set(lag)
        except BusError as exc:  # lag is best effort; the loop goes on
            log.debug("lag unavailable: %s", exc)


class BackgroundLoop:
    """A :class:`StageLoop` run as a task beside other work (the api's consumers run this way).

    :meth:`start` returns once the loop joined its group, or raises why it could not;
    :meth:`close` stops it after the batch in hand, whose uncommitted messages the next consumer reads.
    """

    def __init__(self, loop: StageLoop, name: str) -> None:
        self.loop = loop
        self.name = name
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self, timeout_s: float = 30.0) -> None:
        ready = asyncio.Event()
        self._task = asyncio.create_task(self.loop.run(self._stop, ready), name=self.name)
        waiter = asyncio.create_task(ready.wait())
        done, _ = await asyncio.wait({waiter, self._task}, timeout=timeout_s, return_when="FIRST_COMPLETED")
        if waiter not in done:
            waiter.cancel()
            if self._task in done:
                self._task.result()  # raises what stopped it
            await self.close()
            raise TimeoutError(f"{self.name} did not join {self.loop.group} within {timeout_s}s")

    async def close(self) -> None:
        self._stop.set()
        if self._task is None:
            return
        task, self._task = self._task, None
        try:
            await task
        except asyncio.CancelledError:
            pass
        except Exception:  # already stopped by it; closing must not mask the shutdown's own errors
            log.exception("%s had stopped on an error", self.name)
