"""Consumer lag per stage: read from the bus for the pipeline's own groups, and from this process's
stage metrics for the rest.

The stages usually run in other processes (``mozdef up`` starts one per service), so their lag is
read on the bus itself where it can be without joining their groups: the embedded bus reads each
group's committed offset from the topic's file (:meth:`EmbeddedBus.group_lag`). On Kafka, joining a
group to look would take partitions from the stage, so there the answer holds what this process's own
consumers report every second (their ``mozdef_consumer_lag`` metrics), and the other stages' lag is on
their own ``/metrics``.
"""

from __future__ import annotations

import logging
from typing import Final

from mozdef_api.health.model import Lag, PartitionLag, StageLag
from mozdef_common import topics
from mozdef_common.errors import BusError
from mozdef_common.telemetry import LagReading, latest_stages

log = logging.getLogger(__name__)


#: The pipeline's consumer groups and what they read (defaults; a renamed group is read from metrics).
PIPELINE_GROUPS: Final = (
    ("enrich", "mozdef-enrich", topics.RAW),
    ("indexer", "mozdef-indexer", topics.NORMALIZED),
    ("alerter", "alerter", topics.INDEXED),
    ("api", "api-alerts", topics.ALERTS),
)


async def bus_readings(bus: object) -> list[LagReading]:
    """The pipeline groups' lag read on the bus, where the bus can tell it without joining."""
    group_lag = getattr(bus, "group_lag", None)
    if group_lag is None:
        return []
    readings: list[LagReading] = []
    for stage, group, topic in PIPELINE_GROUPS:
        try:
            lags = await group_lag(group, [topic])
        except BusError as exc:  # the health answer says what it can; this part is best effort
            log.warning("health: lag of %s not read: %s", group, exc)
            continue
        readings.extend(LagReading(stage, group, tp.topic, tp.partition, lag) for tp, lag in lags.items())
    return readings


def stage_lag(from_bus: list[LagReading] | None = None) -> Lag:
    readings: list[LagReading] = list(from_bus or [])
    seen = {(r.group, r.topic, r.partition) for r in readings}
    for metrics in latest_stages().values():
        readings.extend(r for r in metrics.lag_readings() if (r.group, r.topic, r.partition) not in seen)
    by_stage: dict[tuple[str, str], list[LagReading]] = {}
    for reading in readings:
        by_stage.setdefault((reading.stage, reading.group), []).append(reading)
    stages = [
        StageLag(
            stage=stage,
            group=group,
            total=sum(r.lag for r in found),
            partitions=[
                PartitionLag(topic=r.topic, partition=r.partition, lag=r.lag)
                for r in sorted(found, key=lambda r: (r.topic, r.partition))
            ],
        )
        for (stage, group), found in sorted(by_stage.items())
    ]
    source = "bus" if from_bus else "stage_metrics"
    return Lag(source=source, stages=stages, total=sum(s.total for s in stages))
