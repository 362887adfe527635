"""The one place the alerter gets its query evaluator from (:mod:`mozdef_common.query.evaluate`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from mozdef_common.query.ast import Node
from mozdef_common.query.evaluate import compile_predicate
from mozdef_common.types import Event


class RuleSet(Protocol):
    def match(self, event: Event) -> list[str]:
        """The ids of the entries whose query ``event`` matches."""
        ...


class _Predicates:
    """Every query tried in turn: what runs until the shared rule-set compiler is available."""

    def __init__(self, entries: Sequence[tuple[str, Node]]) -> None:
        self.entries = [(token, compile_predicate(node)) for token, node in entries]

    def match(self, event: Event) -> list[str]:
        return [token for token, predicate in self.entries if predicate(event)]


def compile_rule_set(entries: Sequence[tuple[str, Node]]) -> RuleSet:
    """Every ``(id, query)`` compiled into one matcher (shared work across rules is done once)."""
    try:
        from mozdef_common.query import ruleset  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        return _Predicates(entries)
    compiled: Any = ruleset.compile_rule_set(list(entries))
    return compiled  # type: ignore[no-any-return]
