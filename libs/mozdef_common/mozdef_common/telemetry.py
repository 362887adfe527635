"""Prometheus metrics every stage reports: received, sent, dropped (with reason), errors, lag, batches.

Names as scraped (counters gain ``_total``): ``mozdef_events_received``, ``mozdef_events_sent``,
``mozdef_events_dropped{reason}``, ``mozdef_events_deadlettered{reason}``, ``mozdef_errors{kind}``,
``mozdef_consumer_lag{group,topic,partition}``, ``mozdef_batch_size`` and ``mozdef_batch_seconds``
(histograms), and ``mozdef_store_write_seconds{family}`` (histogram, stages that write the event
store). Every one carries the ``stage`` label. docs/health.md lists them with what each is for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

#: The newest metrics of each stage in this process, for a process-wide metrics endpoint.
_LATEST: dict[str, StageMetrics] = {}


@dataclass(frozen=True, slots=True)
class LagReading:
    """One partition's lag as a stage last reported it."""

    stage: str
    group: str
    topic: str
    partition: int
    lag: int


class GroupLagGauge:
    """``mozdef_consumer_lag`` as the stage loop sets it (``labels(stage, topic, partition)``), with the
    consumer group added from :attr:`StageMetrics.group`: a stage's group is configured apart from its
    name, and lag means nothing without knowing whose commits it counts from."""

    def __init__(self, gauge: Gauge, metrics: StageMetrics) -> None:
        self.gauge = gauge
        self._metrics = metrics

    def labels(self, stage: str, topic: str, partition: str) -> Gauge:
        return self.gauge.labels(stage, self._metrics.group, topic, partition)


class StageMetrics:
    """The metrics of one stage, in a registry of its own (several stages may share a process).

    ``group`` is the consumer group the stage reads under (its lag's ``group`` label); the stage name
    until the stage says otherwise.
    """

    def __init__(self, stage: str, group: str | None = None) -> None:
        self.stage = stage
        self.group = group or stage
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
        self.lag = GroupLagGauge(
            Gauge(
                "mozdef_consumer_lag",
                "Messages not yet committed by the stage's consumer group.",
                ["stage", "group", "topic", "partition"],
                registry=self.registry,
            ),
            self,
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
        self._store_write = Histogram(
            "mozdef_store_write_seconds",
            "Time the event store took to write one bulk batch, by index family.",
            ["stage", "family"],
            # A bulk of thousands on a loaded OpenSearch can take seconds; an embedded one milliseconds.
            buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
            registry=self.registry,
        )

    def store_write(self, family: str, seconds: float) -> None:
        """Record one bulk write to the event store's ``family``."""
        self._store_write.labels(self.stage, family).observe(seconds)

    def lag_readings(self) -> list[LagReading]:
        """The lag of every partition this stage last reported (nothing before its first report)."""
        found: list[LagReading] = []
        for metric in self.lag.gauge.collect():
            for sample in metric.samples:
                labels = sample.labels
                found.append(
                    LagReading(
                        stage=labels["stage"],
                        group=labels["group"],
                        topic=labels["topic"],
                        partition=int(labels["partition"]),
                        lag=int(sample.value),
                    )
                )
        return found

    def dropped(self, reason: str, n: int = 1) -> None:
        self._dropped.labels(self.stage, reason).inc(n)

    def deadlettered(self, reason: str, n: int = 1) -> None:
        self._deadlettered.labels(self.stage, reason).inc(n)

    def error(self, kind: str, n: int = 1) -> None:
        self._errors.labels(self.stage, kind).inc(n)

    def render(self) -> bytes:
        return generate_latest(self.registry)


def latest_stages() -> dict[str, StageMetrics]:
    """The newest metrics of every stage created in this process (all of them under ``mozdef up``)."""
    return dict(_LATEST)


class LatestStageCollector(Collector):
    """Collects, at scrape time, the newest :class:`StageMetrics` of a stage in this process."""

    def __init__(self, stage: str) -> None:
        self.stage = stage

    def collect(self) -> Iterable[Metric]:
        metrics = _LATEST.get(self.stage)
        return metrics.registry.collect() if metrics else ()
