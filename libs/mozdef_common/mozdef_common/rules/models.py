"""Rule models: one per rule type of docs/rules.md, each refusing unknown keys.

A rule is data; these models are its validated form (durations parsed, queries parsed to the AST).
The alerter turns them into runtime objects; the API validates rules with the same models.

Every model has the common keys (:class:`RuleBase`) and a ``type`` naming it; :data:`Rule` is their
union and :data:`RULE_TYPES` maps each type name to its model. ``origin`` (not a key: set by whoever
loaded the rule) says where it came from, e.g. ``rules/ssh.yml:12``; ``source`` says what kind of rule it
is for the alert's ``rule_type`` (``sigma`` for Sigma rules, the rule's ``type`` otherwise).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Final, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, field_validator

from mozdef_common.event import SEVERITIES
from mozdef_common.rules.durations import Duration
from mozdef_common.rules.query import RuleQuery

RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,127}$")]
FieldPath = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_@][A-Za-z0-9_@.-]{0,255}$")]
Severity = Literal["DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"]
DEFAULT_DEDUP_WINDOW: Final = timedelta(hours=1)
MIN_SCHEDULE: Final = timedelta(seconds=30)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Dedup(_Strict):
    """Repeated matches with equal ``key`` values within ``window`` update the open alert."""

    key: list[FieldPath] | None = None
    window: Duration | None = None


class ActionSpec(BaseModel):
    """One response action; its own keys are checked by the action plugin of that ``type``."""

    model_config = ConfigDict(extra="allow", frozen=True)

    type: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]


class RuleBase(_Strict):
    """The keys every rule has (docs/rules.md, "Common keys")."""

    id: RuleId
    name: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    description: str = ""
    enabled: bool = True
    severity: Severity = "WARNING"
    category: str = "alert"
    tags: list[str] = Field(default_factory=list)
    summary: str = "{rule}"
    dedup: Dedup | None = None
    actions: list[ActionSpec] = Field(default_factory=list)
    sample: int = Field(10, ge=0, le=1000)

    _origin: str = PrivateAttr("")
    _source: str = PrivateAttr("")

    @field_validator("severity", mode="before")
    @classmethod
    def _upper_severity(cls, value: Any) -> Any:
        if isinstance(value, str) and value.upper() in SEVERITIES:
            return value.upper()
        return value

    @property
    def origin(self) -> str:
        """Where the rule came from (``file:line``, ``api``, ``entry point …``)."""
        return self._origin

    @property
    def rule_type(self) -> str:
        """What the alert's ``rule_type`` says: ``sigma`` for Sigma rules, else the rule's type."""
        return self._source or str(getattr(self, "type", ""))

    def located(self, origin: str, *, source: str = "") -> RuleBase:
        """This rule marked as coming from ``origin`` (and, for Sigma, ``source="sigma"``)."""
        self._origin = origin
        self._source = source
        return self

    def group_fields(self) -> list[str]:
        """The fields that make a group of this rule (what the alert's ``group`` holds)."""
        return []

    def dedup_fields(self) -> list[str]:
        """``dedup.key``, by default the group fields (no field: one open alert per rule)."""
        if self.dedup is not None and self.dedup.key is not None:
            return list(self.dedup.key)
        return self.group_fields()

    def dedup_window(self) -> timedelta:
        """``dedup.window``, by default the rule's ``window``, or 1 hour."""
        if self.dedup is not None and self.dedup.window is not None:
            return self.dedup.window
        window = getattr(self, "window", None)
        return window if isinstance(window, timedelta) else DEFAULT_DEDUP_WINDOW


class _Scheduled(RuleBase):
    window: Duration
    schedule: Duration | None = None

    def every(self) -> timedelta:
        """How often it runs: ``schedule``, by default a quarter of ``window``, at least 30 s."""
        return self.schedule or max(self.window / 4, MIN_SCHEDULE)


class MatchRule(RuleBase):
    """One event matching ``query`` raises (or, within the dedup window, updates) an alert."""

    type: Literal["match"] = "match"
    query: RuleQuery

    def group_fields(self) -> list[str]:
        # The events of one alert share the values of its dedup key: they are its group (what attacker
        # profiles and pivots read, as they do a threshold's ``group_by``).
        return list(self.dedup.key) if self.dedup is not None and self.dedup.key is not None else []


class ThresholdRule(_Scheduled):
    """At least ``threshold`` events (or distinct values of ``distinct``) per group within ``window``."""

    type: Literal["threshold"] = "threshold"
    query: RuleQuery
    group_by: list[FieldPath] = Field(default_factory=list)
    distinct: FieldPath | None = None
    threshold: int = Field(ge=1)

    def group_fields(self) -> list[str]:
        return list(self.group_by)


class AbsenceRule(_Scheduled):
    """No event matching ``query`` for ``window``, overall or per group."""

    type: Literal["absence"] = "absence"
    query: RuleQuery
    group_by: list[FieldPath] = Field(default_factory=list)
    groups: list[Any] | None = None
    learn: Duration = timedelta(days=7)

    @field_validator("group_by", mode="before")
    @classmethod
    def _one_field(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    def group_fields(self) -> list[str]:
        return list(self.group_by)


class NewTermsRule(_Scheduled):
    """A value (or combination of ``fields``) seen within ``window`` but not in ``history`` before it."""

    type: Literal["new_terms"] = "new_terms"
    query: RuleQuery
    fields: list[FieldPath] = Field(min_length=1)
    history: Duration = timedelta(days=30)

    def group_fields(self) -> list[str]:
        return list(self.fields)


class SequenceStep(_Strict):
    query: RuleQuery
    name: str | None = None


class SequenceRule(RuleBase):
    """Events matching each of ``steps`` with equal ``by`` values within ``window``, in order or not."""

    type: Literal["sequence"] = "sequence"
    steps: list[SequenceStep] = Field(min_length=2, max_length=32)
    by: list[FieldPath] = Field(default_factory=list)
    window: Duration
    ordered: bool = True

    def group_fields(self) -> list[str]:
        return list(self.by)


class GeovelocityRule(RuleBase):
    """The same user from two places farther apart than ``max_kph`` allows in the time between."""

    type: Literal["geovelocity"] = "geovelocity"
    query: RuleQuery
    user_field: FieldPath = "details.username"
    ip_field: FieldPath = "details.sourceipaddress"
    max_kph: float = Field(1000.0, gt=0)
    min_km: float = Field(100.0, ge=0)

    def group_fields(self) -> list[str]:
        return [self.user_field]


Rule: TypeAlias = MatchRule | ThresholdRule | AbsenceRule | NewTermsRule | SequenceRule | GeovelocityRule
RULE_TYPES: Final[dict[str, type[RuleBase]]] = {
    "match": MatchRule,
    "threshold": ThresholdRule,
    "absence": AbsenceRule,
    "new_terms": NewTermsRule,
    "sequence": SequenceRule,
    "geovelocity": GeovelocityRule,
}
STREAM_TYPES: Final = frozenset({"match", "sequence", "geovelocity"})
SCHEDULED_TYPES: Final = frozenset({"threshold", "absence", "new_terms"})
