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

import ipaddress
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
    #: Sigma matches strings case-insensitively by default; the Lucene syntax never sets this.
    case_insensitive: bool = False


@dataclass(frozen=True, slots=True)
class Regex:
    """A regular expression matched against whole terms (anchored, as in Lucene)."""

    field: str | None
    pattern: str
    case_insensitive: bool = False


@dataclass(frozen=True, slots=True)
class Range:
    """Values between two bounds; ``None`` is an open end. Bounds stay text until compiled."""

    field: str
    lower: str | None
    upper: str | None
    include_lower: bool = True
    include_upper: bool = True


@dataclass(frozen=True, slots=True)
class Subnet:
    """Addresses inside an IPv4 or IPv6 network, on an address field (``details.sourceipaddress``).

    ``network`` is canonical CIDR text (``10.0.0.0/8``, ``2001:db8::/32``): host bits cleared, IPv6
    compressed and lower case, as :func:`canonical_network` writes it, so equal networks compare equal.
    """

    field: str
    network: str


def canonical_network(text: str) -> str:
    """``text`` as canonical CIDR (``10.1.2.3/8`` -> ``10.0.0.0/8``); ``ValueError`` if it is none."""
    if "/" not in text:
        raise ValueError(f"{text!r} is not a network: write it as address/prefix-length")
    address, _, length = text.partition("/")
    if not length.isdigit() or len(length) > 3:
        raise ValueError(f"{text!r}: the prefix length must be a number")
    # strict=False: analysts write the address they care about with its prefix (10.1.2.3/8).
    return str(ipaddress.ip_network(f"{address}/{int(length)}", strict=False))


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


@dataclass(frozen=True, slots=True)
class FieldRef:
    """Events where a value of ``field`` equals a value of ``other`` (Sigma's ``fieldref`` modifier).

    Only the streaming evaluator (:mod:`mozdef_common.query.evaluate`) runs it: no event store can
    compare two fields of one document cheaply, so their compilers refuse it with a QueryError.
    """

    field: str
    other: str


Node: TypeAlias = MatchAll | Term | Phrase | Wildcard | Regex | Range | Subnet | Exists | Bool | FieldRef
