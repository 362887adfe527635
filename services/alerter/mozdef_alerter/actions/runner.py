"""The action runner: response actions for new alerts, off the alerting path.

It runs in the alerter process and consumes ``mozdef.alerts`` in its own consumer group
(``alerter-actions``), so detection never waits for a receiver. For each alert it has not taken in
before (a dedup update or a replay carries the id of one it has: nothing runs again), it records one
task per action of the alert's rule, in the state store, and only then lets the batch be committed:
offsets move once the work is durable, not once it succeeded. The :class:`~.dispatch.Dispatcher`
then runs due tasks with bounded concurrency, retries with exponential backoff, and records every
attempt. A failing receiver therefore never blocks or drops an alert, and a restart loses nothing.

Wiring (the alerter core)::

    runner = ActionRunner(bus, state, actions_for=rules.actions_for, settings=ActionSettings())
    await runner.start()      # joined its group, dispatching
    ...
    await runner.close()      # stop reading; running attempts finish within their time limit

``actions_for(rule_id)`` answers the rule's ``actions`` list (dicts with ``type`` and the settings);
``[]`` when it has none or is unknown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import httpx
import orjson

from mozdef_alerter.actions.base import ActionContext
from mozdef_alerter.actions.dispatch import Dispatcher
from mozdef_alerter.actions.records import PENDING, Records, prepare, task_id
from mozdef_alerter.actions.registry import ActionSet, load_actions
from mozdef_alerter.actions.settings import ActionSettings
from mozdef_common import topics
from mozdef_common.bus import Bus, Message
from mozdef_common.errors import ConflictError, StoreError, StoreUnavailableError
from mozdef_common.event import utc_iso
from mozdef_common.stage import StageLoop
from mozdef_common.state import StateStore
from mozdef_common.telemetry import StageMetrics

STAGE: Final = "alerter-actions"
GROUP: Final = "alerter-actions"
log = logging.getLogger(__name__)

ActionsFor = Callable[[str], list[dict[str, Any]]]


class ActionRunner:
    def __init__(
        self,
        bus: Bus,
        state: StateStore,
        actions_for: ActionsFor,
        *,
        settings: ActionSettings | None = None,
        actions: ActionSet | None = None,
        metrics: StageMetrics | None = None,
        http: httpx.AsyncClient | None = None,
        env: Mapping[str, str] | None = None,
        topic: str = topics.ALERTS,
        group: str = GROUP,
        batch_size: int = 200,
    ) -> None:
        """``actions`` defaults to :func:`.registry.load_actions`; ``http`` to a client of the runner's
        own (closed with it); ``env`` (where secrets are read) to the process environment."""
        self.state = state
        self.actions_for = actions_for
        self.settings = settings or ActionSettings()
        self.actions = actions if actions is not None else load_actions()
        self.metrics = metrics or StageMetrics(STAGE)
        self.records = Records(state)
        self._own_http = http is None
        self.http = http or httpx.AsyncClient(timeout=self.settings.actions_timeout_s, follow_redirects=False)
        ctx = ActionContext(self.settings, self.http, state, **({"env": env} if env is not None else {}))
        self.dispatcher = Dispatcher(self.records, self.actions, ctx, self.metrics)
        self.loop = StageLoop(bus, [topic], group, self.handle, self.metrics, batch_size=batch_size)
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def handle(self, messages: list[Message]) -> None:
        """Take in one batch: record the actions of each new alert (raises only what the loop retries)."""
        self.metrics.received.inc(len(messages))
        now = datetime.now(UTC)
        taken = 0
        for message in messages:
            alert = _decode(message.value)
            if alert is None:  # the api's consumer dead-letters it; one letter is enough
                self.metrics.dropped("invalid_alert")
                continue
            try:
                taken += await self._take_in(alert, now)
            except StoreUnavailableError:
                raise
            except StoreError as exc:  # this alert's records can never be written (a value refused)
                self.metrics.error("alert_not_recorded")
                log.error("actions of alert %s not recorded: %s", alert["id"], exc)
        if taken:
            self.dispatcher.wake.set()

    async def _take_in(self, alert: dict[str, Any], now: datetime) -> int:
        alert_id = alert["id"]
        if await self.records.runs.count({"id": alert_id}):
            return 0  # a dedup update or a replay: its actions were recorded when it was new
        rule_id = str(alert.get("rule_id") or "")
        try:
            specs = [dict(spec) for spec in self.actions_for(rule_id)] if rule_id else []
        except Exception:  # the core's lookup failing must not stop the alerts behind this one
            log.exception("actions of rule %r not found; alert %s runs none", rule_id, alert_id)
            self.metrics.error("actions_for")
            specs = []
        deadline = utc_iso(now + timedelta(seconds=self.settings.actions_give_up_after_s))
        # Tasks first, the run last: a crash in between replays the alert, and the fixed task ids
        # make the second pass write only what is missing.
        for index, spec in enumerate(specs):
            task = {
                "id": task_id(alert_id, index),
                "alert_id": alert_id,
                "rule_id": rule_id,
                "index": index,
                "action": str(spec.get("type") or "?"),
                "spec": orjson.loads(orjson.dumps(spec, default=str)),  # as JSON, whatever YAML gave
                "alert": alert,
                "state": PENDING,
                "attempts": 0,
                "next_at": utc_iso(now),
                "deadline": deadline,
            }
            with contextlib.suppress(ConflictError):
                await self.records.tasks.insert(task)
        with contextlib.suppress(ConflictError):
            await self.records.runs.insert({"id": alert_id, "rule_id": rule_id, "actions": len(specs)})
        return len(specs)

    async def start(self, timeout_s: float = 30.0) -> None:
        """Prepare the records, start dispatching and join the group; raises why not within ``timeout_s``."""
        await prepare(self.state)
        self._stop.clear()
        ready = asyncio.Event()
        self._tasks = [
            asyncio.create_task(self.dispatcher.run(self._stop), name=f"{STAGE}-dispatch"),
            asyncio.create_task(self.loop.run(self._stop, ready), name=STAGE),
        ]
        waiter = asyncio.create_task(ready.wait())
        done, _ = await asyncio.wait({waiter, *self._tasks}, timeout=timeout_s, return_when="FIRST_COMPLETED")
        if waiter not in done:
            waiter.cancel()
            failed = [task for task in self._tasks if task in done]
            await self.close()
            if failed:
                failed[0].result()  # raises what stopped it
            raise TimeoutError(f"the action runner did not join {self.loop.group} within {timeout_s}s")

    async def close(self) -> None:
        """Stop reading; running attempts get their time limit to finish, the rest waits in the store."""
        self._stop.set()
        tasks, self._tasks = self._tasks, []
        for result in await asyncio.gather(*tasks, return_exceptions=True):
            if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
                log.error("the action runner had stopped on an error: %r", result)
        if self._own_http:
            await self.http.aclose()


def _decode(value: bytes | None) -> dict[str, Any] | None:
    try:
        alert = orjson.loads(value or b"")
    except orjson.JSONDecodeError:
        return None
    if not isinstance(alert, dict) or not isinstance(alert.get("id"), str) or not alert["id"]:
        return None
    return alert
