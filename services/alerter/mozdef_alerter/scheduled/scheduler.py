"""Running the scheduled rules (threshold, absence, new_terms) on their own schedules.

Each enabled scheduled rule runs every :attr:`RuleSpec.every` (``schedule``, by default a quarter of
``window``, at least 30 s); a run evaluates the span ``[now - window - overlap, now]``
(:mod:`.evaluate`), hands each finding to ``publish`` (the alert builder, whose dedup keeps the
overlap from alerting twice) and records the run in ``rule_runs`` (:mod:`.runs`).

Runs are independent: each is its own task, so a slow or failing rule never delays another. A rule
whose previous run is still going is not started again (no pile-up); a failing run (the store, a
bad aggregation, ``publish``) is logged, counted in ``rule_runs`` and the ``mozdef_errors`` metric,
and the rule runs again at its next tick. A run taking longer than ``run_timeout`` is cancelled
and counted as failed.

Start-up: every rule is due at once (its first run looks back a whole window, so nothing of the
time the alerter was down goes unseen within that window).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, timedelta

from mozdef_alerter.scheduled.evaluate import evaluate
from mozdef_alerter.scheduled.runs import RunLog, RunOutcome
from mozdef_alerter.scheduled.spec import Finding, RuleSpec
from mozdef_common.rules.models import SCHEDULED_TYPES, RuleBase
from mozdef_common.state.base import StateStore
from mozdef_common.store.base import EventStore
from mozdef_common.telemetry import StageMetrics

log = logging.getLogger(__name__)

#: Hands one finding to the alert builder (which builds, dedups and publishes the alert).
Publish = Callable[[RuleBase, Finding], Awaitable[object]]
Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


class RuleScheduler:
    def __init__(
        self,
        store: EventStore,
        state: StateStore,
        publish: Publish,
        *,
        overlap: timedelta = timedelta(seconds=60),
        tick: float = 1.0,
        run_timeout: float = 300.0,
        clock: Clock = utcnow,
        metrics: StageMetrics | None = None,
    ) -> None:
        self.store, self.publish, self.overlap = store, publish, overlap
        self.tick, self.run_timeout, self.clock, self.metrics = tick, run_timeout, clock, metrics
        self.runs = RunLog(state)
        self._rules: dict[str, tuple[RuleBase, RuleSpec]] = {}
        self._due: dict[str, float] = {}  # rule id -> time.monotonic() of its next run
        self._running: dict[str, asyncio.Task[RunOutcome]] = {}
        self._loop: asyncio.Task[None] | None = None

    def set_rules(self, rules: Iterable[RuleBase]) -> None:
        """The rules to run from now on (others are ignored: disabled, or not scheduled types).
        A new rule is due at once; a changed one keeps its schedule; a removed one stops (a run in
        progress finishes)."""
        wanted: dict[str, tuple[RuleBase, RuleSpec]] = {}
        for rule in rules:
            if rule.enabled and getattr(rule, "type", None) in SCHEDULED_TYPES:
                wanted[rule.id] = (rule, RuleSpec.of(rule))
        self._rules = wanted
        self._due = {rule_id: self._due.get(rule_id, 0.0) for rule_id in wanted}

    async def start(self) -> None:
        if self._loop is None:
            self._loop = asyncio.create_task(self._supervise(), name="mozdef-rule-scheduler")

    async def close(self) -> None:
        tasks = [t for t in (self._loop, *self._running.values()) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._loop = None
        self._running.clear()

    async def _supervise(self) -> None:
        while True:
            now = time.monotonic()
            for rule_id, due in list(self._due.items()):
                if due <= now and rule_id not in self._running:
                    rule, spec = self._rules[rule_id]
                    self._due[rule_id] = now + spec.every.total_seconds()
                    task = asyncio.create_task(self.run_rule(rule, spec), name=f"mozdef-rule-{rule_id}")
                    self._running[rule_id] = task
                    task.add_done_callback(self._finished)
            await asyncio.sleep(self.tick)

    def _finished(self, task: asyncio.Task[RunOutcome]) -> None:
        for rule_id, running in list(self._running.items()):
            if running is task:
                del self._running[rule_id]

    async def run_rule(
        self, rule: RuleBase, spec: RuleSpec | None = None, now: datetime | None = None
    ) -> RunOutcome:
        """One run of ``rule`` ending at ``now`` (default: the clock): evaluate, publish, record.
        Never raises for a failure of the rule itself: the outcome carries the error."""
        spec = spec or RuleSpec.of(rule)
        end = now or self.clock()
        started = time.perf_counter()
        hits, truncated, error = 0, False, None
        try:
            async with asyncio.timeout(self.run_timeout):
                evaluation = await evaluate(self.store, spec, end, self.overlap)
                truncated = evaluation.truncated
                for finding in evaluation.findings:
                    await self.publish(rule, finding)
                    hits += 1
        except Exception as exc:  # one rule's failure is recorded, never propagated to others
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            log.warning("rule %s (%s) failed: %s", rule.id, rule.origin or "no origin", error)
            if self.metrics is not None:
                self.metrics.error("rule_run")
        if truncated:
            log.warning("rule %s: more groups than one run examines; some were skipped", rule.id)
        outcome = RunOutcome(rule.id, end, time.perf_counter() - started, hits, error, truncated)
        try:
            await self.runs.record(outcome)
        except Exception as exc:  # the state store down must not stop the rules
            log.warning("rule %s: could not record its run: %s", rule.id, exc)
        return outcome
