"""Golden DSL for every construct: the exact dict the OpenSearch store sends."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from mozdef_common.errors import QueryError
from mozdef_common.query.ast import Bool, Term
from mozdef_common.query.fields import is_address_key
from mozdef_common.query.opensearch_compile import ADDRESS_KEY_REGEX, compile_query
from mozdef_common.query.parser import parse_query
from mozdef_common.query.printer import to_query_string

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def dsl(query: str) -> dict[str, Any]:
    return compile_query(parse_query(query), now=NOW)


def default_field(value: str) -> dict[str, Any]:
    keywords = ["hostname", "category", "source", "processname", "tags"]
    return {
        "bool": {
            "should": [{"match_phrase": {"summary": {"query": value}}}]
            + [{"term": {k: value}} for k in keywords],
            "minimum_should_match": 1,
        }
    }


def any_of(*clauses: dict[str, Any]) -> dict[str, Any]:
    return {"bool": {"should": list(clauses), "minimum_should_match": 1}}


A = {"term": {"hostname": "a"}}
B = {"term": {"hostname": "b"}}
C = {"term": {"hostname": "c"}}
ALL: dict[str, Any] = {"match_all": {}}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("*", ALL),
        ("*:*", ALL),
        ("", ALL),
        # keywords, text, default field
        ("hostname:web1", {"term": {"hostname": "web1"}}),
        ('hostname:"web 1"', {"term": {"hostname": "web 1"}}),
        ("tags:auth", {"term": {"tags": "auth"}}),
        ("summary:Failed", {"match_phrase": {"summary": {"query": "Failed"}}}),
        ('summary:"failed password"', {"match_phrase": {"summary": {"query": "failed password"}}}),
        ("failed", default_field("failed")),
        ('"failed password"', default_field("failed password")),
        # dates: absolute instants with the compile-time now
        (
            "utctimestamp:2026-11-27T10:00:00Z",
            {
                "range": {
                    "utctimestamp": {
                        "gte": "2026-11-27T10:00:00.000000Z",
                        "lte": "2026-11-27T10:00:00.000000Z",
                    }
                }
            },
        ),
        (
            "timestamp:2026-11-27",
            {
                "range": {
                    "timestamp": {"gte": "2026-11-27T00:00:00.000000Z", "lt": "2026-11-28T00:00:00.000000Z"}
                }
            },
        ),
        (
            "utctimestamp:[now-15m TO now]",
            {
                "range": {
                    "utctimestamp": {
                        "gte": "2026-11-27T09:45:00.000000Z",
                        "lte": "2026-11-27T10:00:00.000000Z",
                    }
                }
            },
        ),
        ("utctimestamp:>now/d", {"range": {"utctimestamp": {"gt": "2026-11-27T00:00:00.000000Z"}}}),
        (
            "receivedtimestamp:{2026-11-27T10:00:00+01:00 TO *]",
            {"range": {"receivedtimestamp": {"gt": "2026-11-27T09:00:00.000000Z"}}},
        ),
        ("utctimestamp:[* TO *]", {"exists": {"field": "utctimestamp"}}),
        # details: strings, numbers, booleans, dates
        ("details.user:alice", {"term": {"details.user": "alice"}}),
        ("details.port:22", any_of({"term": {"details.port": "22"}}, {"term": {"details.port.num": 22}})),
        ('details.port:"22"', any_of({"term": {"details.port": "22"}}, {"term": {"details.port.num": 22}})),
        (
            "details.bytes:1.5",
            any_of({"term": {"details.bytes": "1.5"}}, {"term": {"details.bytes.num": 1.5}}),
        ),
        (
            "details.status:200.0",
            any_of({"term": {"details.status": "200.0"}}, {"term": {"details.status.num": 200}}),
        ),
        ("details.success:true", {"term": {"details.success": "true"}}),
        (
            "details.when:2026-11-27T09:00:00Z",
            any_of(
                {"term": {"details.when": "2026-11-27T09:00:00Z"}},
                {
                    "range": {
                        "details.when.date": {
                            "gte": "2026-11-27T09:00:00.000000Z",
                            "lte": "2026-11-27T09:00:00.000000Z",
                        }
                    }
                },
            ),
        ),
        # wildcards and regexes
        ("hostname:Web*", {"wildcard": {"hostname": {"value": "Web*"}}}),
        ("hostname:w?b\\*1*", {"wildcard": {"hostname": {"value": "w?b\\*1*"}}}),
        ("summary:Fail*", {"wildcard": {"summary": {"value": "fail*"}}}),
        ("details.url:https\\://x*", {"wildcard": {"details.url": {"value": "https://x*"}}}),
        (
            "web*",
            any_of(
                {"wildcard": {"summary": {"value": "web*"}}},
                *(
                    {"wildcard": {k: {"value": "web*"}}}
                    for k in ["hostname", "category", "source", "processname", "tags"]
                ),
            ),
        ),
        ("hostname:/web[0-9]+/", {"regexp": {"hostname": {"value": "web[0-9]+", "flags": "NONE"}}}),
        ("summary:/Fail.*/", {"regexp": {"summary": {"value": "Fail.*", "flags": "NONE"}}}),
        ("details.path:/\\/var\\/.*/", {"regexp": {"details.path": {"value": "/var/.*", "flags": "NONE"}}}),
        # ranges
        ("details.port:[1 TO 1024]", {"range": {"details.port.num": {"gte": 1, "lte": 1024}}}),
        ("details.port:{1 TO 1e3}", {"range": {"details.port.num": {"gt": 1, "lt": 1000}}}),
        ("details.bytes:>=1.5", {"range": {"details.bytes.num": {"gte": 1.5}}}),
        ("details.bytes:<10", {"range": {"details.bytes.num": {"lt": 10}}}),
        (
            "details.when:[2026-11-27T00:00:00Z TO now]",
            {
                "range": {
                    "details.when.date": {
                        "gte": "2026-11-27T00:00:00.000000Z",
                        "lte": "2026-11-27T10:00:00.000000Z",
                    }
                }
            },
        ),
        ("hostname:[bastion1 TO bastion3}", {"range": {"hostname": {"gte": "bastion1", "lt": "bastion3"}}}),
        ("processid:[1 TO 1e2]", {"range": {"processid": {"gte": "1", "lte": "100"}}}),
        ("hostname:[* TO *]", {"exists": {"field": "hostname"}}),
        # networks and existence
        ("details.sourceipaddress:10.0.0.0/8", {"term": {"details.sourceipaddress.ip": "10.0.0.0/8"}}),
        ("details.srcip:2001:DB8::/32", {"term": {"details.srcip.ip": "2001:db8::/32"}}),
        ("details.sourceipaddress:10.0.0.1", {"term": {"details.sourceipaddress": "10.0.0.1"}}),
        ("_exists_:details.user", {"exists": {"field": "details.user"}}),
        ("hostname:*", {"exists": {"field": "hostname"}}),
        ("_exists_:summary", {"exists": {"field": "summary"}}),
        ("_exists_:id", ALL),
        # booleans, with Lucene's minimum_should_match
        ("hostname:a AND hostname:b", {"bool": {"must": [A, B]}}),
        ("hostname:a OR hostname:b", {"bool": {"should": [A, B], "minimum_should_match": 1}}),
        ("hostname:a hostname:b", {"bool": {"should": [A, B], "minimum_should_match": 1}}),
        ("NOT hostname:a", {"bool": {"must": [ALL], "must_not": [A]}}),
        ("hostname:a AND NOT hostname:b", {"bool": {"must": [A], "must_not": [B]}}),
        (
            "+hostname:a hostname:b -hostname:c",
            {"bool": {"must": [A], "should": [B], "minimum_should_match": 0, "must_not": [C]}},
        ),
        (
            "hostname:a OR hostname:b AND NOT hostname:c",
            {"bool": {"should": [A, {"bool": {"must": [B], "must_not": [C]}}], "minimum_should_match": 1}},
        ),
        ("hostname:(a OR b)", {"bool": {"should": [A, B], "minimum_should_match": 1}}),
        (
            "hostname:a -hostname:b",
            {"bool": {"should": [A], "minimum_should_match": 1, "must_not": [B]}},
        ),
    ],
)
def test_golden(query: str, expected: dict[str, Any]) -> None:
    assert dsl(query) == expected


def test_min_should_and_empty_bools() -> None:
    node = Bool(should=(Term("hostname", "a"), Term("hostname", "b"), Term("hostname", "c")), min_should=2)
    assert compile_query(node) == {"bool": {"should": [A, B, C], "minimum_should_match": 2}}
    optional = Bool(should=(Term("hostname", "a"),), min_should=0)
    assert compile_query(optional) == {"bool": {"must": [ALL], "should": [A], "minimum_should_match": 0}}
    assert compile_query(Bool()) == {"bool": {"must": [ALL]}}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("user:alice", "unknown field 'user'"),
        ("details.:x", "name a path under details"),
        ("summary:[a TO b]", "analyzed text"),
        ("utctimestamp:yesterday", "invalid time 'yesterday'"),
        ("utctimestamp:[yesterday TO now]", "invalid time"),
        ("utctimestamp:2026*", "do not apply to the date field"),
        ("utctimestamp:/2026.*/", "do not apply to the date field"),
        ('details.x:["a b" TO z]', "range bound 'a b'"),
        ("details.x:[a TO z]", "ranges under details apply to numbers and dates"),
        ("details.x:[* TO *]", "ranges under details apply to numbers and dates"),
        ("details.x:[1 TO inf]", "ranges under details apply to numbers and dates"),
        ("_exists_:nope", "unknown field 'nope'"),
    ],
)
def test_errors(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        dsl(query)


def test_user_text_stays_a_value() -> None:
    hostile = 'x" OR _exists_:y) AND {"query_string": {"query": "*"}}'
    assert dsl(to_query_string(Term("hostname", hostile))) == {"term": {"hostname": hostile}}


@pytest.mark.parametrize(
    "key",
    [
        "ip",
        "IP",
        "sourceipaddress",
        "SourceIPAddress",
        "client_ip",
        "srcip",
        "X-Forwarded-For",
        "zip",
        "ipx",
        "ip_",
    ],
)
def test_address_template_regex_agrees_with_the_field_rules(key: str) -> None:
    java = ADDRESS_KEY_REGEX.removeprefix("(?i)")
    assert bool(re.fullmatch(java, key, re.IGNORECASE)) is is_address_key(key)
