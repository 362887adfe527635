"""The query AST: one tree for every query, whether parsed from a Lucene string or built in code.

Each event store compiles this tree (tantivy today, OpenSearch next); nothing downstream ever sees
the query text. Nodes are frozen dataclasses, so trees compare by value and can be hashed and cached.

``field`` is the dotted field name (``hostname``, ``details.sourceipaddress``) or ``None`` for the
default field (see :mod:`mozdef_common.query.fields`). Values are kept as the user wrote them, minus
escapes: their meaning (keyword, analyzed text, number, date) is decided by the field at compile
time, so the same tree means the same thing on every store.

Boolean semantics are Lucene's and OpenSearch's ``bool`` query: a document matches a :class:`Bool`
when it matches every ``must``, none of the ``must_not``, and at least ``min_should`` of the
``should`` clauses, where ``min_should`` defaults to 1 if there are ``should`` clauses and no ``must``
clause, else 0. A ``Bool`` holding only ``must_not`` clauses matches every other document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeAlias


@dataclass(frozen=True, slots=True)
class MatchAll:
    """Every document (``*``, ``*:*`` or an empty query)."""


@dataclass(frozen=True, slots=True)
class Term:
    """One value: exact on keywords, analyzed on text, numeric or string on details.*."""

    field: str | None
    value: str


@dataclass(frozen=True, slots=True)
class Phrase:
    """Consecutive words on analyzed text; the exact string on keywords."""

    field: str | None
    value: str


@dataclass(frozen=True, slots=True)
class Wildcard:
    """A Lucene wildcard pattern: ``*`` any run, ``?`` one character, ``\\`` escapes the next one."""

    field: str | None
    pattern: str


@dataclass(frozen=True, slots=True)
class Regex:
    """A regular expression matched against whole terms (anchored, as in Lucene)."""

    field: str | None
    pattern: str


@dataclass(frozen=True, slots=True)
class Range:
    """Values between two bounds; ``None`` is an open end. Bounds stay text until compiled."""

    field: str
    lower: str | None
    upper: str | None
    include_lower: bool = True
    include_upper: bool = True


@dataclass(frozen=True, slots=True)
class Exists:
    """Documents that hold any value for the field (``_exists_:field`` or ``field:*``)."""

    field: str


@dataclass(frozen=True, slots=True)
class Bool:
    """Clauses combined the way Lucene and OpenSearch's ``bool`` query do (see the module docstring)."""

    must: tuple[Node, ...] = ()
    should: tuple[Node, ...] = ()
    must_not: tuple[Node, ...] = ()
    min_should: int | None = None

    @property
    def effective_min_should(self) -> int:
        if self.min_should is not None:
            return self.min_should
        return 1 if self.should and not self.must else 0


Node: TypeAlias = MatchAll | Term | Phrase | Wildcard | Regex | Range | Exists | Bool


# Programmatic helpers, the vocabulary alert writers use (more arrive with the aggregation issue).


def term(field: str, value: str | int | float) -> Term:
    return Term(field, str(value))


def terms(field: str, values: Iterable[str | int | float]) -> Bool:
    """Any of the values."""
    return Bool(should=tuple(Term(field, str(v)) for v in values))


def phrase(field: str, value: str) -> Phrase:
    return Phrase(field, value)


def exists(field: str) -> Exists:
    return Exists(field)


def range_(
    field: str,
    gte: str | int | float | None = None,
    lte: str | int | float | None = None,
    *,
    gt: str | int | float | None = None,
    lt: str | int | float | None = None,
) -> Range:
    lower, include_lower = (gt, False) if gt is not None else (gte, True)
    upper, include_upper = (lt, False) if lt is not None else (lte, True)
    return Range(
        field,
        None if lower is None else str(lower),
        None if upper is None else str(upper),
        include_lower,
        include_upper,
    )


def bool_(
    must: Iterable[Node] = (),
    should: Iterable[Node] = (),
    must_not: Iterable[Node] = (),
    min_should: int | None = None,
) -> Bool:
    return Bool(tuple(must), tuple(should), tuple(must_not), min_should)
