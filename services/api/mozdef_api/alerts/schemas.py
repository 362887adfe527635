"""The alert API's bodies and answers (the OpenAPI spec the web client is generated from)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mozdef_api.paging import MAX_OFFSET

Status = Literal["open", "acknowledged", "escalated", "closed"]


class AlertFilters(BaseModel):
    """The list's query parameters; all given filters must hold."""

    model_config = ConfigDict(extra="forbid")

    q: str | None = Field(
        None, max_length=1000, description="Text in summary, category or rule_id (any case)."
    )
    severity: list[str] = Field(default_factory=list, description="Any of these severities (repeatable).")
    status: list[Status] = Field(default_factory=list, description="Any of these statuses (repeatable).")
    rule_id: str | None = None
    category: str | None = None
    assignee: str | None = None
    start: str | None = Field(None, description="utctimestamp from: ISO-8601 or relative ('now-24h').")
    end: str | None = Field(None, description="utctimestamp up to (inclusive): ISO-8601 or relative.")
    size: int = Field(50, ge=0, le=1000, description="Most alerts to return; 0 counts only.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Alerts to skip, for the next page.")


class StatsParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: str = Field("now-24h", description="utctimestamp from: ISO-8601 or relative.")
    end: str = Field("now", description="utctimestamp up to (inclusive): ISO-8601 or relative.")
    interval: str = Field("1h", description="Bucket width: a number and one of s m h d w (15m, 1h, 1d).")


class Acknowledgement(BaseModel):
    by: str
    at: str


class Closure(BaseModel):
    by: str
    at: str
    reason: str


class Alert(BaseModel):
    """MozDef's alert as the alerter published it, plus what analysts added.

    Fields the alerter sends beyond these are kept and returned as they came.
    """

    model_config = ConfigDict(extra="allow")

    id: str
    version: int
    created: str
    updated: str
    utctimestamp: str
    summary: str
    status: Status
    category: str | None = None
    severity: str | None = Field(None, description="Upper case, as in events.")
    tags: list[str] = Field(default_factory=list)
    rule_id: str | None = None
    events: list[Any] = Field(default_factory=list, description="The first events that matched.")
    event_count: int | None = Field(None, description="How many events matched, all told.")
    last_seen: str | None = None
    acknowledged: Acknowledgement | None = None
    assignee: str | None = None
    incident_id: str | None = None
    closed: Closure | None = None


class AlertList(BaseModel):
    total: int
    alerts: list[Alert]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(
        None, ge=1, description="The version you read: a stale one answers 409. Unset: apply to the latest."
    )


class VersionBody(_Body):
    pass


class AssignBody(_Body):
    assignee: str | None = Field(..., max_length=200, description="Who handles it; null unassigns.")


class CloseBody(_Body):
    reason: str = Field(min_length=1, max_length=5000)


class EscalateBody(_Body):
    incident_id: str | None = Field(None, description="Link to this incident; unset: open a new one.")
    summary: str | None = Field(
        None, min_length=1, max_length=1000, description="The new incident's summary; default: the alert's."
    )


class Escalation(BaseModel):
    alert: Alert
    incident: dict[str, Any]


class Bucket(BaseModel):
    start: str
    total: int
    by_severity: dict[str, int]


class AlertStats(BaseModel):
    start: str
    end: str
    interval: str
    total: int
    by_severity: dict[str, int]
    by_category: dict[str, int]
    buckets: list[Bucket]
