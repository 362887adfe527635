"""Sigma rules as rule models: what the Sigma loader of the alerter returns, in this package's terms.

The Sigma loader (``mozdef_alerter.sigma``) compiles each Sigma rule to an object with ``id``,
``name``, ``description``, ``type`` (``match``, ``threshold`` for event/value-count correlations,
``sequence`` for temporal ones), ``severity``, ``category``, ``tags``, ``query`` (the tree),
``steps`` (trees), ``group_by``, ``distinct``, ``threshold``, ``window_s``, ``ordered`` and ``line``.
It is read by attribute, so this module depends on nothing of the alerter. Each becomes the model of
its type, whose ``rule_type`` is ``sigma``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from mozdef_common.query.ast import Node
from mozdef_common.rules.models import MatchRule, Rule, SequenceRule, SequenceStep, ThresholdRule
from mozdef_common.rules.query import ParsedQuery, query_from_node


def convert_sigma(sigma: Any, origin: str) -> Rule:
    """One compiled Sigma rule as a model; ValueError (or pydantic's) when it cannot be one."""
    name = str(getattr(sigma, "name", "") or getattr(sigma, "id", "") or "sigma rule")
    common: dict[str, Any] = {
        "id": _rule_id(str(getattr(sigma, "id", "") or ""), name),
        "name": name[:256],
        "description": str(getattr(sigma, "description", "") or ""),
        "severity": str(getattr(sigma, "severity", "") or "WARNING").upper(),
        "category": str(getattr(sigma, "category", "") or "sigma"),
        "tags": [str(tag) for tag in (getattr(sigma, "tags", None) or [])],
        "summary": "{rule}",
    }
    kind = getattr(sigma, "type", "match")
    group_by = [str(name) for name in (getattr(sigma, "group_by", None) or [])]
    window = getattr(sigma, "window_s", None)
    rule: Rule
    if kind == "match":
        rule = MatchRule(**common, query=_query(getattr(sigma, "query", None)))
    elif kind == "threshold":
        rule = ThresholdRule(
            **common,
            query=_query(getattr(sigma, "query", None)),
            group_by=group_by,
            distinct=getattr(sigma, "distinct", None),
            threshold=getattr(sigma, "threshold", None),
            window=_window(window),
        )
    elif kind == "sequence":
        rule = SequenceRule(
            **common,
            steps=[SequenceStep(query=_query(step)) for step in getattr(sigma, "steps", None) or []],
            by=group_by,
            window=_window(window),
            ordered=bool(getattr(sigma, "ordered", False)),
        )
    else:
        raise ValueError(f"Sigma rule type {kind!r} is not one of match, threshold, sequence")
    rule.located(origin, source="sigma")
    return rule


def _query(tree: Node | None) -> ParsedQuery:
    if tree is None:
        raise ValueError("the Sigma rule has no compiled query")
    try:
        return query_from_node(tree)
    except Exception:  # a node the printer cannot write (field references): the tree is what runs
        return ParsedQuery(f"<sigma {type(tree).__name__}>", tree)


def _window(seconds: object) -> timedelta:
    if not isinstance(seconds, (int, float)) or seconds <= 0:
        raise ValueError(f"the Sigma correlation has no usable timespan ({seconds!r})")
    return timedelta(seconds=seconds)


def _rule_id(raw: str, name: str) -> str:
    lowered = raw.lower()
    if re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,127}", lowered):
        return lowered
    return "sigma-" + (re.sub(r"[^a-z0-9]+", "-", (raw or name).lower()).strip("-")[:100] or "rule")
