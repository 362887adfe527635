"""The answer of ``GET /api/v1/health``: what an SRE's dashboard polls (docs/health.md)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Status = Literal["ok", "degraded", "down"]


class Rate(BaseModel):
    """Events per second over one window, from the event store (by ``receivedtimestamp``)."""

    window_s: int
    in_per_s: float = Field(description="Events and dead letters received in the window, per second.")
    out_per_s: float = Field(description="Events indexed (searchable) received in the window, per second.")
    events: int
    deadletters: int


class Rates(BaseModel):
    last_minute: Rate
    last_hour: Rate
    #: When the newest indexed event was received (None: no event in the last hour).
    last_event_received: str | None = None


class PartitionLag(BaseModel):
    topic: str
    partition: int
    lag: int


class StageLag(BaseModel):
    """What one stage's consumer group has not committed yet, as the stage last reported it."""

    stage: str
    group: str
    total: int
    partitions: list[PartitionLag]


class Lag(BaseModel):
    #: ``bus``: the pipeline's groups were read on the bus (every process's stages); ``stage_metrics``:
    #: only what this process's own consumers report.
    source: Literal["bus", "stage_metrics"] = "stage_metrics"
    stages: list[StageLag]
    total: int


class DeadLetters(BaseModel):
    """Dead letters stored, by when they were dead-lettered (``utctimestamp``)."""

    last_hour: int
    last_day: int


class Family(BaseModel):
    indices: int
    documents: int
    oldest_day: str | None = Field(None, description="YYYY-MM-DD of the oldest daily index.")
    newest_day: str | None = None


class StoreStatus(BaseModel):
    reachable: bool
    error: str | None = None
    families: dict[str, Family] = Field(default_factory=dict)
    indices: list[tuple[str, int]] = Field(default_factory=list, description="(index, documents).")


class StateStatus(BaseModel):
    reachable: bool
    error: str | None = None


class FailingRule(BaseModel):
    id: str
    last_run: str | None = None
    last_error: str | None = None
    last_error_at: str | None = None
    failures: int = 0


class RuleRuns(BaseModel):
    """The scheduled rules' run records (state store ``rule_runs``)."""

    rules: int
    last_run: str | None = None
    failing: list[FailingRule]


class Health(BaseModel):
    status: Status
    reasons: list[str] = Field(description="Why the status is not ok; empty when it is.")
    generated_at: str
    cache_s: float = Field(description="How long this answer is served from cache.")
    rates: Rates | None = None
    lag: Lag
    deadletters: DeadLetters | None = None
    store: StoreStatus
    state: StateStatus
    rule_runs: RuleRuns | None = None
    last_archive: dict[str, Any] | None = Field(
        None, description="The newest document of the state store's ``archives`` collection, if any."
    )
