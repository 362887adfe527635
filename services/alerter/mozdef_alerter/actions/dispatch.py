"""Running the actions that are due: claim, attempt, record, schedule the next try.

The dispatcher reads due tasks from the state store (never from memory alone), so retries survive a
restart and several alerter replicas share the work. A task is claimed by moving its ``next_at`` past
the attempt's time limit with the version read (the store's optimistic concurrency): two replicas
never attempt one task at once, and a task whose runner died becomes due again when that lease ends.
At most ``actions_concurrency`` attempts run at a time; a slow or failing action holds one slot for
one attempt only, and waits for its retry in the store, not in a slot.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from mozdef_alerter.actions.base import ActionContext, ActionFailed
from mozdef_alerter.actions.records import FAILED, OK, PENDING, Records, attempt_record
from mozdef_alerter.actions.registry import ActionSet
from mozdef_alerter.actions.settings import ActionSettings
from mozdef_common.errors import ConflictError, NotFoundError, StoreError
from mozdef_common.event import utc_iso
from mozdef_common.state import Document
from mozdef_common.telemetry import StageMetrics

log = logging.getLogger(__name__)
#: Added to the attempt's time limit for the lease, so recording its outcome fits in it too.
LEASE_MARGIN_S = 30.0


def backoff(attempt: int, base_s: float, cap_s: float) -> float:
    """Seconds to wait after failed try number ``attempt``: doubling from ``base_s``, at most ``cap_s``,
    less up to 20 % so that alerts failing together do not retry together."""
    return float(min(cap_s, base_s * 2 ** (attempt - 1)) * random.uniform(0.8, 1.0))


class Dispatcher:
    def __init__(
        self, records: Records, actions: ActionSet, ctx: ActionContext, metrics: StageMetrics
    ) -> None:
        self.records = records
        self.actions = actions
        self.ctx = ctx
        self.settings: ActionSettings = ctx.settings
        self.metrics = metrics
        self.wake = asyncio.Event()
        self.inflight: dict[str, asyncio.Task[None]] = {}

    async def run(self, stop: asyncio.Event) -> None:
        """Dispatch due tasks until ``stop``; then let running attempts finish within their limit."""
        try:
            while not stop.is_set():
                self.wake.clear()  # before reading: a wake during the read is not lost
                try:
                    await self.dispatch_due()
                except StoreError as exc:
                    self.metrics.error(type(exc).__name__)
                    log.warning("due actions not read, trying again: %s", exc)
                waiters = {asyncio.ensure_future(self.wake.wait()), asyncio.ensure_future(stop.wait())}
                _, pending = await asyncio.wait(
                    waiters, timeout=self.settings.actions_poll_s, return_when=asyncio.FIRST_COMPLETED
                )
                for waiter in pending:
                    waiter.cancel()
        finally:
            await self._drain()

    async def dispatch_due(self) -> int:
        """Claim and start what is due, up to the free slots; how many started."""
        free = self.settings.actions_concurrency - len(self.inflight)
        if free <= 0:
            return 0
        now = datetime.now(UTC)
        _, due = await self.records.tasks.find(
            {"state": PENDING, "next_at": {"$lte": utc_iso(now)}},
            limit=free + len(self.inflight),
            sort=[("next_at", 1), ("id", 1)],
        )
        started = 0
        for task in due:
            if task["id"] in self.inflight or started >= free:
                continue
            claimed = await self._claim(task, now)
            if claimed is None:
                continue
            attempt = asyncio.create_task(self.attempt(claimed), name=f"action {claimed['id']}")
            self.inflight[claimed["id"]] = attempt
            attempt.add_done_callback(functools.partial(self._done, claimed["id"]))
            started += 1
        return started

    def _done(self, key: str, _: asyncio.Task[None]) -> None:
        self.inflight.pop(key, None)
        self.wake.set()  # a slot is free

    async def _claim(self, task: Document, now: datetime) -> Document | None:
        if utc_iso(now) > str(task.get("deadline") or "9999"):
            await self._finish(task, {"state": FAILED, "next_at": None, "last_error": "gave up: too late"})
            return None
        lease = now + timedelta(seconds=self.settings.actions_timeout_s + LEASE_MARGIN_S)
        try:
            return await self.records.tasks.update(
                task["id"], {"next_at": utc_iso(lease)}, version=task["version"]
            )
        except (ConflictError, NotFoundError):  # another runner took it (or it is gone)
            return None

    async def attempt(self, task: Document) -> None:
        """One try of ``task`` (claimed), recorded; the next one scheduled unless done or given up."""
        number = int(task.get("attempts", 0)) + 1
        started = time.perf_counter()
        ok, status, error, detail, retryable = await self._try(task)
        finished = datetime.now(UTC)
        record = attempt_record(
            task,
            attempt=number,
            at=utc_iso(finished),
            ok=ok,
            status=status,
            error=error,
            detail=detail,
            duration_ms=(time.perf_counter() - started) * 1000,
        )
        changes: dict[str, Any] = {"attempts": number, "last_error": error}
        if ok:
            changes.update(state=OK, next_at=None)
            self.metrics.sent.inc()
        else:
            self.metrics.error("action_failed")
            retry_at = finished + timedelta(
                seconds=backoff(number, self.settings.actions_backoff_s, self.settings.actions_max_backoff_s)
            )
            gives_up = (
                not retryable
                or number >= self.settings.actions_max_attempts
                or utc_iso(retry_at) > str(task.get("deadline") or "9999")
            )
            changes.update(
                state=FAILED if gives_up else PENDING, next_at=None if gives_up else utc_iso(retry_at)
            )
            if gives_up:
                self.metrics.dropped("action_gave_up")
            log.warning(
                "action %s of alert %s failed (try %d%s): %s",
                task["action"],
                task["alert_id"],
                number,
                ", giving up" if gives_up else "",
                error,
            )
        try:
            await self.records.attempts.insert(record)
        except StoreError as exc:  # the lease lapses and the task runs again: at least once
            self.metrics.error("attempt_record")
            log.error("attempt of %s not recorded: %s", task["id"], exc)
            return
        await self._finish(task, changes)

    async def _try(self, task: Document) -> tuple[bool, str | None, str | None, str | None, bool]:
        """``(ok, status, error, detail, retryable)`` of one call of the plugin."""
        plugin = self.actions.get(str(task.get("action")))
        spec, alert = task.get("spec") or {}, task.get("alert") or {}
        if plugin is None:
            return False, None, f"no action plugin named {task.get('action')!r}", None, False
        try:
            plugin.check(spec)
        except ValueError as exc:
            return False, None, f"invalid action settings: {exc}", None, False
        try:
            async with asyncio.timeout(self.settings.actions_timeout_s):
                outcome = await plugin.run(alert, spec, self.ctx)
        except ActionFailed as exc:
            return False, exc.status, str(exc), None, exc.retryable
        except TimeoutError:
            return False, None, f"timed out after {self.settings.actions_timeout_s:g}s", None, True
        except Exception as exc:  # a plugin's own bug: recorded and retried like any failure
            log.exception("action plugin %s raised", plugin.name)
            return False, None, f"{type(exc).__name__}: {exc}", None, True
        return True, outcome.status, None, outcome.detail, False

    async def _finish(self, task: Document, changes: dict[str, Any]) -> None:
        try:
            await self.records.tasks.update(task["id"], changes, version=task["version"])
        except (ConflictError, NotFoundError):
            # Our lease lapsed and another runner took the task: its outcome is the one kept.
            log.info("task %s changed while its attempt ran; keeping the newer state", task["id"])
        except StoreError as exc:
            self.metrics.error("task_update")
            log.error("task %s not updated (it will run again): %s", task["id"], exc)

    async def _drain(self) -> None:
        if not self.inflight:
            return
        running = list(self.inflight.values())
        _, late = await asyncio.wait(running, timeout=self.settings.actions_timeout_s + 1)
        for task in late:  # their leases lapse and another start retries them
            task.cancel()
        if late:
            await asyncio.gather(*late, return_exceptions=True)
