"""Checked queries (:mod:`.query`) as MongoDB filters, sorts and pipelines.

MongoDB compares a field holding an array element by element (``{"tags": "x"}`` matches
``["x", "y"]``); the contract (and SQLite) compares the whole value. So every comparison except
``$contains`` and array equality also says ``{"$not": {"$type": "array"}}``, and ``$ne`` is the
``$nor`` of that exact equality. Values always go under an operator (``$eq`` and the rest), so a value
that looks like an operator is compared, never run.
"""

from __future__ import annotations

import re
from typing import Any

from pymongo import ASCENDING, DESCENDING

from mozdef_common.state.query import RANGE, Compare, Condition, Or

Raw = dict[str, Any]
_NOT_ARRAY: Raw = {"$not": {"$type": "array"}}


def field(path: str) -> str:
    """The MongoDB field behind ``path``: a document's ``id`` is its ``_id``."""
    return "_id" if path == "id" else path


def to_filter(conditions: tuple[Condition, ...]) -> Raw:
    parts = [_condition(c) for c in conditions]
    if not parts:
        return {}
    return parts[0] if len(parts) == 1 else {"$and": parts}


def to_sort(sort: tuple[tuple[str, int], ...]) -> list[tuple[str, int]]:
    """MongoDB sorts missing and null first ascending, as the contract (and SQLite) does."""
    return [(field(path), ASCENDING if direction == 1 else DESCENDING) for path, direction in sort]


def count_by_pipeline(path: str, match: Raw) -> list[Raw]:
    """Documents matching ``match``, one per value of ``path`` (elements of arrays), nulls dropped."""
    name = field(path)
    return [
        {"$match": match},
        {"$unwind": f"${name}"},  # a non-array counts as itself; missing, null and [] drop out
        {"$match": {name: {"$ne": None}}},  # null elements of arrays, which $unwind keeps
        {"$group": {"_id": f"${name}", "n": {"$sum": 1}}},
    ]


def _condition(condition: Condition) -> Raw:
    if isinstance(condition, Or):
        return {"$or": [to_filter(branch) for branch in condition.branches]}
    return _compare(condition)


def _compare(c: Compare) -> Raw:
    name = field(c.path)
    if c.op == "$eq":
        return _equals(name, c.value)
    if c.op == "$ne":
        return {"$nor": [_equals(name, c.value)]}
    if c.op == "$in":
        if any(isinstance(v, list) for v in c.value):
            return {"$or": [_equals(name, v) for v in c.value]}
        return {name: {"$in": list(c.value), **_NOT_ARRAY}}
    if c.op in RANGE:
        return {name: {c.op: c.value, **_NOT_ARRAY}}
    if c.op == "$exists":
        return {name: {"$exists": c.value}}
    if c.op == "$contains":
        return {name: {"$elemMatch": {"$eq": c.value}}}
    return {name: {"$regex": re.escape(c.value), "$options": "i", **_NOT_ARRAY}}


def _equals(name: str, value: Any) -> Raw:
    if isinstance(value, list):
        return {name: {"$eq": value}}
    return {name: {"$eq": value, **_NOT_ARRAY}}
