"""Sigma correlation rules as threshold and sequence rules over the referenced rules' trees.

* ``event_count``: a threshold rule (count ≥ N per ``group-by`` within ``timespan``) over the ORed trees;
* ``value_count``: the same, counting distinct values of the condition's ``field``;
* ``temporal``: a sequence rule, ``ordered`` false, one step per referenced rule, ``by`` the ``group-by``;
* ``temporal_ordered``: the same, ``ordered`` true.

Our threshold means "at least N", so only ``gte`` and ``gt`` conditions can become one; the other
correlation types (``value_sum`` …) and extended (boolean) temporal conditions are refused.
"""

from __future__ import annotations

from typing import NoReturn

from sigma.correlations import (
    SigmaCorrelationCondition,
    SigmaCorrelationConditionOperator,
    SigmaCorrelationRule,
    SigmaCorrelationType,
)
from sigma.exceptions import SigmaFeatureNotSupportedByBackendError
from sigma.rule import SigmaRule as PySigmaRule

from mozdef_alerter.sigma.model import SigmaRule
from mozdef_common.query.ast import Bool, Node


def correlation_rule(
    rule: SigmaCorrelationRule, trees: dict[int, Node], common: dict[str, object]
) -> SigmaRule:
    """``rule`` as a :class:`SigmaRule`; ``trees`` holds the compiled referenced rules by ``id()``."""
    steps = [_tree(reference.rule, trees) for reference in rule.rules or []]
    if not steps:
        _refuse("the correlation references no rule")
    group_by = _group_by(rule)
    window = rule.timespan.seconds
    match rule.type:
        case SigmaCorrelationType.EVENT_COUNT | SigmaCorrelationType.VALUE_COUNT:
            condition = rule.condition
            if not isinstance(condition, SigmaCorrelationCondition):
                _refuse("an extended condition on a count correlation")
            distinct = None
            if rule.type is SigmaCorrelationType.VALUE_COUNT:
                distinct = _distinct_field(condition)
            query = steps[0] if len(steps) == 1 else Bool(should=tuple(steps))
            return SigmaRule(
                **common,  # type: ignore[arg-type]
                type="threshold",
                query=query,
                group_by=group_by,
                distinct=distinct,
                threshold=_at_least(condition),
                window_s=window,
            )
        case SigmaCorrelationType.TEMPORAL | SigmaCorrelationType.TEMPORAL_ORDERED:
            if not isinstance(rule.condition, SigmaCorrelationCondition):
                _refuse("an extended (boolean) temporal condition")
            return SigmaRule(
                **common,  # type: ignore[arg-type]
                type="sequence",
                query=None,
                steps=steps,
                group_by=group_by,
                window_s=window,
                ordered=rule.type is SigmaCorrelationType.TEMPORAL_ORDERED,
            )
    _refuse(f"correlation type {rule.type}")


def _tree(referenced: object, trees: dict[int, Node]) -> Node:
    if isinstance(referenced, SigmaCorrelationRule):
        _refuse("a correlation of correlations")
    if not isinstance(referenced, PySigmaRule):
        _refuse(f"a referenced rule of kind {type(referenced).__name__}")
    tree = trees.get(id(referenced))
    if tree is None:
        _refuse(f"referenced rule {referenced.id or referenced.title!s} did not compile")
    return tree


def _group_by(rule: SigmaCorrelationRule) -> list[str]:
    aliases = rule.aliases.aliases
    fields: list[str] = []
    for name in rule.group_by or []:
        alias = aliases.get(name)
        if alias is None:
            fields.append(name)
            continue
        # Our rules group by one field for every step: an alias naming one field everywhere is that field.
        targets = set(alias.mapping.values())
        if len(targets) != 1:
            _refuse(f"alias {name!r} maps to different fields per rule ({', '.join(sorted(targets))})")
        fields.append(targets.pop())
    return fields


def _distinct_field(condition: SigmaCorrelationCondition) -> str:
    fieldref = condition.fieldref
    if isinstance(fieldref, list):
        if len(fieldref) != 1:
            _refuse("value_count over several fields")
        fieldref = fieldref[0]
    if not fieldref:
        _refuse("value_count without a field")
    return fieldref


def _at_least(condition: SigmaCorrelationCondition) -> int:
    count = condition.count
    if condition.op is SigmaCorrelationConditionOperator.GTE:
        return int(-(-count // 1))  # at least 2.5 means at least 3
    if condition.op is SigmaCorrelationConditionOperator.GT:
        return int(count // 1) + 1
    _refuse(f"condition {condition.op.name.lower()}: a threshold raises alerts at 'at least N' (gte/gt)")


def _refuse(what: str) -> NoReturn:
    raise SigmaFeatureNotSupportedByBackendError(what)
