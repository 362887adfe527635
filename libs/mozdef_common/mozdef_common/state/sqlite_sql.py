"""Checked queries (:mod:`.query`) as SQLite SQL over the ``documents`` table.

A field is read with ``json_extract(documents.body, '$.<path>')`` and its JSON type with ``json_type``:
``json_extract`` alone turns ``true`` into 1 and arrays into text, so every comparison also checks the
type, which makes SQLite agree with the type-strict comparisons MongoDB makes. The extraction is written
exactly as :func:`index_sql` writes it, so an index on a path serves filters and sorts on that path.
Paths are spliced into the SQL only after :func:`~.query.check_path`; values are always parameters.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import orjson

from mozdef_common.state.query import Compare, Condition, Or, kind

ICONTAINS = "mozdef_icontains"
# The store's own keys have columns: filters and sorts on them use the table's own indexes.
_COLUMNS = {"id": "'text'", "updated": "'text'", "version": "'integer'"}
_TYPES = {
    "string": "= 'text'",
    "number": "IN ('integer', 'real')",
    "array": "= 'array'",
    "object": "= 'object'",
}
_RANGE = {"$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}


def icontains(haystack: object, needle: object) -> bool:
    """The SQL function behind ``$icontains`` (SQLite's own ``lower`` folds ASCII only)."""
    return isinstance(haystack, str) and isinstance(needle, str) and needle.lower() in haystack.lower()


def value_sql(path: str) -> str:
    """The SQL expression that reads ``path`` (a checked path) from a document."""
    if path in _COLUMNS:
        return f"documents.{path}"
    return f"json_extract(documents.body, '$.{path}')"


def type_sql(path: str) -> str:
    return _COLUMNS.get(path) or f"json_type(documents.body, '$.{path}')"


def index_sql(paths: tuple[str, ...]) -> str:
    """``CREATE INDEX IF NOT EXISTS`` for ``paths``, named by a digest of them (same paths, same name)."""
    readable = "_".join(p.replace(".", "_") for p in paths)[:40]
    digest = hashlib.sha256("\0".join(paths).encode()).hexdigest()[:12]
    columns = ", ".join(["collection", *(value_sql(p).replace("documents.", "") for p in paths)])
    return f"CREATE INDEX IF NOT EXISTS documents_by_{readable}_{digest} ON documents ({columns})"


@dataclass
class Sql:
    """A WHERE clause being built: the text and its parameters, in order."""

    args: list[Any] = field(default_factory=list)

    def where(self, conditions: tuple[Condition, ...]) -> str:
        if not conditions:
            return "1"
        return " AND ".join(self._condition(c) for c in conditions)

    def _condition(self, condition: Condition) -> str:
        if isinstance(condition, Or):
            return "(" + " OR ".join(f"({self.where(branch)})" for branch in condition.branches) + ")"
        return self._compare(condition)

    def _param(self, value: Any) -> str:
        self.args.append(value)
        return "?"

    def _compare(self, c: Compare) -> str:
        v, t = value_sql(c.path), type_sql(c.path)
        if c.op == "$eq":
            return self._equals(c.path, c.value)
        if c.op == "$ne":
            # A missing field makes the equality NULL, and "not equal" must hold for it.
            return f"NOT coalesce({self._equals(c.path, c.value)}, 0)"
        if c.op == "$in":
            return self._any_of(c.path, c.value)
        if c.op in _RANGE:
            return f"({v} {_RANGE[c.op]} {self._param(c.value)} AND {t} {_TYPES[kind(c.value)]})"
        if c.op == "$exists":
            return f"{t} IS {'NOT ' if c.value else ''}NULL"
        if c.op == "$contains":
            each = f"json_each(documents.body, '$.{c.path}')"
            return f"({t} = 'array' AND EXISTS (SELECT 1 FROM {each} AS e WHERE {self._element(c.value)}))"  # noqa: S608
        return f"({t} = 'text' AND {ICONTAINS}({v}, {self._param(c.value)}))"

    def _equals(self, path: str, value: Any) -> str:
        v, t = value_sql(path), type_sql(path)
        what = kind(value)
        if what == "null":  # null and missing are one: an update with None removes the key
            return f"{v} IS NULL"
        if what == "bool":
            return f"({v} = {self._param(int(value))} AND {t} = '{'true' if value else 'false'}')"
        if what in ("array", "object"):
            # Both sides rendered by SQLite from orjson's text, so equal documents compare equal.
            return f"({v} = json({self._param(orjson.dumps(value).decode())}) AND {t} {_TYPES[what]})"
        return f"({v} = {self._param(value)} AND {t} {_TYPES[what]})"

    def _any_of(self, path: str, values: tuple[Any, ...]) -> str:
        v, t = value_sql(path), type_sql(path)
        # Strings and numbers each become one IN list, which an index on the path serves.
        grouped: dict[str, list[Any]] = {"string": [], "number": []}
        parts: list[str] = []
        for value in values:
            if kind(value) in grouped:
                grouped[kind(value)].append(value)
            else:
                parts.append(self._equals(path, value))
        for what, group in grouped.items():
            if group:
                marks = ", ".join(self._param(g) for g in group)
                parts.append(f"({v} IN ({marks}) AND {t} {_TYPES[what]})")
        return "(" + " OR ".join(parts) + ")" if parts else "0"

    def _element(self, value: Any) -> str:
        what = kind(value)
        if what == "null":
            return "e.type = 'null'"
        if what == "bool":
            return f"e.type = '{'true' if value else 'false'}'"
        return f"e.type {_TYPES[what]} AND e.value = {self._param(value)}"


def order_sql(sort: tuple[tuple[str, int], ...]) -> list[tuple[str, str]]:
    """``(expression, ASC|DESC)`` per key; NULL (missing) comes first ascending, last descending."""
    return [(value_sql(path), "ASC" if direction == 1 else "DESC") for path, direction in sort]


def count_by_source(path: str) -> str:
    """A ``json_each`` source yielding the value at ``path`` once, or each element when it is an array."""
    t = f"json_type(documents.body, '$.{path}')"
    # json_each walks an object's members, so an object is wrapped in an array to stay one value.
    return (
        f"json_each(CASE {t} WHEN 'object' THEN json_array(json_extract(documents.body, '$.{path}')) "
        f"ELSE documents.body END, CASE {t} WHEN 'object' THEN '$' ELSE '$.{path}' END)"
    )
