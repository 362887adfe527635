from __future__ import annotations

import pytest

from mozdef_common.errors import QuerySyntaxError
from mozdef_common.query.ast import (
    Bool,
    Exists,
    MatchAll,
    Node,
    Phrase,
    Range,
    Regex,
    Term,
    Wildcard,
)
from mozdef_common.query.build import bool_, range_, term, terms
from mozdef_common.query.parser import MAX_DEPTH, MAX_QUERY_LENGTH, parse_query


def t(value: str, field: str | None = None) -> Term:
    return Term(field, value)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", MatchAll()),
        ("   ", MatchAll()),
        ("*", MatchAll()),
        ("*:*", MatchAll()),
        ("failed", t("failed")),
        ("hostname:web1", t("web1", "hostname")),
        ("details.sourceipaddress:1.2.3.4", t("1.2.3.4", "details.sourceipaddress")),
        ('"failed password"', Phrase(None, "failed password")),
        ('summary:"failed password"', Phrase("summary", "failed password")),
        ("hostname:web*", Wildcard("hostname", "web*")),
        ("hostname:w?b1", Wildcard("hostname", "w?b1")),
        ("fail*", Wildcard(None, "fail*")),
        ("hostname:*", Exists("hostname")),
        ("_exists_:details.username", Exists("details.username")),
        ("hostname:/web[0-9]+/", Regex("hostname", "web[0-9]+")),
        ("/fail.*/", Regex(None, "fail.*")),
        (r"eventsource:/\/var\/log\/.*/", Regex("eventsource", "/var/log/.*")),
        (r"hostname:/a\.b/", Regex("hostname", r"a\.b")),
        ("details.port:[1 TO 1024]", Range("details.port", "1", "1024", True, True)),
        ("details.port:{1 TO 1024}", Range("details.port", "1", "1024", False, False)),
        ("details.port:[1 TO 1024}", Range("details.port", "1", "1024", True, False)),
        ("details.port:[* TO 5]", Range("details.port", None, "5")),
        ("details.port:[5 TO *]", Range("details.port", "5", None)),
        ("utctimestamp:[now-15m TO now]", Range("utctimestamp", "now-15m", "now")),
        (
            'utctimestamp:["2026-11-27T10:00:00Z" TO 2026-11-28T00:00:00+01:00]',
            Range("utctimestamp", "2026-11-27T10:00:00Z", "2026-11-28T00:00:00+01:00"),
        ),
        ("details.port:>=22", Range("details.port", "22", None, True, True)),
        ("details.port:>22", Range("details.port", "22", None, False, True)),
        ("details.port:<=22", Range("details.port", None, "22", True, True)),
        ("details.port:<22", Range("details.port", None, "22", True, False)),
        ("details.ip:fe80::1", t("fe80::1", "details.ip")),
        ("details.net:10.0.0.0/8", t("10.0.0.0/8", "details.net")),
        ("utctimestamp:2026-11-27T10:00:00Z", t("2026-11-27T10:00:00Z", "utctimestamp")),
        ("category:AND", t("AND", "category")),
        ("foo-bar", t("foo-bar")),
        ("a+b", t("a+b")),
        ("details.delta:-5", t("-5", "details.delta")),
    ],
)
def test_forms(query: str, expected: Node) -> None:
    assert parse_query(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (r"hostname:web\*1", t("web*1", "hostname")),
        (r"a\:b", t("a:b")),
        (r"\(x\)", t("(x)")),
        (r"\AND", t("AND")),
        (r"summary:a\ b", t("a b", "summary")),
        (r'"say \"hi\""', Phrase(None, 'say "hi"')),
        (r"h:web\*x*", Wildcard("h", r"web\*x*")),
        (r"h:a\\b*", Wildcard("h", r"a\\b*")),
        (r"a\^2", t("a^2")),
        (r"\-a", t("-a")),
    ],
)
def test_escaping(query: str, expected: Node) -> None:
    assert parse_query(query) == expected


A, B, C, D = t("a"), t("b"), t("c"), t("d")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Juxtaposition is OR (Lucene's and Kibana's default operator).
        ("a b", Bool(should=(A, B))),
        ("a OR b OR c", Bool(should=(A, B, C))),
        ("a || b", Bool(should=(A, B))),
        ("a AND b AND c", Bool(must=(A, B, C))),
        ("a && b", Bool(must=(A, B))),
        # AND binds tighter than OR; NOT tighter than AND.
        ("a OR b AND c", Bool(should=(A, Bool(must=(B, C))))),
        ("a AND b OR c AND d", Bool(should=(Bool(must=(A, B)), Bool(must=(C, D))))),
        ("a b AND c", Bool(should=(A, Bool(must=(B, C))))),
        ("NOT a AND b", Bool(must=(B,), must_not=(A,))),
        ("a AND NOT b", Bool(must=(A,), must_not=(B,))),
        ("a AND !b", Bool(must=(A,), must_not=(B,))),
        ("a AND -b", Bool(must=(A,), must_not=(B,))),
        ("NOT a", Bool(must_not=(A,))),
        ("!a", Bool(must_not=(A,))),
        ("-a", Bool(must_not=(A,))),
        ("+a", A),
        ("NOT NOT a", Bool(must_not=(Bool(must_not=(A,)),))),
        ("+a -b c", Bool(must=(A,), should=(C,), must_not=(B,))),
        ("a NOT b", Bool(should=(A,), must_not=(B,))),
        ("(a OR b) AND c", Bool(must=(Bool(should=(A, B)), C))),
        ("((a))", A),
        ("(a b) (c)", Bool(should=(Bool(should=(A, B)), C))),
        ("a AND (b OR NOT c)", Bool(must=(A, Bool(should=(B,), must_not=(C,))))),
        ("NOTE", t("NOTE")),
        ("and or not", Bool(should=(t("and"), t("or"), t("not")))),
        ("NOT(a)", Bool(must_not=(A,))),
    ],
)
def test_boolean_precedence(query: str, expected: Node) -> None:
    assert parse_query(query) == expected


