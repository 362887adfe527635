"""The query AST built in code: the helpers alert writers use instead of query strings.

Every helper returns the tree :func:`~mozdef_common.query.parser.parse_query` makes from the
equivalent Lucene text, so a rule may be written either way and compiles the same on every store::

    bool_(must=[term("category", "authentication"), subnet("details.sourceipaddress", "10.0.0.0/8")],
          must_not=[term("details.success", True)])
    == parse_query("+category:authentication +details.sourceipaddress:10.0.0.0/8 -details.success:true")

Values may be given as ``str``, ``int``, ``float`` or ``bool`` and are kept as text (``True`` ->
``"true"``), like the parser keeps them: their meaning comes from the field at compile time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TypeAlias

from mozdef_common.errors import QueryError
from mozdef_common.query.ast import (
    Bool,
    Exists,
    MatchAll,
    Node,
    Phrase,
    Range,
    Regex,
    Subnet,
    Term,
    Wildcard,
    canonical_network,
)
from mozdef_common.query.fields import is_address_field
from mozdef_common.query.parser import parse_query

Value: TypeAlias = str | int | float | bool
TimePoint: TypeAlias = str | datetime

#: The field of :func:`last` and :func:`window`.
TIME_FIELD = "utctimestamp"


def text_of(value: Value) -> str:
    """How a value is written in a query: booleans in lower case, like JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def match_all() -> MatchAll:
    return MatchAll()


def term(field: str, value: Value) -> Term:
    """``field:value``."""
    return Term(field, text_of(value))


def terms(field: str, values: Iterable[Value]) -> Node:
    """Any of the values: ``field:(a OR b)``; one value is a plain term."""
    nodes = tuple(term(field, v) for v in values)
    if not nodes:
        raise QueryError(f"terms on {field!r}: give at least one value")
    return nodes[0] if len(nodes) == 1 else Bool(should=nodes)


def phrase(field: str, value: Value) -> Phrase:
    """``field:"value"``."""
    return Phrase(field, text_of(value))


def wildcard(field: str, pattern: str) -> Node:
    """``field:pattern`` with live ``*`` and ``?`` (``\\`` escapes); ``*`` alone is :func:`exists`."""
    return Exists(field) if pattern == "*" else Wildcard(field, pattern)


def regex(field: str, pattern: str) -> Regex:
    """``field:/pattern/``, anchored to the whole value."""
    return Regex(field, pattern)


def exists(field: str) -> Exists:
    """``_exists_:field``."""
    return Exists(field)


def subnet(field: str, network: str) -> Subnet:
    """``field:network`` on an address field (``details.sourceipaddress``), IPv4 or IPv6 CIDR."""
    if not is_address_field(field):
        raise QueryError(f"subnet: {field!r} is not an address field, like details.sourceipaddress")
    try:
        return Subnet(field, canonical_network(network))
    except ValueError as exc:
        raise QueryError(f"subnet on {field}: {exc}") from None


def range_(
    field: str,
    gte: Value | None = None,
    lte: Value | None = None,
    *,
    gt: Value | None = None,
    lt: Value | None = None,
) -> Range:
    """``field:[gte TO lte]``, ``{gt TO lt}`` or a mix; an omitted side is open (``*``)."""
    if (gt is not None and gte is not None) or (lt is not None and lte is not None):
        raise QueryError("range: give gte or gt, and lte or lt, not both")
    lower, include_lower = (gt, False) if gt is not None else (gte, True)
    upper, include_upper = (lt, False) if lt is not None else (lte, True)
    return Range(
        field,
        None if lower is None else text_of(lower),
        None if upper is None else text_of(upper),
        include_lower,
        include_upper,
    )


def less_than(field: str, value: Value, *, inclusive: bool = False) -> Range:
    """``field:<value`` (``<=`` when inclusive)."""
    return Range(field, None, text_of(value), include_upper=inclusive)


def greater_than(field: str, value: Value, *, inclusive: bool = False) -> Range:
    """``field:>value`` (``>=`` when inclusive)."""
    return Range(field, text_of(value), None, include_lower=inclusive)


def bool_(
    must: Iterable[Node] = (),
    should: Iterable[Node] = (),
    must_not: Iterable[Node] = (),
    min_should: int | None = None,
) -> Bool:
    """Lucene's boolean query; ``min_should`` defaults as in :class:`~mozdef_common.query.ast.Bool`."""
    return Bool(tuple(must), tuple(should), tuple(must_not), min_should)


def not_(node: Node) -> Bool:
    """``NOT node``."""
    return Bool(must_not=(node,))


def query_string(text: str) -> Node:
    """A Lucene query string, parsed (:class:`~mozdef_common.errors.QuerySyntaxError` if it does not)."""
    return parse_query(text)


def last(*, weeks: int = 0, days: int = 0, hours: int = 0, minutes: int = 0, seconds: int = 0) -> Range:
    """Events of the last period on utctimestamp: ``utctimestamp:[now-15m TO now]`` for minutes=15.

    ``now`` is read when the query is compiled, so a rule built once covers a fresh window each run.
    """
    steps = [(weeks, "w"), (days, "d"), (hours, "h"), (minutes, "m"), (seconds, "s")]
    if any(n < 0 for n, _ in steps) or not any(n for n, _ in steps):
        raise QueryError("last: give a positive period, like last(minutes=15)")
    return Range(TIME_FIELD, "now" + "".join(f"-{n}{unit}" for n, unit in steps if n), "now")


def window(start: TimePoint | None, end: TimePoint | None) -> Range:
    """Events from ``start`` to ``end`` inclusive on utctimestamp; ``None`` leaves a side open.

    A datetime is written as ISO-8601 UTC (naive means UTC); text is kept (``now-1h``, ISO-8601).
    """
    return Range(TIME_FIELD, _time_text(start), _time_text(end))


def _time_text(point: TimePoint | None) -> str | None:
    if point is None or isinstance(point, str):
        return point
    aware = point if point.tzinfo is not None else point.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")
