"""What the rules API answers: a rule as analysts see it, with its source, state and last runs."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mozdef_api.rules.catalog import Entry
from mozdef_common.rules import RuleError


class RunStats(BaseModel):
    """What the alerter recorded of the rule (the ``rule_runs`` collection): the runs of a scheduled
    rule; for a stream rule, its hits (``last_hit``, ``total_hits``) as batches raise or update alerts."""

    model_config = ConfigDict(extra="ignore")

    last_run: str | None = Field(None, description="When the last run started (ISO-8601 UTC).")
    last_status: Literal["ok", "error"] | None = None
    duration_ms: float | None = Field(None, description="How long the last run took.")
    hits: int = Field(0, description="Alerts the last run (or stream batch) raised or updated.")
    last_hit: str | None = Field(None, description="When the rule last raised or updated an alert.")
    total_hits: int = 0
    runs: int = 0
    failures: int = 0
    truncated: bool = False
    last_error: str | None = Field(None, description="The most recent failure, kept after later successes.")
    last_error_at: str | None = None


class RuleView(BaseModel):
    id: str
    name: str
    description: str
    type: str = Field(description="match, threshold, absence, new_terms, sequence, geovelocity or sigma.")
    source: Literal["builtin", "file", "api"] = Field(
        description="builtin (shipped), file (the rules folder) or api (managed here)."
    )
    origin: str = Field(description="Where it was loaded from: file and line, or api:<id>.")
    enabled: bool = Field(description="Whether the alerter runs it (an override may switch a rule off).")
    overridden: bool = Field(description="A built-in or file rule switched on or off through the API.")
    version: int = Field(description="Send it back with a change; 0 until the API has stored anything.")
    severity: str
    category: str
    tags: list[str]
    rule: dict[str, Any] = Field(description="The rule in the rule-file shape.")
    yaml: str | None = Field(None, description="The YAML it was sent as (API-managed rules sent as YAML).")
    author: str | None = None
    created: str | None = None
    updated: str | None = None
    runs: RunStats | None = Field(
        None,
        description="Once the rule has run (scheduled) or hit (stream): the last run or hit, and totals.",
    )

    @classmethod
    def of(cls, entry: Entry, runs: dict[str, Any] | None) -> RuleView:
        rule, document = entry.rule, entry.document or {}
        return cls(
            id=rule.id,
            name=rule.name,
            description=rule.description,
            type=rule.rule_type,
            source=entry.source,
            origin=rule.origin,
            enabled=entry.enabled,
            overridden=entry.source != "api" and entry.document is not None,
            version=entry.version,
            severity=rule.severity,
            category=rule.category,
            tags=list(rule.tags),
            rule=rule.model_dump(mode="json", exclude_defaults=True) | {"type": rule.type},
            yaml=document.get("yaml") if entry.source == "api" else None,
            author=document.get("author"),
            created=document.get("created"),
            updated=document.get("updated"),
            runs=RunStats.model_validate(runs) if runs else None,
        )


class LoadError(BaseModel):
    origin: str = Field(description="The file and line (or api:<id>) of the rule that did not load.")
    rule_id: str | None
    reason: str

    @classmethod
    def of(cls, error: RuleError) -> LoadError:
        return cls(origin=error.origin, rule_id=error.rule_id, reason=error.reason)


class RuleList(BaseModel):
    total: int
    rules: list[RuleView]
    errors: list[LoadError] = Field(description="Rules that did not load, each naming its file and line.")


class DryRunBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    hours: float = Field(1.0, gt=0, le=24 * 31, description="How far back to look.")


class DryRunResult(BaseModel):
    rule_id: str
    hours: float
    total: int
    alerts: list[dict[str, Any]] = Field(description="The alerts it would have raised, oldest first.")
