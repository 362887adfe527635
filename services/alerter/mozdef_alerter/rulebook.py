"""The runtime form of the loaded rules: one compiled rule set for every stream query.

Every query of every enabled stream rule (a match rule's, each step of a sequence, a geo-velocity
rule's, a Python rule's) is one entry of a single compiled rule set, so an event is evaluated once
against all of them; the entry's token says which rule (and step) it belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from mozdef_alerter.matching import RuleSet, compile_rule_set
from mozdef_alerter.python_rules import RegisteredRule
from mozdef_common.query.ast import Node
from mozdef_common.rules.models import (
    SCHEDULED_TYPES,
    GeovelocityRule,
    MatchRule,
    Rule,
    RuleBase,
    SequenceRule,
)

Kind = Literal["match", "sequence", "geovelocity", "python"]


@dataclass(frozen=True, slots=True)
class Target:
    kind: Kind
    rule: RuleBase
    step: int = 0
    python: RegisteredRule | None = None


@dataclass(slots=True)
class RuleBook:
    rules: list[Rule] = field(default_factory=list)
    python: list[RegisteredRule] = field(default_factory=list)
    targets: dict[str, Target] = field(default_factory=dict)
    rule_set: RuleSet | None = None

    @property
    def scheduled(self) -> list[Rule]:
        """The enabled threshold, absence and new-terms rules (run by the scheduler)."""
        return [rule for rule in self.rules if rule.enabled and rule.type in SCHEDULED_TYPES]

    def match(self, event: dict[str, object]) -> list[Target]:
        if self.rule_set is None:
            return []
        return [self.targets[token] for token in self.rule_set.match(event)]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for rule in self.rules:
            out[rule.rule_type] = out.get(rule.rule_type, 0) + 1
        if self.python:
            out["python"] = len(self.python)
        return out


def build_rulebook(rules: Sequence[Rule], python: Sequence[RegisteredRule] = ()) -> RuleBook:
    entries: list[tuple[str, Node]] = []
    targets: dict[str, Target] = {}

    def add(target: Target, node: Node) -> None:
        token = f"{len(entries)}"
        entries.append((token, node))
        targets[token] = target

    for rule in rules:
        if not rule.enabled:
            continue
        if isinstance(rule, MatchRule):
            add(Target("match", rule), rule.query.node)
        elif isinstance(rule, SequenceRule):
            for position, step in enumerate(rule.steps):
                add(Target("sequence", rule, position), step.query.node)
        elif isinstance(rule, GeovelocityRule):
            add(Target("geovelocity", rule), rule.query.node)
    for registered in python:
        if registered.rule.enabled:
            add(Target("python", registered.rule, python=registered), registered.rule.query.node)
    rule_set = compile_rule_set(entries) if entries else None
    return RuleBook(list(rules), list(python), targets, rule_set)
