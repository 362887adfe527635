"""The programmatic helpers build the very tree the parser makes from the equivalent text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from mozdef_common.errors import QueryError, QuerySyntaxError
from mozdef_common.query import build as q
from mozdef_common.query.ast import Node
from mozdef_common.query.parser import parse_query


@pytest.mark.parametrize(
    ("built", "text"),
    [
        (q.match_all(), "*"),
        (q.term("category", "auth"), "category:auth"),
        (q.term("details.port", 22), "details.port:22"),
        (q.term("details.success", False), "details.success:false"),
        (q.terms("category", ["a", "b"]), "category:(a OR b)"),
        (q.terms("category", ["a"]), "category:a"),
        (q.phrase("summary", "failed password"), 'summary:"failed password"'),
        (q.wildcard("hostname", "web*"), "hostname:web*"),
        (q.wildcard("hostname", "*"), "hostname:*"),
        (q.regex("hostname", "web[0-9]+"), "hostname:/web[0-9]+/"),
        (q.exists("details.user"), "_exists_:details.user"),
        (q.subnet("details.sourceipaddress", "10.0.0.0/8"), "details.sourceipaddress:10.0.0.0/8"),
        (q.range_("details.port", gte=1, lt=10), "details.port:[1 TO 10}"),
        (q.range_("details.port", gt=1), "details.port:>1"),
        (q.range_("details.port", lte=5), "details.port:<=5"),
        (q.less_than("details.bytes", 100), "details.bytes:<100"),
        (q.less_than("details.bytes", 100, inclusive=True), "details.bytes:<=100"),
        (q.greater_than("details.bytes", 1.5), "details.bytes:>1.5"),
        (q.greater_than("details.bytes", 1.5, inclusive=True), "details.bytes:>=1.5"),
        (q.bool_(must=[q.term("a", 1)], must_not=[q.term("b", 2)]), "a:1 AND NOT b:2"),
        (q.bool_(must=[q.term("a", 1)], should=[q.term("b", 2)]), "+a:1 b:2"),
        (q.not_(q.term("a", 1)), "NOT a:1"),
        (q.query_string("a:1 OR b:2"), "a:1 OR b:2"),
        (q.last(minutes=15), "utctimestamp:[now-15m TO now]"),
        (q.last(days=1, hours=2), "utctimestamp:[now-1d-2h TO now]"),
        (q.window("now-1h", None), "utctimestamp:[now-1h TO *]"),
    ],
)
def test_helpers_build_the_parsed_tree(built: Node, text: str) -> None:
    assert built == parse_query(text)


def test_window_writes_datetimes_as_utc() -> None:
    start = datetime(2026, 11, 27, 11, 0, tzinfo=timezone(timedelta(hours=1)))
    end = datetime(2026, 11, 27, 12, 30)  # naive: UTC
    assert q.window(start, end) == parse_query(
        'utctimestamp:["2026-11-27T10:00:00Z" TO "2026-11-27T12:30:00Z"]'
    )
    assert q.window(datetime(2026, 1, 1, tzinfo=UTC), None).lower == "2026-01-01T00:00:00Z"


@pytest.mark.parametrize(
    "call",
    [
        lambda: q.terms("category", []),
        lambda: q.range_("x", gte=1, gt=2),
        lambda: q.last(),
        lambda: q.last(minutes=-1),
        lambda: q.subnet("hostname", "10.0.0.0/8"),
        lambda: q.subnet("details.srcip", "nope"),
    ],
)
def test_helpers_refuse_nonsense(call: object) -> None:
    assert callable(call)
    with pytest.raises(QueryError):
        call()


def test_query_string_reports_syntax_errors() -> None:
    with pytest.raises(QuerySyntaxError):
        q.query_string("a AND")
