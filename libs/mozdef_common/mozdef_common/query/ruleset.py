"""Many rule queries evaluated together on each event: the alerter's hot path.

:func:`compile_rule_set` indexes the rules by their pre-conditions (:mod:`.dispatch`): each rule
goes in the buckets of its most selective key set (the keys fewest other rules share), rules without
one in an always-evaluated group. Each bucket is one generated function over all its rules, reading
every field once per event (:mod:`.eval_source`). :meth:`RuleSet.match` reads the event's keys on the
few indexed fields, runs the always group and the buckets those keys name, and answers the ids of
the rules that match, in the order the rules were given.

A rule whose evaluation raises on an event counts as not matching that event and is counted in
:attr:`RuleSet.errors`; a rule that does not compile (a query every store would refuse) is left out
and named in :attr:`RuleSet.refused`. Neither ever stops the other rules.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from mozdef_common.errors import QueryError
from mozdef_common.query.ast import Node
from mozdef_common.query.dispatch import Key, event_keys, key_sets
from mozdef_common.query.eval_nodes import Conditions
from mozdef_common.query.eval_runtime import number_key
from mozdef_common.query.eval_source import Clock, Source, default_clock

__all__ = ["RuleSet", "compile_rule_set"]

Group = Callable[[Mapping[str, Any], Callable[[tuple[int, ...]], None]], list[int]]


class RuleSet:
    """Compiled rules; build with :func:`compile_rule_set`."""

    def __init__(
        self,
        ids: list[str],
        always: Group | None,
        buckets: dict[Key, Group],
        refused: dict[str, str],
    ) -> None:
        self.ids = ids
        self._always = always
        self._buckets = buckets
        self._fields = sorted({field for field, _ in buckets})
        # The hot loop reads simple details keys straight from the dict: most indexed fields are
        # absent from any one event, and a call per field per event would cost more than the rules.
        self._direct = [(f, f[8:]) for f in self._fields if f.startswith("details.") and "." not in f[8:]]
        self._other = [f for f in self._fields if not (f.startswith("details.") and "." not in f[8:])]
        #: Rule id -> how many events its evaluation failed on (counted as no match).
        self.errors: Counter[str] = Counter()
        #: Rule id -> why it was left out (the QueryError's message).
        self.refused = refused

    @property
    def indexed_fields(self) -> list[str]:
        """The fields whose values pick the buckets an event is evaluated in."""
        return list(self._fields)

    def match(self, event: Mapping[str, Any]) -> list[str]:
        """The ids of the rules ``event`` matches, in rule order; never raises for a rule's sake."""
        fail = self._fail
        hits: list[int] = [] if self._always is None else self._always(event, fail)
        groups = 0
        buckets = self._buckets
        details = event.get("details")
        if type(details) is dict:
            for field, leaf in self._direct:
                value = details.get(leaf)
                if value is None:
                    continue
                kind = type(value)
                if kind is str:
                    keys: list[str] = [value]
                elif kind is int:
                    number = number_key(value)  # the form rules were indexed under (22 == 22.0)
                    keys = [] if number is None else [number]
                else:
                    keys = event_keys(event, field)
                for key in keys:
                    group = buckets.get((field, key))
                    if group is not None:
                        hits += group(event, fail)
                        groups += 1
        for field in self._other:
            for key in event_keys(event, field):
                group = buckets.get((field, key))
                if group is not None:
                    hits += group(event, fail)
                    groups += 1
        if not hits:
            return []
        if groups + (self._always is not None) > 1:
            hits = sorted(set(hits))  # a rule may sit in several buckets the event reached
        ids = self.ids
        return [ids[i] for i in hits]

    def _fail(self, indexes: tuple[int, ...]) -> None:
        for index in indexes:
            self.errors[self.ids[index]] += 1


def compile_rule_set(rules: Sequence[tuple[str, Node]], *, clock: Clock | None = None) -> RuleSet:
    """Rules given as ``(rule id, query)``, compiled into one :class:`RuleSet`.

    ``clock`` (default: the system clock, UTC) resolves ``now`` in date bounds at each event.
    """
    clock = clock or default_clock
    ids = [rule_id for rule_id, _ in rules]
    refused: dict[str, str] = {}
    compiled: list[tuple[int, Node, list[frozenset[Key]]]] = []
    for index, (rule_id, node) in enumerate(rules):
        try:
            Conditions(Source()).of(node)  # refusals surface here, one rule at a time
        except (QueryError, RecursionError) as exc:
            refused[rule_id] = str(exc) if isinstance(exc, QueryError) else "query nested too deeply"
            continue
        compiled.append((index, node, key_sets(node)))
    popularity: Counter[Key] = Counter()
    for _, _, sets in compiled:
        popularity.update({key for alts in sets for key in alts})
    always: list[tuple[int, Node]] = []
    bucketed: dict[Key, list[tuple[int, Node]]] = defaultdict(list)
    for index, node, sets in compiled:
        if not sets:
            always.append((index, node))
            continue
        # The most selective alternatives: fewest rules behind their keys, then fewest keys.
        best = min(sets, key=lambda alts: (sum(popularity[k] for k in alts), len(alts), sorted(alts)))
        for key in best:
            bucketed[key].append((index, node))
    buckets = {key: _group(members, clock) for key, members in bucketed.items()}
    return RuleSet(ids, _group(always, clock) if always else None, buckets, refused)


def _group(members: list[tuple[int, Node]], clock: Clock) -> Group:
    source = Source()
    conditions = Conditions(source)
    return source.group([(index, conditions.of(node)) for index, node in members], clock)
