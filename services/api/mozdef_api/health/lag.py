"""Consumer lag per stage, as each stage last reported it on its metrics.

The bus contract has no group-less read of a group's committed offsets (only a consumer in the group
sees its lag, and joining the group just to look would take partitions from the stage on Kafka), so
the answer reads what each stage's own consumer reports every second: exact under ``mozdef up``,
where every stage runs in this process; a stage in another process is not listed (its
``mozdef_consumer_lag`` metric is where to look).
"""

from __future__ import annotations

from mozdef_api.health.model import Lag, PartitionLag, StageLag
from mozdef_common.telemetry import LagReading, latest_stages


def stage_lag() -> Lag:
    readings: list[LagReading] = []
    for metrics in latest_stages().values():
        readings.extend(metrics.lag_readings())
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
    return Lag(stages=stages, total=sum(s.total for s in stages))
