"""The compiler, exercised through the real tantivy store: what each query form finds."""

from __future__ import annotations

import pytest

from mozdef_common.errors import QueryError
from mozdef_common.query.ast import Bool, Node, Term, Wildcard
from mozdef_common.query.build import bool_, exists, term
from mozdef_common.query.tantivy_compile import analyze, details_values, wildcard_to_regex
from mozdef_common.store.base import SearchRequest
from mozdef_common.store.tantivy_store import TantivyEventStore
from tests.support.store import corpus, ids

ALL = ["fw", "proxy", "ssh-fail", "ssh-ok"]


@pytest.fixture
async def loaded(store: TantivyEventStore) -> TantivyEventStore:
    result = await store.write("events", corpus())
    assert result.failed == []
    return store


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("*", ALL),
        ("", ALL),
        # keywords: exact and case-sensitive
        ("category:authentication", ["ssh-fail", "ssh-ok"]),
        ("category:Authentication", []),
        ("hostname:Proxy1", ["proxy"]),
        ("hostname:proxy1", []),
        ("source:Firewall", ["fw"]),
        ("tags:auth", ["ssh-fail"]),
        ("tags:sshd", ["ssh-fail", "ssh-ok"]),
        ("id:fw", ["fw"]),
        ('hostname:"bastion1.example.com"', ["ssh-fail"]),
        # summary: analyzed
        ("summary:Failed", ["ssh-fail"]),
        ("summary:FAILED", ["ssh-fail"]),
        ("summary:failed summary:accepted", ["ssh-fail", "ssh-ok"]),
        ('summary:"failed password"', ["ssh-fail"]),
        ('summary:"password failed"', []),
        ("summary:1.2.3.4", ["ssh-fail"]),
        ("summary:ssh*", ["ssh-fail", "ssh-ok"]),
        ("summary:/acc.*/", ["ssh-ok"]),
        ("_exists_:summary", ALL),
        # default field: summary analyzed + keywords exact
        ("password", ["ssh-fail"]),
        ("bastion2.example.com", ["ssh-ok"]),
        ("firewall", ["fw"]),
        ("Firewall", ["fw"]),
        ("sshd", ["ssh-fail", "ssh-ok"]),
        ('"invalid user admin"', ["ssh-fail"]),
        ("bastion*", ["ssh-fail", "ssh-ok"]),
        # booleans
        ("category:authentication AND NOT details.success:true", ["ssh-fail"]),
        ("category:authentication -hostname:bastion1.example.com", ["ssh-ok"]),
        ("NOT category:authentication", ["fw", "proxy"]),
        ("-category:authentication", ["fw", "proxy"]),
        ("category:firewall OR category:proxy", ["fw", "proxy"]),
        ("category:(firewall OR proxy)", ["fw", "proxy"]),
        ("+category:authentication hostname:fw1", ["ssh-fail", "ssh-ok"]),
        ("category:firewall hostname:Proxy1", ["fw", "proxy"]),
        ("NOT NOT category:proxy", ["proxy"]),
        # wildcards and regexes on keywords
        ("hostname:bastion?.example.com", ["ssh-fail", "ssh-ok"]),
        ("hostname:*.example.com", ["ssh-fail", "ssh-ok"]),
        ("hostname:Prox*", ["proxy"]),
        ("hostname:prox*", []),
        ("hostname:/fw[0-9]/", ["fw"]),
        ("hostname:/bastion\\d\\..*/", ["ssh-fail", "ssh-ok"]),
        # details: strings exact, numbers typed, nested and dotted keys
        ("details.sourceipaddress:1.2.3.4", ["ssh-fail"]),
        ("details.user:admin", ["ssh-fail"]),
        ("details.user.name:alice", ["ssh-ok"]),
        ("details.user.name:Alice", []),
        ("details.port:22", ["ssh-fail"]),
        ("details.port:50022", ["ssh-ok"]),
        ('details.port:"50022"', ["ssh-ok"]),
        # quoted or not: the same typed values (OpenSearch keeps one mapping per key)
        ('details.port:"22"', ["ssh-fail"]),
        ("details.bytes:1500.5", ["fw"]),
        ("details.status:200", ["proxy"]),
        ("details.status:200.0", ["proxy"]),
        ("details.success:false", ["ssh-fail"]),
        ("details.a.b:dotted", ["fw"]),
        ("details.nested.deep.k:v", ["fw"]),
        ("details.when:2026-11-27T09:00:00Z", ["proxy"]),
        ("details.sourceipaddress:10.*", ["ssh-ok"]),
        ("details.sourceipaddress:/1\\.2\\..*/", ["ssh-fail"]),
        ("details.nested.deep.k:?", ["fw"]),
        ("details.url:https\\://example.com*", ["proxy"]),
        # _exists_ and field:*
        ("_exists_:details.user", ["ssh-fail", "ssh-ok"]),
        ("details.user:*", ["ssh-fail", "ssh-ok"]),
        ("_exists_:details.nested", ["fw"]),
        ("_exists_:details.missing", []),
        ("_exists_:hostname", ALL),
        ("_exists_:id", ALL),
        # ranges on numeric details, dates and keywords
        ("details.port:[1 TO 1024]", ["ssh-fail"]),
        ("details.port:>=22", ["ssh-fail"]),
        ("details.port:>22", []),
        ("details.status:{199 TO 200]", ["proxy"]),
        ("details.status:{199 TO 200}", []),
        ("details.bytes:[1500 TO 1501]", ["fw"]),
        ("details.bytes:<1e4", ["fw"]),
        ("details.when:[2026-11-27T00:00:00Z TO now]", ["proxy"]),
        ("hostname:[bastion1 TO bastion3]", ["ssh-fail", "ssh-ok"]),
        ("hostname:[a TO c}", ["ssh-fail", "ssh-ok"]),
        ("utctimestamp:[2026-11-27T09:59:59Z TO 2026-11-27T10:00:00Z]", ALL),
        ("utctimestamp:{2026-11-27T10:00:00Z TO *]", []),
        ("utctimestamp:2026-11-27", ALL),
        ("utctimestamp:2026-11-27T10:00:00Z", ALL),
        ("utctimestamp:<now", ALL),
        ("utctimestamp:>now-1h", []),
        ("receivedtimestamp:[2026-11-27 TO 2026-11-28]", ALL),
    ],
)
async def test_query_finds(loaded: TantivyEventStore, query: str, expected: list[str]) -> None:
    assert await ids(loaded, query) == expected


