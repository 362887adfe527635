"""Cheap pre-conditions of a query: field values an event must hold for the query to match it.

A rule engine indexes rules by these, so each event only reaches the rules it can match. A *key*
is ``(field, text)``: on a keyword field the exact string; on a details path the string leaf, or for a
number leaf one text per number (``22`` and ``22.0`` both ``"22"``), for a boolean ``"true"`` /
``"false"``; :func:`event_keys` reads an event's keys the same way. Keys are a pre-condition, never
the answer: an event holding the key is still evaluated by the full query.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from mozdef_common.errors import QueryError
from mozdef_common.query import eval_runtime as rt
from mozdef_common.query.ast import Bool, Node, Phrase, Term, Wildcard
from mozdef_common.query.fields import FieldKind, details_path, field_kind
from mozdef_common.query.values import details_values
from mozdef_common.query.wildcards import literal_shape

__all__ = ["Key", "dispatch_keys", "event_keys", "key_sets"]

Key = tuple[str, str]


def dispatch_keys(node: Node) -> frozenset[Key] | None:
    """The keys every event matching ``node`` holds (each of them), or None when there is none.

    ``category:windows AND details.eventid:4688 AND details.image:*\\\\cmd.exe`` gives
    ``{("category", "windows"), ("details.eventid", "4688")}``.
    """
    keys = frozenset(next(iter(alts)) for alts in key_sets(node) if len(alts) == 1)
    return keys or None


def key_sets(node: Node) -> list[frozenset[Key]]:
    """Pre-conditions of ``node`` as a conjunction of alternatives: every matching event holds at
    least one key of each set (``category:(a OR b)`` gives one set of two keys)."""
    if isinstance(node, Term | Phrase):
        keys = _value_keys(node.field, node.value)
        return [] if keys is None else [keys]
    if isinstance(node, Wildcard):
        shape = literal_shape(node.pattern)
        if shape is None or shape.star or node.case_insensitive or node.field is None:
            return []
        if _kind(node.field) not in (FieldKind.KEYWORD, FieldKind.DETAILS):
            return []
        return [frozenset({(node.field, shape.head)})]  # a wildcard without a wildcard: equality
    if not isinstance(node, Bool):
        return []
    sets = [alts for clause in node.must for alts in key_sets(clause)]
    if node.should and node.effective_min_should >= 1:
        # One should clause at least matches: the union of one key set per clause is a pre-condition,
        # when every clause has one (the smallest, to keep the union small).
        chosen = []
        for clause in node.should:
            own = key_sets(clause)
            if not own:
                break
            chosen.append(min(own, key=len))
        else:
            sets.append(frozenset().union(*chosen))
    return sets


def _kind(field: str) -> FieldKind | None:
    try:
        return field_kind(field)
    except QueryError:
        return None


def _value_keys(field: str | None, value: str) -> frozenset[Key] | None:
    if field is None:
        return None
    kind = _kind(field)
    if kind is FieldKind.KEYWORD:
        return frozenset({(field, value)})
    if kind is not FieldKind.DETAILS:
        return None  # analyzed words and dates have no one value to index by
    texts = {value}
    try:
        typed = details_values(value)[1:]
    except (OverflowError, ValueError):
        return None
    for item in typed:
        if isinstance(item, datetime):
            return None  # matched as an instant, written many ways: no one key
        if isinstance(item, bool):
            texts.add("true" if item else "false")
        elif isinstance(item, int | float):
            number = rt.number_key(item)
            if number is None:
                return None
            texts.add(number)
    return frozenset((field, text) for text in texts)


def event_keys(event: Mapping[str, Any], field: str) -> list[str]:
    """The keys ``event`` holds on ``field`` (see the module docstring); never raises."""
    if not field.startswith("details."):
        value = event.get(field)
        if type(value) is str:
            return [value]
        first, rest = rt.keyword_strings(value)
        return [] if first is None else [first, *rest]
    details = event.get("details")
    if type(details) is not dict:
        return []
    path = details_path(field)
    leaf = details.get(path) if "." not in path else None
    if type(leaf) is str:
        return [leaf]
    found = rt.leaves(details, tuple(path.split(".")))
    out = []
    for item in found:
        if type(item) is str:
            out.append(item)
        elif type(item) is bool:
            out.append("true" if item else "false")
        elif type(item) is int or type(item) is float:
            number = rt.number_key(item)
            if number is not None:
                out.append(number)
    return out
