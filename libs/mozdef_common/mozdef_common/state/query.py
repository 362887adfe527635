"""The state store's query language, checked once and shared by every backend (see :mod:`.base`).

Callers hand in plain mappings (``where``) and pairs (``sort``); :func:`parse_where` and
:func:`parse_sort` turn them into small frozen objects or raise ValueError naming the bad key,
operator or value. Backends translate those objects and never look at the caller's input again, so a
path that reaches SQL or a MongoDB filter has always matched :data:`PATH`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
MAX_PATH = 200
OPERATORS = frozenset(
    {"$eq", "$ne", "$in", "$gt", "$gte", "$lt", "$lte", "$exists", "$contains", "$icontains"}
)
RANGE = frozenset({"$gt", "$gte", "$lt", "$lte"})
DEFAULT_SORT: tuple[tuple[str, int], ...] = (("updated", -1),)
_INT64 = (-(2**63), 2**63 - 1)

Where = Mapping[str, Any]
Sort = Sequence[tuple[str, int]]


@dataclass(frozen=True)
class Compare:
    """``path`` ``op`` ``value``: one operator of :data:`OPERATORS` on one field."""

    path: str
    op: str
    value: Any


@dataclass(frozen=True)
class Or:
    """Any of ``branches`` holds; each branch holds when all of its conditions do."""

    branches: tuple[tuple[Condition, ...], ...]


Condition = Compare | Or


def check_path(path: object, what: str = "filter on") -> str:
    """``path`` when it is a dotted path of plain names (and not MongoDB's ``_id``); ValueError if not."""
    if (
        not isinstance(path, str)
        or len(path) > MAX_PATH
        or not PATH.fullmatch(path)
        or path.split(".", 1)[0] == "_id"
    ):
        raise ValueError(
            f"cannot {what} {path!r}: dotted names of letters, digits and '_' only ('_id' is the store's)"
        )
    return path


def parse_where(where: Where | None) -> tuple[Condition, ...]:
    """The conditions that must all hold; ValueError naming the first bad key, operator or value."""
    if where is None:
        return ()
    if not isinstance(where, Mapping):
        raise ValueError(f"a filter is a mapping of paths to values, not {type(where).__name__}")
    conditions: list[Condition] = []
    for key, value in where.items():
        if key == "$or":
            if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence) or not value:
                raise ValueError("'$or' takes a non-empty list of filters")
            conditions.append(Or(tuple(parse_where(branch) for branch in value)))
        elif isinstance(key, str) and key.startswith("$"):
            raise ValueError(f"cannot filter on {key!r}: the only top-level operator is '$or'")
        elif isinstance(value, Mapping):
            path = check_path(key)
            if not value:
                raise ValueError(f"empty operator object for {key!r}")
            conditions.extend(_operator(path, op, operand) for op, operand in value.items())
        else:
            conditions.append(Compare(check_path(key), "$eq", _json(key, value)))
    return tuple(conditions)


def parse_sort(sort: Sort | None) -> tuple[tuple[str, int], ...]:
    """``sort`` checked (``DEFAULT_SORT`` when empty), ending in ``id`` ascending unless it names ``id``."""
    keys: list[tuple[str, int]] = []
    for item in sort or DEFAULT_SORT:
        if isinstance(item, str | bytes) or not isinstance(item, Sequence) or len(item) != 2:
            raise ValueError(f"a sort key is a (path, 1 or -1) pair, not {item!r}")
        path, direction = item
        check_path(path, "sort on")
        if isinstance(direction, bool) or direction not in (1, -1):
            raise ValueError(f"sort direction for {path!r} is 1 or -1, not {direction!r}")
        keys.append((path, int(direction)))
    # The tie-break makes the order total, so paging never skips or repeats a document.
    if all(path != "id" for path, _ in keys):
        keys.append(("id", 1))
    return tuple(keys)


def parse_paths(paths: Sequence[str], what: str) -> tuple[str, ...]:
    """Index or count paths: at least one, each checked, none twice."""
    if not paths:
        raise ValueError(f"{what} needs at least one path")
    checked = tuple(check_path(p, what) for p in paths)
    if len(set(checked)) != len(checked):
        raise ValueError(f"cannot {what} the same path twice: {list(checked)!r}")
    return checked


def count_key(value: Any) -> str:
    """The key :meth:`Collection.count_by` reports ``value`` under: a string as itself, else its JSON."""
    if isinstance(value, str):
        return value
    return orjson.dumps(value).decode()


def kind(value: Any) -> str:
    """The JSON type class a value compares within: null, bool, number, string, array or object."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _operator(path: str, op: object, operand: Any) -> Compare:
    if op not in OPERATORS:
        raise ValueError(f"unknown operator {op!r} on {path!r}: use one of {', '.join(sorted(OPERATORS))}")
    assert isinstance(op, str)
    if op in ("$eq", "$ne"):
        return Compare(path, op, _json(path, operand))
    if op == "$in":
        if isinstance(operand, str | bytes | Mapping) or not isinstance(operand, Sequence):
            raise ValueError(f"'$in' on {path!r} takes a list of values")
        return Compare(path, op, tuple(_json(path, v) for v in operand))
    if op in RANGE:
        if kind(operand) not in ("number", "string"):
            raise ValueError(f"{op!r} on {path!r} compares a string or a number, not {operand!r}")
        return Compare(path, op, _json(path, operand))
    if op == "$exists":
        if not isinstance(operand, bool):
            raise ValueError(f"'$exists' on {path!r} takes true or false")
        return Compare(path, op, operand)
    if op == "$contains":
        if isinstance(operand, Mapping | list | tuple):
            raise ValueError(f"'$contains' on {path!r} takes one scalar value")
        return Compare(path, op, _json(path, operand))
    if not isinstance(operand, str):
        raise ValueError(f"'$icontains' on {path!r} takes a string")
    return Compare(path, op, operand)


def _json(path: str, value: Any) -> Any:
    """``value`` as plain JSON data (tuples become lists), or ValueError naming ``path``."""
    if value is None or isinstance(value, str | bool):
        return value
    if isinstance(value, int):
        if not _INT64[0] <= value <= _INT64[1]:
            raise ValueError(f"{value} for {path!r} does not fit in 64 bits")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} for {path!r} is not a JSON number")
        return value
    if isinstance(value, list | tuple):
        return [_json(path, v) for v in value]
    if isinstance(value, Mapping) and all(isinstance(k, str) for k in value):
        return {k: _json(path, v) for k, v in value.items()}
    raise ValueError(f"{value!r} for {path!r} is not JSON data")
