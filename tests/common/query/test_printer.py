"""AST -> query string -> AST: random trees print to text that parses back to the same tree."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mozdef_common.errors import QueryError
from mozdef_common.query.ast import Bool, Exists, MatchAll, Node, Phrase, Range, Regex, Subnet, Term, Wildcard
from mozdef_common.query.fields import DATE_FIELDS, KEYWORD_FIELDS, TEXT_FIELDS
from mozdef_common.query.parser import parse_query
from mozdef_common.query.printer import normalize, to_query_string

FIELDS = [*KEYWORD_FIELDS, *TEXT_FIELDS, *DATE_FIELDS, "details.user", "details.a.b", "details.x-y@z"]
ADDRESS_FIELDS = ["details.sourceipaddress", "details.srcip", "details.client_ip"]
# Every character the syntax gives a meaning to, plus spaces, unicode and the keywords' letters.
SPECIAL = ' \t\\+-!():^[]"{}~*?/|&<>=.@#,;é漢ANDORTNOT'
values = st.text(
    st.sampled_from(SPECIAL) | st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Z")), max_size=12
)
fields = st.sampled_from(FIELDS + ADDRESS_FIELDS)
optional_fields = st.none() | fields


@st.composite
def wildcards(draw: st.DrawFn) -> Wildcard:
    parts = draw(st.lists(st.sampled_from(["*", "?"]) | values.filter(bool), min_size=1, max_size=4))
    if not any(p in ("*", "?") for p in parts):
        parts.append("*")
    pattern = "".join(
        p if p in ("*", "?") else "".join("\\" + c if c in "*?\\" else c for c in p) for p in parts
    )
    return Wildcard(draw(optional_fields), pattern)


regexes = st.builds(
    Regex,
    optional_fields,
    st.from_regex(r"[a-z0-9.*+?|()\[\]/ ]{0,10}", fullmatch=True).filter(lambda p: not p.endswith("\\")),
)
bounds = st.none() | values
networks = st.sampled_from(
    ["10.0.0.0/8", "192.168.1.0/24", "0.0.0.0/0", "2001:db8::/32", "::/0", "fe80::/10"]
)
leaves = st.one_of(
    st.builds(Term, optional_fields, values),
    st.builds(Phrase, optional_fields, values),
    wildcards(),
    regexes,
    st.builds(Range, fields, bounds, bounds, st.booleans(), st.booleans()),
    st.builds(Exists, fields),
    st.builds(Subnet, st.sampled_from(ADDRESS_FIELDS), networks),
    st.just(MatchAll()),
)


def _bools(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    clause_lists = st.lists(children, max_size=3).map(tuple)
    return st.builds(Bool, clause_lists, clause_lists, clause_lists)


trees = st.recursive(leaves, _bools, max_leaves=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees)
def test_printed_trees_parse_back(node: Node) -> None:
    text = to_query_string(node)
    assert parse_query(text) == normalize(node), text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees)
def test_normalize_is_idempotent_and_printing_stable(node: Node) -> None:
    once = normalize(node)
    assert normalize(once) == once
    assert to_query_string(parse_query(to_query_string(node))) == to_query_string(node)


@pytest.mark.parametrize(
    ("node", "text"),
    [
        (MatchAll(), "*"),
        (Term("hostname", "web1"), "hostname:web1"),
        (Term("hostname", "a b"), "hostname:a\\ b"),
        (Term(None, "AND"), "\\AND"),
        (Term(None, "a:b"), "a\\:b"),
        (Term("details.ip", "fe80::1"), "details.ip:fe80::1"),
        (Term("details.sourceipaddress", "10.0.0.0/8"), "details.sourceipaddress:10.0.0.0\\/8"),
        (Term("details.path", "-C:\\x*"), "details.path:\\-C:\\\\x\\*"),
        (Phrase("summary", 'say "hi"'), 'summary:"say \\"hi\\""'),
        (Wildcard("hostname", "web*"), "hostname:web*"),
        (Regex("details.path", "/var/.*"), "details.path:/\\/var\\/.*/"),
        (Range("details.port", "1", "1024"), "details.port:[1 TO 1024]"),
        (Range("utctimestamp", "now-15m", None, True, False), "utctimestamp:[now-15m TO *}"),
        (Range("hostname", "a b", "TO", False, True), 'hostname:{"a b" TO "TO"]'),
        (Exists("details.user"), "_exists_:details.user"),
        (Subnet("details.sourceipaddress", "10.0.0.0/8"), "details.sourceipaddress:10.0.0.0/8"),
        (
            Bool(must=(Term("a", "1"),), should=(Term("b", "2"), Term("c", "3")), must_not=(Term("d", "4"),)),
            "+a:1 b:2 c:3 -d:4",
        ),
        (Bool(must=(Bool(should=(Term("a", "1"), Term("b", "2"))),)), "a:1 b:2"),
        (Bool(must=(Bool(should=(Term("a", "1"), Term("b", "2"))), Term("c", "3"))), "+(a:1 b:2) +c:3"),
        (Bool(must_not=(Term("a", "1"),)), "-a:1"),
    ],
)
def test_printed_text(node: Node, text: str) -> None:
    assert to_query_string(node) == text
    assert parse_query(text) == normalize(node)


@pytest.mark.parametrize(
    ("node", "normal"),
    [
        (Bool(should=(Term("a", "1"),)), Term("a", "1")),
        (Bool(), MatchAll()),
        (
            Bool(should=(Term("a", "1"), Term("b", "2")), min_should=1),
            Bool(should=(Term("a", "1"), Term("b", "2"))),
        ),
        (Wildcard("h", "abc"), Term("h", "abc")),
        (Wildcard("h", "a\\bc\\*"), Term("h", "abc*")),
        (Wildcard("h", "*"), Exists("h")),
        (Wildcard(None, "*"), MatchAll()),
        (Term("h", ""), Phrase("h", "")),
        (Regex("h", "a\\/b"), Regex("h", "a/b")),
    ],
)
def test_normalize(node: Node, normal: Node) -> None:
    assert normalize(node) == normal


@pytest.mark.parametrize(
    "node",
    [
        Bool(should=(Term("a", "1"), Term("b", "2")), min_should=2),
        Term("_exists_", "x"),
        Exists("*"),
        Regex("h", "a\\"),
    ],
)
def test_unprintable_trees_are_refused(node: Node) -> None:
    with pytest.raises(QueryError):
        to_query_string(node)