def test_field_groups_give_the_field_to_bare_values() -> None:
    assert parse_query('category:(auth OR "ssh login" OR fw*)') == Bool(
        should=(t("auth", "category"), Phrase("category", "ssh login"), Wildcard("category", "fw*"))
    )
    assert parse_query("hostname:(a AND NOT b)") == Bool(
        must=(t("a", "hostname"),), must_not=(t("b", "hostname"),)
    )
    assert parse_query("details.ip:(::1 OR 10.0.0.1)") == Bool(
        should=(t("::1", "details.ip"), t("10.0.0.1", "details.ip"))
    )


def test_mixed_query() -> None:
    query = 'category:authentication AND details.success:false AND NOT hostname:"bastion 1" OR _exists_:x'
    assert parse_query(query) == Bool(
        should=(
            Bool(
                must=(t("authentication", "category"), t("false", "details.success")),
                must_not=(Phrase("hostname", "bastion 1"),),
            ),
            Exists("x"),
        )
    )


@pytest.mark.parametrize(
    ("query", "position", "reason"),
    [
        ("a AND", 2, "AND needs a query on its right"),
        ("a AND ", 2, "AND needs a query on its right"),
        ("a OR", 2, "OR needs a query on its right"),
        ("AND a", 0, "AND needs a query on its left"),
        ("a AND OR b", 6, "OR needs a query on its left"),
        ("NOT", 0, "NOT needs a query on its right"),
        ("(a OR b", 0, "'(' is never closed"),
        ("x AND (a OR (b)", 6, "'(' is never closed"),
        ("a)", 1, "unbalanced ')'"),
        (")", 0, "unbalanced ')'"),
        ("()", 0, "empty group"),
        ('summary:"failed pass', 8, "never closed"),
        ("h:/abc", 2, "never closed"),
        ("x:[1 TO", 2, "range is never closed"),
        ("x:[1 TO 5", 2, "range is never closed"),
        ("x:[1", 2, "range is never closed"),
        ("x:[1 5]", 5, "expected 'TO'"),
        ("x:[1 TO 5 6]", 10, "expected ']' or '}'"),
        ("x:[ TO 5]", 4, "missing range bound before 'TO'"),
        ("x:[1 TO a*]", 8, "wildcards are not allowed"),
        (":x", 0, "empty field name"),
        ("a:", 2, "missing value after 'a:'"),
        ("a: b", 2, "missing value after 'a:'"),
        ("(a:)", 3, "missing value after 'a:'"),
        ("x:>", 3, "missing value"),
        ("a^2", 1, "not supported"),
        ("a~", 1, "not supported"),
        ("a\\", 1, "escapes nothing"),
        ("[1 TO 2]", 0, "a range needs a field"),
        ("- a", 0, "must be followed directly"),
        ("&& a", 0, "'&&' needs a query on its left"),
        ("x:]", 2, "outside a range"),
        ("web*:x", 0, "wildcards in field names"),
        ("_exists_:*", 9, "_exists_ needs a field name"),
    ],
)
def test_errors_have_positions(query: str, position: int, reason: str) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        parse_query(query)
    assert reason in info.value.reason
    assert info.value.position == position
    assert info.value.query == query
    assert f"at position {position}" in str(info.value)


def test_length_is_bounded() -> None:
    parse_query("a" * MAX_QUERY_LENGTH)
    with pytest.raises(QuerySyntaxError) as info:
        parse_query("a" * (MAX_QUERY_LENGTH + 1))
    assert info.value.position == MAX_QUERY_LENGTH
    assert "longer than" in info.value.reason


def test_nesting_is_bounded() -> None:
    ok = "(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH
    assert parse_query(ok) == A
    with pytest.raises(QuerySyntaxError) as info:
        parse_query("(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1))
    assert info.value.position == MAX_DEPTH
    assert "nested deeper" in info.value.reason
    with pytest.raises(QuerySyntaxError, match="nested deeper"):
        parse_query("NOT " * (MAX_DEPTH + 1) + "a")


def test_deep_input_never_overflows_the_stack() -> None:
    with pytest.raises(QuerySyntaxError):
        parse_query("(" * 5000)
    with pytest.raises(QuerySyntaxError):
        parse_query("!" * 5000 + "a")


def test_helpers_build_the_same_tree_as_the_parser() -> None:
    assert term("category", "auth") == parse_query("category:auth")
    assert terms("category", ["a", "b"]) == parse_query("category:(a OR b)")
    assert range_("details.port", gte=1, lt=10) == parse_query("details.port:[1 TO 10}")
    assert bool_(must=[term("a", 1)], must_not=[term("b", 2)]) == parse_query("a:1 AND NOT b:2")


def test_bool_min_should_defaults() -> None:
    assert Bool(should=(A,)).effective_min_should == 1
    assert Bool(must=(A,), should=(B,)).effective_min_should == 0
    assert Bool(should=(A, B), min_should=2).effective_min_should == 2
