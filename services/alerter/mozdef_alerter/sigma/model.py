"""What the Sigma loader hands to the rule engine: one rule in this project's contract (docs/rules.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from mozdef_common.query.ast import Node

SigmaRuleType = Literal["match", "threshold", "sequence"]

#: Sigma ``level`` to MozDef severity.
LEVELS: dict[str, str] = {
    "informational": "INFO",
    "low": "NOTICE",
    "medium": "WARNING",
    "high": "ERROR",
    "critical": "CRITICAL",
}


@dataclass(frozen=True, slots=True)
class SigmaRule:
    """A compiled Sigma rule.

    ``type`` is ``match`` for a plain Sigma rule (``query`` holds its tree), ``threshold`` for an
    ``event_count`` or ``value_count`` correlation (``query`` ORs the referenced rules' trees,
    ``group_by``, ``threshold`` (≥), ``window_s``, and ``distinct`` for ``value_count``), and
    ``sequence`` for a ``temporal`` (``ordered`` false) or ``temporal_ordered`` correlation
    (``steps``: the referenced rules' trees in the order listed, ``group_by`` the fields that must be
    equal across steps). ``id`` is the Sigma rule's own id (its title when it has none), ``source``
    the file it came from and ``line`` where its YAML document starts.
    """

    id: str
    name: str
    description: str
    type: SigmaRuleType
    severity: str
    tags: list[str]
    category: str
    query: Node | None
    steps: list[Node] = field(default_factory=list)
    group_by: list[str] = field(default_factory=list)
    distinct: str | None = None
    threshold: int | None = None
    window_s: int | None = None
    ordered: bool = False
    source: str = ""
    line: int = 1
