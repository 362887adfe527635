"""Plugin triggers: the terms of a plugin's ``registration``, parsed once and matched per event.

* ``"*"``: every event;
* ``"path"``: the dotted path exists and is not null, e.g. ``"details.sourceipaddress"``;
* ``"path=value"``: the value at the path, as text, equals ``value`` (case-insensitive);
* ``"path~text"``: the value at the path, as text, contains ``text`` (case-insensitive).

Paths go through objects only (not lists). The path ends at the first ``=`` or ``~``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from mozdef_common.types import Event
from mozdef_enrich.jsontext import scalar_text


@dataclass(slots=True, frozen=True)
class Trigger:
    """One parsed registration term."""

    path: tuple[str, ...]
    op: str  # "*", "" (exists), "=" or "~"
    text: str = ""

    @classmethod
    def parse(cls, term: str) -> Trigger:
        """The trigger a term spells; :class:`ValueError` says what is wrong with it."""
        if term == "*":
            return cls((), "*")
        cut = min((i for i in (term.find("="), term.find("~")) if i >= 0), default=-1)
        path, op, text = (term, "", "") if cut < 0 else (term[:cut], term[cut], term[cut + 1 :])
        parts = tuple(path.strip().split("."))
        if not all(parts):
            raise ValueError(f"registration {term!r}: the path {path!r} is empty or has an empty part")
        if op and not text:
            raise ValueError(f"registration {term!r}: nothing after {op!r}")
        return cls(parts, op, text.lower())


def lookup(event: Event, path: Sequence[str]) -> Any:
    """The value at a dotted path (given as its parts), ``None`` when absent."""
    node: Any = event
    for part in path:
        if type(node) is not dict:
            return None
        node = node.get(part)
    return node


class _PathCheck(NamedTuple):
    """Every trigger of one plugin on one path: the value is looked up once, searched once.

    A tuple so that the per-event loop unpacks it in one step.
    """

    path: tuple[str, ...]
    #: The key when the path has one part (most triggers): then one ``dict.get`` finds the value.
    head: str | None
    exists: bool
    equals: frozenset[str]
    contains: tuple[str, ...]


class Matcher:
    """The triggers of one plugin, compiled: one lookup and one lower-casing per path.

    ``always`` (a ``"*"`` trigger) and ``never`` (no trigger) let the pipeline skip the call per event.
    """

    __slots__ = ("_always", "_checks", "always", "never")

    def __init__(self, triggers: Sequence[Trigger]) -> None:
        self._always = self.always = any(trigger.op == "*" for trigger in triggers)
        self.never = not triggers
        checks = []
        for path in dict.fromkeys(trigger.path for trigger in triggers if trigger.op != "*"):
            on_path = [trigger for trigger in triggers if trigger.path == path]
            checks.append(
                _PathCheck(
                    path,
                    path[0] if len(path) == 1 else None,
                    any(not trigger.op for trigger in on_path),
                    frozenset(trigger.text for trigger in on_path if trigger.op == "="),
                    tuple(trigger.text for trigger in on_path if trigger.op == "~"),
                )
            )
        self._checks = tuple(checks)

    def __call__(self, event: Event) -> bool:
        if self._always:
            return True
        for path, head, exists, equals, contains in self._checks:
            value = event.get(head) if head is not None else lookup(event, path)
            if value is None:
                continue
            if exists:
                return True
            kind = type(value)
            if kind is dict or kind is list:
                continue
            text = (value if kind is str else scalar_text(value)).lower()
            if equals and text in equals:
                return True
            # Plain substring tests: much faster than one regex alternation, which re scans naively.
            for part in contains:
                if part in text:
                    return True
        return False
