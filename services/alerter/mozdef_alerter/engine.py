"""The stream engine: one batch of ``mozdef.indexed`` evaluated against every stream rule.

For a batch, :meth:`StreamEngine.handle` evaluates each event once against the compiled rule set
(:mod:`.rulebook`), then raises alerts: match rules per dedup key (one dedup step per key per batch,
however many events matched), Python rules' ``on_event`` per event, and the stateful rules through
:mod:`.correlate`. It returns once the alerts are delivered (:meth:`.sink.AlertSink.flush`) and the
streaming state is saved, which is when the stage loop may commit the batch's offsets.
"""

from __future__ import annotations

import logging
from typing import Any

import orjson

from mozdef_alerter.alerts import dedup_key, group_of
from mozdef_alerter.correlate import Correlator
from mozdef_alerter.metrics import AlerterMetrics
from mozdef_alerter.python_rules import RegisteredRule, alert_fields
from mozdef_alerter.rulebook import RuleBook
from mozdef_alerter.sink import AlertSink
from mozdef_common.bus.base import Message
from mozdef_common.query.eval_runtime import micros
from mozdef_common.rules.models import GeovelocityRule, RuleBase, SequenceRule
from mozdef_common.types import Event

log = logging.getLogger(__name__)


def event_micros(event: Event) -> int | None:
    """``utctimestamp`` in µs since the epoch (naive times are UTC), None when it is not a time."""
    return micros(event.get("utctimestamp"))


class StreamEngine:
    def __init__(
        self, rulebook: RuleBook, sink: AlertSink, correlator: Correlator, metrics: AlerterMetrics
    ) -> None:
        self.rulebook = rulebook
        self.sink = sink
        self.correlator = correlator
        self.metrics = metrics

    async def handle(self, messages: list[Message]) -> None:
        """Evaluate a batch; return once its alerts are delivered and the stream state saved."""
        self.metrics.received.inc(len(messages))
        rulebook = self.rulebook  # a reload swaps it between batches, never within one
        matches: dict[tuple[str, str], tuple[RuleBase, list[Event]]] = {}
        python_hits: list[tuple[RegisteredRule, Event]] = []
        evaluated = 0
        for message in messages:
            event = _decode(message)
            if event is None:
                self.metrics.dropped("not_an_event")
                continue
            evaluated += 1
            targets = rulebook.match(event)
            if not targets:
                continue
            micros = event_micros(event)
            for target in targets:
                rule = target.rule
                self.metrics.hits.labels(rule.id).inc()
                if target.kind == "match":
                    group = group_of(rule.group_fields(), event)
                    key = dedup_key(rule, group, [event])
                    matches.setdefault((rule.id, key), (rule, []))[1].append(event)
                elif micros is None:
                    self.metrics.dropped("no_utctimestamp")
                elif target.kind == "sequence" and isinstance(rule, SequenceRule):
                    self.correlator.add_sequence(rule, target.step, event, micros)
                elif target.kind == "geovelocity" and isinstance(rule, GeovelocityRule):
                    self.correlator.add_geovelocity(rule, event, micros)
                elif target.python is not None:
                    if target.python.has_on_event:
                        python_hits.append((target.python, event))
                    if target.python.has_on_aggregation:
                        self.correlator.add_aggregation(target.python, event, micros)
        self.metrics.evaluated.inc(evaluated)
        for rule, events in matches.values():
            group = group_of(rule.group_fields(), events[0])
            await self.sink.raise_alert(rule, events, group, len(events), flush=False)
        for registered, event in python_hits:
            await self._on_event(registered, event)
        await self.correlator.run()
        await self.sink.flush()
        await self.correlator.save()

    async def _on_event(self, registered: RegisteredRule, event: Event) -> None:
        rule = registered.rule
        try:
            fields = alert_fields(registered.plugin.on_event(event), rule.id)
        except Exception:  # one rule's bug never stops the others, nor the batch
            log.exception("python rule %s: on_event failed", rule.id)
            self.metrics.rule_errors.labels(rule.id).inc()
            return
        if fields is not None:
            group: dict[str, Any] = dict(fields.get("group") or group_of(rule.group_fields(), event))
            await self.sink.raise_alert(rule, [event], group, 1, overrides=fields, flush=False)


def _decode(message: Message) -> Event | None:
    try:
        event = orjson.loads(message.value)
    except orjson.JSONDecodeError:
        return None
    return event if isinstance(event, dict) else None
