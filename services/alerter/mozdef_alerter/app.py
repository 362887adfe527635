"""The alerter stage: mozdef.indexed → stream rules → alerts on mozdef.alerts and in the alerts index.

Offsets are committed (by :class:`~mozdef_common.stage.StageLoop`) only after a batch's alerts are in
the store and on the bus and the streaming state it changed is saved, so a crash replays the batch;
dedup (by event id) turns the replay into the same alerts, never new ones. Scheduled rules run beside
the stream (:mod:`.scheduled`) and raise their alerts through the same :class:`~.sink.AlertSink`.
Rules are reloaded when their files or the API-managed rules change.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from mozdef_alerter.actions import ActionRunner, ActionSettings
from mozdef_alerter.correlate import Correlator
from mozdef_alerter.dedup import COLLECTION as DEDUP_COLLECTION
from mozdef_alerter.dedup import DedupStore
from mozdef_alerter.engine import StreamEngine
from mozdef_alerter.geo import GeoReader, MaxMindReader
from mozdef_alerter.loading import RuleSources
from mozdef_alerter.metrics import AlerterMetrics
from mozdef_alerter.rulebook import build_rulebook
from mozdef_alerter.scheduled.runs import RunLog
from mozdef_alerter.settings import AlerterSettings
from mozdef_alerter.sink import AlertSink, OnNewAlert
from mozdef_common import topics
from mozdef_common.bus import Bus, open_bus
from mozdef_common.rules.models import RuleBase
from mozdef_common.stage import StageLoop
from mozdef_common.state import StateStore, open_state_store
from mozdef_common.store import EventStore, open_event_store

log = logging.getLogger(__name__)


class Alerter:
    """The alerter's parts, wired; :meth:`reload` swaps the rules between batches."""

    def __init__(
        self,
        sources: RuleSources,
        sink: AlertSink,
        correlator: Correlator,
        metrics: AlerterMetrics,
        scheduler: Any = None,
    ) -> None:
        self.sources = sources
        self.sink = sink
        self.metrics = metrics
        self.scheduler = scheduler
        self.engine = StreamEngine(build_rulebook([]), sink, correlator, metrics)
        self.actions: dict[str, list[dict[str, Any]]] = {}
        self._fingerprint: Any = None

    def actions_for(self, rule_id: str) -> list[dict[str, Any]]:
        """The response actions of rule ``rule_id`` as loaded now (none for unknown rules)."""
        return self.actions.get(rule_id, [])

    async def reload(self, *, force: bool = False) -> bool:
        """Load the rules again if they changed; True when they did."""
        fingerprint = await self.sources.fingerprint()
        if not force and fingerprint == self._fingerprint:
            return False
        loaded = await self.sources.load()
        rulebook = build_rulebook(loaded.rules, loaded.python)
        self.engine.rulebook = rulebook
        self.actions = {
            rule.id: [action.model_dump() for action in rule.actions] for rule in loaded.rules if rule.actions
        }
        if self.scheduler is not None:
            self.scheduler.set_rules(loaded.rules)
        self._fingerprint = fingerprint
        self.metrics.reloads.inc()
        self.metrics.rules_loaded.clear()
        for kind, count in rulebook.counts().items():
            self.metrics.rules_loaded.labels(kind).set(count)
        self.metrics.rules_failed.set(len(loaded.errors))
        log.info("rules loaded: %s; %d failed", rulebook.counts() or "none", len(loaded.errors))
        return True

    async def watch(self, stop: asyncio.Event, every: float) -> None:
        """Poll for rule changes until ``stop``; a failing reload keeps the rules in force."""
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), every)
            if stop.is_set():
                return
            try:
                await self.reload()
            except Exception:  # e.g. the state store briefly away: try again next time
                log.exception("rule reload failed; the loaded rules stay in force")
                self.metrics.error("reload_failed")


def open_geo(settings: AlerterSettings) -> GeoReader | None:
    return MaxMindReader(settings.geoip_db) if settings.geoip_db else None


def make_scheduler(
    store: EventStore, state: StateStore, sink: AlertSink, settings: AlerterSettings, metrics: AlerterMetrics
) -> Any:
    """The scheduled-rules runner, its findings raised through ``sink`` (None if not installed)."""
    try:
        from mozdef_alerter.scheduled.scheduler import RuleScheduler
    except ImportError:
        log.warning("scheduled rules are not available in this build")
        return None

    async def publish(rule: RuleBase, finding: Any) -> object:
        events = [{**hit.get("source", {}), "id": hit.get("id")} for hit in reversed(finding.events)]
        return await sink.raise_alert(rule, events, finding.group, finding.count)

    return RuleScheduler(store, state, publish, overlap=settings.rules_overlap, metrics=metrics)


async def run(
    settings: AlerterSettings,
    stop: asyncio.Event,
    *,
    ready: asyncio.Event | None = None,
    metrics: AlerterMetrics | None = None,
    on_new: OnNewAlert | None = None,
    geo: GeoReader | None = None,
) -> None:
    """Run the alerter until ``stop`` is set, then finish the batch in hand and close."""
    metrics = metrics or AlerterMetrics()
    settings.resolved_rules_dir.mkdir(parents=True, exist_ok=True)
    geo = geo or open_geo(settings)
    bus: Bus = open_bus(settings)
    await bus.start()
    store = open_event_store(settings, writer=True)
    state = open_state_store(settings)
    scheduler = None
    runner: ActionRunner | None = None
    watcher: asyncio.Task[None] | None = None
    try:
        await state.start()
        await state.collection(DEDUP_COLLECTION).ensure_index("expires")
        sink = AlertSink(
            DedupStore(state.collection(DEDUP_COLLECTION)), bus.producer(), store, metrics, on_new=on_new
        )
        sink.runs = RunLog(state)
        scheduler = make_scheduler(store, state, sink, settings, metrics)
        sources = RuleSources(settings.resolved_rules_dir, state, builtin=_builtin(settings))
        alerter = Alerter(sources, sink, Correlator(state, sink, metrics, geo), metrics, scheduler)
        await alerter.reload(force=True)
        if settings.actions_enabled:  # after the rules: an early alert must find its rule's actions
            runner = ActionRunner(bus, state, actions_for=alerter.actions_for, settings=ActionSettings())
            await runner.start()
        if scheduler is not None:
            await scheduler.start()
        watcher = asyncio.create_task(alerter.watch(stop, settings.rules_reload_seconds))
        loop = StageLoop(
            bus,
            (topics.INDEXED,),
            settings.alerter_group,
            alerter.engine.handle,
            metrics,
            batch_size=settings.alerter_batch_size,
        )
        await loop.run(stop, ready)
    finally:
        if watcher is not None:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
        if scheduler is not None:
            await scheduler.close()
        if runner is not None:
            await runner.close()
        if geo is not None:
            geo.close()
        await state.close()
        await store.close()
        await bus.close()


def _builtin(settings: AlerterSettings) -> Any:
    from mozdef_alerter.loading import BUILTIN_DIR

    return BUILTIN_DIR if settings.rules_builtin else None
