"""Prometheus metrics every stage reports: received, sent, dropped (with reason), errors, lag, batches."""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

#: The newest metrics of each stage in this process, for a process-wide metrics endpoint.
_LATEST: dict[str, StageMetrics] = {}


class StageMetrics:
    """The metrics of one stage, in a registry of its own (several stages may share a process)."""

    def __init__(self, stage: str) -> None:
        self.stage = stage
        self.registry = CollectorRegistry()
        _LATEST[stage] = self
        labels = ["stage"]
        self.received = Counter(
            "mozdef_events_received", "Events a stage took in.", labels, registry=self.registry
        ).labels(stage)
        self.sent = Counter(
            "mozdef_events_sent", "Events a stage passed on.", labels, registry=self.registry
        ).labels(stage)
        self._dropped = Counter(
            "mozdef_events_dropped",
            "Events a stage dropped on purpose, by reason.",
            ["stage", "reason"],
            registry=self.registry,
        )
        self._deadlettered = Counter(
            "mozdef_events_deadlettered",
            "Events a stage sent to the dead-letter topic, by reason.",
            ["stage", "reason"],
            registry=self.registry,
        )
        self._errors = Counter("mozdef_errors", "Errors by kind.", ["stage", "kind"], registry=self.registry)
        self.lag = Gauge(
            "mozdef_consumer_lag",
            "Messages not yet committed by the stage's consumer group.",
            ["stage", "topic", "partition"],
            registry=self.registry,
        )
        self.batch_size = Histogram(
            "mozdef_batch_size",
            "Events per batch.",
            labels,
            buckets=(1, 10, 50, 100, 500, 1000, 2000, 5000, 10000),
            registry=self.registry,
        ).labels(stage)
        self.batch_seconds = Histogram(
            "mozdef_batch_seconds",
            "Time to handle one batch, downstream write included.",
            labels,
            buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=self.registry,
        ).labels(stage)

    def dropped(self, reason: str, n: int = 1) -> None:
        self._dropped.labels(self.stage, reason).inc(n)

    def deadlettered(self, reason: str, n: int = 1) -> None:
        self._deadlettered.labels(self.stage, reason).inc(n)

    def error(self, kind: str, n: int = 1) -> None:
        self._errors.labels(self.stage, kind).inc(n)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class LatestStageCollector(Collector):
    """Collects, at scrape time, the newest :class:`StageMetrics` of a stage in this process."""

    def __init__(self, stage: str) -> None:
        self.stage = stage

    def collect(self) -> Iterable[Metric]:
        metrics = _LATEST.get(self.stage)
        return metrics.registry.collect() if metrics else ()
