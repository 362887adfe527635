"""The query language of :mod:`mozdef_common.state.base`, evaluated in plain Python over a list of dicts.

Written from the contract, not from either backend, so the property tests can hold both to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

_MISSING = object()


def lookup(doc: Mapping[str, Any], path: str) -> Any:
    """The value at dotted ``path``, or ``_MISSING`` (a path never descends into arrays)."""
    value: Any = doc
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return _MISSING
        value = value[part]
    return value


def kind(value: Any) -> str:
    if value is None or value is _MISSING:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def equals(field: Any, value: Any) -> bool:
    if value is None:
        return field is None or field is _MISSING
    if kind(field) != kind(value):
        return False
    if isinstance(value, list | dict):
        return orjson.dumps(field) == orjson.dumps(value)  # arrays and objects: equal JSON, in order
    return bool(field == value)


def _operator(field: Any, op: str, operand: Any) -> bool:
    if op == "$eq":
        return equals(field, operand)
    if op == "$ne":
        return not equals(field, operand)
    if op == "$in":
        return any(equals(field, v) for v in operand)
    if op in ("$gt", "$gte", "$lt", "$lte"):
        if kind(field) != kind(operand):
            return False
        if op == "$gt":
            return bool(field > operand)
        if op == "$gte":
            return bool(field >= operand)
        return bool(field < operand) if op == "$lt" else bool(field <= operand)
    if op == "$exists":
        return (field is not _MISSING) is operand
    if op == "$contains":
        return isinstance(field, list) and any(equals(e, operand) and e is not _MISSING for e in field)
    if op == "$icontains":
        return isinstance(field, str) and operand.lower() in field.lower()
    raise AssertionError(op)


def matches(doc: Mapping[str, Any], where: Mapping[str, Any]) -> bool:
    for key, condition in where.items():
        if key == "$or":
            if not any(matches(doc, branch) for branch in condition):
                return False
        elif isinstance(condition, Mapping):
            field = lookup(doc, key)
            if not all(_operator(field, op, operand) for op, operand in condition.items()):
                return False
        elif not equals(lookup(doc, key), condition):
            return False
    return True


def sort_key(doc: Mapping[str, Any], path: str) -> tuple[int, Any]:
    """Missing and null first, then numbers, then strings (the kinds a sort field is meant to hold)."""
    value = lookup(doc, path)
    rank = {"null": 0, "number": 1, "string": 2}[kind(value)]
    return rank, (0 if rank == 0 else value)


def count_by(docs: list[Mapping[str, Any]], path: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for doc in docs:
        value = lookup(doc, path)
        for item in value if isinstance(value, list) else [value]:
            if item is None or item is _MISSING:
                continue
            key = item if isinstance(item, str) else orjson.dumps(item).decode()
            counts[key] = counts.get(key, 0) + 1
    return counts
