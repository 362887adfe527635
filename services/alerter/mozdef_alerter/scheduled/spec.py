"""What the scheduled evaluation needs of a rule, and what it finds.

:class:`RuleSpec` is the evaluation's flat view of a rule model (:mod:`mozdef_common.rules.models`:
``threshold``, ``absence``, ``new_terms``, and ``match`` for dry runs), with every default resolved.
:class:`Finding` is one thing to alert: the alert builder turns it into a MozDef alert.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final, Literal

from mozdef_common.query.ast import Node
from mozdef_common.rules.models import (
    SCHEDULED_TYPES,
    AbsenceRule,
    MatchRule,
    NewTermsRule,
    RuleBase,
    ThresholdRule,
)

RuleType = Literal["match", "threshold", "absence", "new_terms"]

#: What dry runs evaluate over the store: the scheduled types, and match as a plain search.
STORE_TYPES: Final[frozenset[str]] = SCHEDULED_TYPES | {"match"}

MIN_SCHEDULE: Final = timedelta(seconds=30)
DEFAULT_LEARN: Final = timedelta(days=7)
DEFAULT_HISTORY: Final = timedelta(days=30)
DEFAULT_SAMPLE: Final = 10

#: One group: the value of each ``group_by`` field (or of each ``fields`` field for new terms).
GroupKey = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class RuleSpec:
    id: str
    type: RuleType
    query: Node
    window: timedelta
    group_by: tuple[str, ...] = ()
    distinct: str | None = None
    threshold: int = 1
    #: Absence: the groups watched, given in the rule (each a tuple, one value per group_by field).
    groups: tuple[GroupKey, ...] | None = None
    learn: timedelta = DEFAULT_LEARN
    #: New terms: the fields whose combination of values is the term.
    fields: tuple[str, ...] = ()
    history: timedelta = DEFAULT_HISTORY
    schedule: timedelta | None = None
    sample: int = DEFAULT_SAMPLE

    @property
    def every(self) -> timedelta:
        """How often the rule runs: ``schedule``, or a quarter of ``window`` but at least 30 s."""
        if self.schedule is not None:
            return self.schedule
        return max(self.window / 4, MIN_SCHEDULE)

    @classmethod
    def of(cls, rule: RuleBase) -> RuleSpec:
        """The spec of a validated rule model; ValueError for a type not evaluated over the store."""
        common: dict[str, Any] = {"id": rule.id, "sample": rule.sample}
        if isinstance(rule, ThresholdRule):
            return cls(
                type="threshold",
                query=rule.query.node,
                window=rule.window,
                schedule=rule.schedule,
                group_by=tuple(rule.group_by),
                distinct=rule.distinct,
                threshold=rule.threshold,
                **common,
            )
        if isinstance(rule, AbsenceRule):
            return cls(
                type="absence",
                query=rule.query.node,
                window=rule.window,
                schedule=rule.schedule,
                group_by=tuple(rule.group_by),
                groups=_groups(rule.groups, rule.group_by),
                learn=rule.learn,
                **common,
            )
        if isinstance(rule, NewTermsRule):
            return cls(
                type="new_terms",
                query=rule.query.node,
                window=rule.window,
                schedule=rule.schedule,
                fields=tuple(rule.fields),
                history=rule.history,
                **common,
            )
        if isinstance(rule, MatchRule):
            # Matched on the stream; over the store only for dry runs, whose span is given.
            return cls(type="match", query=rule.query.node, window=timedelta(hours=1), **common)
        kind = getattr(rule, "type", type(rule).__name__)
        raise ValueError(f"rule {rule.id!r}: {kind} rules are not evaluated over the event store")


def _groups(value: Sequence[Any] | None, group_by: Sequence[str]) -> tuple[GroupKey, ...] | None:
    """Given groups as tuples: a plain value for one field, a list (in group_by order) or a
    mapping of field to value for several."""
    if value is None:
        return None
    out: list[GroupKey] = []
    for item in value:
        if isinstance(item, Mapping):
            out.append(tuple(item.get(f) for f in group_by))
        elif isinstance(item, list | tuple):
            out.append(tuple(item))
        else:
            out.append((item,))
    return tuple(out)


@dataclass(slots=True)
class Finding:
    """One alert to raise: a group (or the whole rule) that met the rule over ``[start, end]``.

    ``count`` is the number of matching events behind it (0 for absence), ``value`` what was
    compared with the threshold (the count, or the distinct count); ``events`` a sample of them,
    newest first, as ``{"id", "index", "source"}``; ``first_seen``/``last_seen`` are ISO-8601 UTC
    (for absence: the last event seen before the silence, when known).
    """

    rule_id: str
    rule_type: RuleType
    start: datetime
    end: datetime
    group: dict[str, Any] = field(default_factory=dict)
    count: int = 0
    value: int = 0
    first_seen: str | None = None
    last_seen: str | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