async def test_programmatic_trees(loaded: TantivyEventStore) -> None:
    node: Node = bool_(must=[term("category", "authentication"), exists("details.port")])
    result = await loaded.search(SearchRequest(node))
    assert sorted(h.id for h in result.hits) == ["ssh-fail", "ssh-ok"]
    at_least_two = Bool(
        should=(Term("category", "proxy"), Term("hostname", "Proxy1"), Wildcard("summary", "get*")),
        min_should=3,
    )
    assert [h.id for h in (await loaded.search(SearchRequest(at_least_two))).hits] == ["proxy"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("user:alice", "unknown field 'user'"),
        ("details.:x", "name a path under details"),
        ("summary:[a TO b]", "analyzed text"),
        ("utctimestamp:yesterday", "invalid time 'yesterday'"),
        ("utctimestamp:[yesterday TO now]", "invalid time"),
        ("utctimestamp:2026*", "do not apply to the date field"),
        ("hostname:/[unclosed/", "query cannot run"),
        ('details.x:["a b" TO z]', "range bound 'a b'"),
        ("details.weird key:[1 TO 2]", "unknown field"),
    ],
)
async def test_query_errors(loaded: TantivyEventStore, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("[", "\\[").replace(".", "\\.")):
        await ids(loaded, query)


def test_analyze_matches_the_default_tokenizer() -> None:
    assert analyze("Failed password for 1.2.3.4:22") == [
        "failed",
        "password",
        "for",
        "1",
        "2",
        "3",
        "4",
        "22",
    ]
    assert analyze("x" * 40 + " ok") == ["ok"]


def test_wildcard_translation_escapes_regex_syntax() -> None:
    assert wildcard_to_regex("a.b*c?") == "a\\.b.*c."
    assert wildcard_to_regex("a\\*b") == "a\\*b"
    assert wildcard_to_regex("(x)+[y]") == "\\(x\\)\\+\\[y\\]"


def test_details_values_cover_each_type() -> None:
    assert details_values("22") == ["22", 22, 22.0]
    assert details_values("1.5") == ["1.5", 1.5]
    assert details_values("true") == ["true", True]
    assert details_values("abc") == ["abc"]
    assert details_values("200.0") == ["200.0", 200, 200.0]
    assert details_values("99999999999999999999") == ["99999999999999999999", 1e20]
