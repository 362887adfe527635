"""Stateful stream rules over one batch: sequences, geo-velocity, Python aggregations.

Each processor collects the batch's hits (:meth:`add`), then :meth:`run` loads the keys they touch
from the state store, advances them in event order, raises alerts through the sink (unflushed), and
leaves the changed state to be saved once the alerts are delivered (:meth:`save`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from mozdef_alerter.alerts import event_ref, group_of, lookup
from mozdef_alerter.geo import GeoReader, Location, too_fast
from mozdef_alerter.metrics import AlerterMetrics
from mozdef_alerter.python_rules import Aggregation, RegisteredRule, alert_fields
from mozdef_alerter.sequence import advance
from mozdef_alerter.sink import AlertSink
from mozdef_alerter.state import KeyedState
from mozdef_common.rules.models import GeovelocityRule, SequenceRule
from mozdef_common.state.base import StateStore
from mozdef_common.types import Event

log = logging.getLogger(__name__)
#: Event references an aggregation keeps per group (its ``count`` stays exact).
AGGREGATION_SAMPLE = 100


@dataclass(slots=True)
class Hit:
    key: str
    event: Event
    micros: int
    steps: tuple[int, ...] = ()


class Correlator:
    def __init__(
        self, state: StateStore, sink: AlertSink, metrics: AlerterMetrics, geo: GeoReader | None = None
    ) -> None:
        self.sink = sink
        self.metrics = metrics
        self.geo = geo
        self.sequences = KeyedState(state.collection("alerter_sequences"))
        self.places = KeyedState(state.collection("alerter_geovelocity"))
        self.aggregations = KeyedState(state.collection("alerter_aggregations"))
        self._seq: dict[str, tuple[SequenceRule, list[Hit]]] = {}
        self._geo: dict[str, tuple[GeovelocityRule, list[Hit]]] = {}
        self._agg: dict[str, tuple[RegisteredRule, list[Hit]]] = {}

    def add_sequence(self, rule: SequenceRule, step: int, event: Event, micros: int) -> None:
        group = group_of(rule.by, event)
        if any(value is None for value in group.values()):
            return  # an event without the correlation fields cannot belong to any sequence
        key = "|".join([rule.id, *(str(value) for value in group.values())])
        hits = self._seq.setdefault(rule.id, (rule, []))[1]
        if hits and hits[-1].event is event and hits[-1].key == key:
            hits[-1].steps += (step,)
        else:
            hits.append(Hit(key, event, micros, (step,)))

    def add_geovelocity(self, rule: GeovelocityRule, event: Event, micros: int) -> None:
        user, ip = lookup(event, rule.user_field), lookup(event, rule.ip_field)
        if user is not None and ip is not None and self.geo is not None:
            self._geo.setdefault(rule.id, (rule, []))[1].append(Hit(f"{rule.id}|{user}", event, micros))

    def add_aggregation(self, registered: RegisteredRule, event: Event, micros: int) -> None:
        values = [str(lookup(event, name)) for name in registered.aggregate_by]
        key = "|".join([registered.rule.id, *values])
        self._agg.setdefault(registered.rule.id, (registered, []))[1].append(Hit(key, event, micros))

    async def run(self) -> None:
        """Advance every stateful rule with this batch's hits, raising (unflushed) alerts."""
        await self.sequences.load(h.key for _, hits in self._seq.values() for h in hits)
        await self.places.load(h.key for _, hits in self._geo.values() for h in hits)
        await self.aggregations.load(h.key for _, hits in self._agg.values() for h in hits)
        for seq_rule, hits in self._seq.values():
            await self._sequence(seq_rule, hits)
        for geo_rule, hits in self._geo.values():
            await self._geovelocity(geo_rule, hits)
        for registered, hits in self._agg.values():
            await self._aggregate(registered, hits)
        self._seq, self._geo, self._agg = {}, {}, {}

    async def save(self) -> None:
        await self.sequences.save()
        await self.places.save()
        await self.aggregations.save()

    async def _sequence(self, rule: SequenceRule, hits: list[Hit]) -> None:
        for hit in sorted(hits, key=lambda h: h.micros):
            progress, done = advance(rule, self.sequences.get(hit.key), hit.steps, hit.event, hit.micros)
            self.sequences.put(hit.key, progress)
            if done is not None:
                refs = [item[3] for item in done]
                await self.sink.raise_alert(rule, refs, group_of(rule.by, hit.event), len(refs), flush=False)

    async def _geovelocity(self, rule: GeovelocityRule, hits: list[Hit]) -> None:
        assert self.geo is not None
        for hit in sorted(hits, key=lambda h: h.micros):
            place = self.geo.locate(str(lookup(hit.event, rule.ip_field)))
            if place is None:
                continue
            last = self.places.get(hit.key)
            if last is not None:
                before = Location(*last["at"])
                speed = too_fast(
                    before, last["us"], place, hit.micros, max_kph=rule.max_kph, min_km=rule.min_km
                )
                if speed is not None:
                    refs = sorted([last["ref"], event_ref(hit.event)], key=lambda ref: ref["utctimestamp"])
                    group = group_of([rule.user_field], hit.event)
                    await self.sink.raise_alert(rule, refs, group, 2, flush=False)
                if hit.micros < last["us"]:
                    continue  # a late sighting: compared, but the newest place stays
            at = [place.latitude, place.longitude, place.city, place.country]
            self.places.put(hit.key, {"at": at, "us": hit.micros, "ref": event_ref(hit.event)})

    async def _aggregate(self, registered: RegisteredRule, hits: list[Hit]) -> None:
        rule = registered.rule
        window_us = int(rule.dedup_window().total_seconds() * 1_000_000)
        by_key: dict[str, list[Hit]] = {}
        for hit in hits:
            by_key.setdefault(hit.key, []).append(hit)
        for key, group_hits in by_key.items():
            held = self.aggregations.get(key) or {"refs": [], "times": []}
            known = {ref["id"] for ref in held["refs"]}
            times: list[int] = list(held["times"])
            refs: list[dict[str, Any]] = list(held["refs"])
            fresh = [h for h in group_hits if h.event.get("id") not in known]
            for hit in fresh:
                times.append(hit.micros)
                refs.append(event_ref(hit.event))
            newest = max(times) if times else 0
            times = sorted(t for t in times if newest - t <= window_us)
            refs = sorted(refs, key=lambda ref: ref["utctimestamp"])[-AGGREGATION_SAMPLE:]
            self.aggregations.put(key, {"refs": refs, "times": times})
            if not fresh:
                continue
            value = group_of(registered.aggregate_by, fresh[0].event)
            aggregation = Aggregation(value, len(times), refs, [h.event for h in fresh])
            try:
                fields = alert_fields(registered.plugin.on_aggregation(aggregation), rule.id)
            except Exception:  # one rule's bug never stops the others
                log.exception("python rule %s: on_aggregation failed", rule.id)
                self.metrics.rule_errors.labels(rule.id).inc()
                continue
            if fields is not None:
                group = dict(fields.get("group") or value)
                events = [h.event for h in fresh]
                await self.sink.raise_alert(rule, events, group, len(fresh), overrides=fields, flush=False)
