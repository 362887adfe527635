"""The query AST evaluated on one event in memory: what the alerter runs on the stream.

:func:`compile_predicate` turns a query into a function of one event (a plain dict, as stored) that
answers what the event stores would answer for that event: same field semantics, same refusals
(:class:`QueryError` at compile time for what the stores refuse). The conformance suite runs every
query case on it as on the stores. Differences, all documented in docs/search.md's terms:

* ``*`` in wildcards and ``.`` in regexes match newlines, as in Lucene and OpenSearch (the embedded
  store's regex engine stops at them).
* Regexes run on Python's ``re``: lookaround and back-references are refused (no store has them);
  the rest of the syntax the stores share means the same.
* Relative dates (``now-1h``) are read against the clock when each event is evaluated.
* :class:`~mozdef_common.query.ast.FieldRef` is supported here only.

For many rules at once, :func:`mozdef_common.query.ruleset.compile_rule_set` builds one function
per group of rules and dispatches each event to the groups it can match.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from mozdef_common.query.ast import Node
from mozdef_common.query.eval_nodes import Conditions
from mozdef_common.query.eval_source import Clock, Source, default_clock

__all__ = ["Predicate", "compile_predicate", "condition_source"]

Predicate = Callable[[Mapping[str, Any]], bool]


def compile_predicate(node: Node, *, clock: Clock | None = None) -> Predicate:
    """A function answering whether one event matches ``node``; :class:`QueryError` when the stores
    would refuse the query. ``clock`` (default: the system clock, UTC) resolves ``now`` in dates.

    The predicate may raise on an event of a shape no store would accept; the rule set
    (:class:`~mozdef_common.query.ruleset.RuleSet`) turns that into "no match" and counts it.
    """
    source = Source()
    condition = Conditions(source).of(node)
    return source.predicate(condition, clock or default_clock)


def condition_source(node: Node) -> str:
    """The generated Python source of ``node``'s predicate (for debugging and the docs)."""
    source = Source()
    source.predicate(Conditions(source).of(node), default_clock)
    return source.source_text
