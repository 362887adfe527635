"""Dispatch keys, the rule set, and the property that grouping never changes an answer."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mozdef_common.query.ast import Bool, Exists, FieldRef, Node, Regex, Term, Wildcard
from mozdef_common.query.dispatch import dispatch_keys, event_keys, key_sets
from mozdef_common.query.evaluate import compile_predicate
from mozdef_common.query.parser import parse_query
from mozdef_common.query.ruleset import compile_rule_set


def test_dispatch_keys_of_required_terms() -> None:
    node = parse_query("category:windows AND details.eventid:4688 AND details.image:*cmd.exe")
    assert dispatch_keys(node) == frozenset({("category", "windows"), ("details.eventid", "4688")})


def test_no_dispatch_keys() -> None:
    assert dispatch_keys(parse_query("summary:failed")) is None
    assert dispatch_keys(parse_query("NOT category:windows")) is None
    assert dispatch_keys(parse_query("category:a OR hostname:b")) is None
    assert dispatch_keys(parse_query("details.when:2026-11-20T10\\:00\\:00Z")) is None
    assert dispatch_keys(Wildcard("category", "windows", case_insensitive=True)) is None
    assert dispatch_keys(parse_query("details.x:1e3")) is None  # "1e3" or the number 1000


def test_alternatives_and_wildcard_equality() -> None:
    assert key_sets(parse_query("category:(a OR b)")) == [frozenset({("category", "a"), ("category", "b")})]
    assert dispatch_keys(Wildcard("details.eventid", "1")) == frozenset({("details.eventid", "1")})
    assert key_sets(parse_query("details.ok:true")) == [frozenset({("details.ok", "true")})]


def test_event_keys_read_numbers_alike() -> None:
    event = {"category": "c", "tags": ["a", "b"], "details": {"n": 22.0, "s": "22", "b": False}}
    assert event_keys(event, "details.n") == ["22"]
    assert event_keys(event, "details.s") == ["22"]
    assert event_keys(event, "details.b") == ["false"]
    assert event_keys(event, "tags") == ["a", "b"]
    assert event_keys({"details": 3}, "details.n") == []


def test_rule_set_matches_in_rule_order_and_isolates_failures() -> None:
    rules: list[tuple[str, Node]] = [
        ("r-keyed", parse_query("category:windows AND details.image:*cmd.exe")),
        ("r-always", parse_query("hostname:ws*")),
        ("r-two-buckets", parse_query("tags:(a OR b)")),
        ("r-bad", Term("nosuchfield", "x")),
        ("r-ref", FieldRef("hostname", "details.image")),
    ]
    rule_set = compile_rule_set(rules)
    assert list(rule_set.refused) == ["r-bad"]
    event = {"category": "windows", "hostname": "ws1", "tags": ["a", "b"], "details": {"image": "x\\cmd.exe"}}
    assert rule_set.match(event) == ["r-keyed", "r-always", "r-two-buckets"]
    assert rule_set.match({"category": "linux"}) == []


def test_a_failing_rule_counts_and_others_still_match() -> None:
    def broken_clock() -> Any:
        raise RuntimeError("no clock")

    rules: list[tuple[str, Node]] = [
        ("r-ok", parse_query("hostname:ws*")),
        ("r-now", parse_query("utctimestamp:>now-1h")),
        ("r-ok-keyed", parse_query("category:windows")),
    ]
    rule_set = compile_rule_set(rules, clock=broken_clock)
    event = {"hostname": "ws1", "category": "windows", "utctimestamp": "2026-11-27T10:00:00Z"}
    assert rule_set.match(event) == ["r-ok", "r-ok-keyed"]
    assert rule_set.match(event) == ["r-ok", "r-ok-keyed"]
    assert rule_set.errors == {"r-now": 2}


FIELDS = ("category", "tags", "details.a", "details.n", "details.o.p")
VALUES = ("x", "X", "y", "1", "1.0", "true", "")
value_of = st.sampled_from(VALUES)
leaf_nodes = st.one_of(
    st.builds(Term, st.sampled_from(FIELDS), value_of),
    st.builds(
        Wildcard, st.sampled_from(FIELDS), st.sampled_from(("x*", "*y", "*X*", "x", "?")), st.booleans()
    ),
    st.builds(Regex, st.sampled_from(FIELDS), st.sampled_from(("x|y", "[0-9]+")), st.booleans()),
    st.builds(Exists, st.sampled_from(FIELDS)),
    st.builds(FieldRef, st.sampled_from(FIELDS), st.sampled_from(FIELDS)),
)
nodes = st.recursive(
    leaf_nodes,
    lambda inner: st.builds(
        Bool,
        st.lists(inner, max_size=2).map(tuple),
        st.lists(inner, max_size=3).map(tuple),
        st.lists(inner, max_size=2).map(tuple),
        st.one_of(st.none(), st.integers(0, 2)),
    ),
    max_leaves=6,
)
scalars = st.one_of(value_of, st.integers(0, 2), st.just(1.0), st.booleans(), st.none())
events = st.fixed_dictionaries(
    {
        "category": value_of,
        "tags": st.lists(value_of, max_size=2),
        "details": st.fixed_dictionaries(
            {},
            optional={
                "a": st.one_of(scalars, st.lists(scalars, max_size=2)),
                "n": scalars,
                "o": st.fixed_dictionaries({}, optional={"p": scalars}),
                "o.p": scalars,
            },
        ),
    }
)


@settings(max_examples=150, deadline=None)
@given(st.lists(nodes, min_size=1, max_size=8), st.lists(events, min_size=1, max_size=5))
def test_rule_set_answers_like_each_predicate(rules: list[Node], sample: list[dict[str, Any]]) -> None:
    named = [(f"r{n}", node) for n, node in enumerate(rules)]
    rule_set = compile_rule_set(named)
    predicates = [(rule_id, compile_predicate(node)) for rule_id, node in named]
    for event in sample:
        assert rule_set.match(event) == [rule_id for rule_id, match in predicates if match(event)]
    assert not rule_set.errors
