"""The streaming evaluator, node kind by node kind (the conformance suite holds it to the stores)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from mozdef_common.errors import QueryError
from mozdef_common.query.ast import (
    Bool,
    Exists,
    FieldRef,
    MatchAll,
    Node,
    Range,
    Regex,
    Subnet,
    Term,
    Wildcard,
)
from mozdef_common.query.evaluate import compile_predicate, condition_source
from mozdef_common.query.parser import parse_query

EVENT: dict[str, Any] = {
    "id": "e1",
    "utctimestamp": "2026-11-27T10:00:00.500000+00:00",
    "category": "windows",
    "hostname": "WS17",
    "summary": "Failed password for admin from 10.1.2.3",
    "tags": ["windows", "event-4688"],
    "details": {
        "eventid": 4688,
        "image": "C:\\Windows\\System32\\CMD.exe",
        "commandline": "cmd.exe /c whoami\nnet user",
        "port": "22",
        "ratio": 1.5,
        "success": True,
        "sourceipaddress": "10.1.2.3",
        "request.path": "/login",
        "user": {"name": "alice", "domain": "CORP"},
        "resources": [{"name": "b1"}, {"name": "b2"}],
        "when": "2026-11-20T10:00:00+00:00",
        "empty": None,
        "copy": "alice",
    },
}


def hit(node: Node | str, event: dict[str, Any] = EVENT) -> bool:
    tree = parse_query(node) if isinstance(node, str) else node
    return compile_predicate(tree, clock=lambda: datetime(2026, 11, 27, 10, 30, tzinfo=UTC))(event)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category:windows", True),
        ("category:Windows", False),
        ("tags:event-4688", True),
        ("tags:event", False),
        ("summary:FAILED", True),
        ('summary:"password for"', True),
        ('summary:"for password"', False),
        ("failed", True),  # default field: summary words
        ("windows", True),  # default field: a keyword
        ("details.eventid:4688", True),
        ('details.eventid:"4688.0"', True),
        ("details.port:22", True),
        ("details.port:22.0", False),  # the string "22" is matched as a string
        ("details.ratio:1.5", True),
        ("details.success:true", True),
        ("details.success:1", False),
        ("details.request.path:\\/login", True),
        ("details.user.name:alice", True),
        ("details.resources.name:b2", True),
        ('details.when:"2026-11-20T11:00:00+01:00"', True),
        ("details.image:*cmd.exe", False),
        ("details.image:*CMD.exe", True),
        ("details.commandline:*user", True),  # * crosses newlines, as in Lucene
        ("details.image:C\\:\\\\Windows*", True),
        ("details.image:/.*system32.*/", False),
        ("details.image:/.*System32.*/", True),
        ("hostname:/ws[0-9]+/", False),
        ("details.eventid:[4000 TO 5000]", True),
        ("details.eventid:{4688 TO 5000]", False),
        ("details.ratio:<2", True),
        ("details.when:[2026-11-20T00:00:00Z TO 2026-11-21T00:00:00Z]", True),
        ("hostname:[WS1 TO WS2]", True),
        ("utctimestamp:[now-1h TO now]", True),
        ("utctimestamp:<now-1h", False),
        ("utctimestamp:2026-11-27", True),
        ('utctimestamp:"2026-11-27T10:00:00.5Z"', True),
        ("details.sourceipaddress:10.0.0.0/8", True),
        ("details.sourceipaddress:10.2.0.0/16", False),
        ("_exists_:details.user", True),
        ("_exists_:details.request", True),
        ("_exists_:details.empty", False),
        ("_exists_:details.nothing", False),
        ("details.image:*", True),
        ("_exists_:hostname", True),
        ("NOT category:windows", False),
        ("category:windows AND NOT tags:linux", True),
        ("category:linux OR hostname:WS17", True),
        ("*", True),
    ],
)
def test_query(query: str, expected: bool) -> None:
    assert hit(query) is expected


def test_case_insensitive_wildcards_and_regexes() -> None:
    assert hit(Wildcard("details.image", "*\\\\cmd.EXE", case_insensitive=True))
    assert not hit(Wildcard("details.image", "*\\\\cmd.EXE"))
    assert hit(Wildcard("details.image", "c:\\\\windows*", case_insensitive=True))
    assert hit(Wildcard("details.image", "*SYSTEM32*", case_insensitive=True))
    assert hit(Wildcard("details.image", "c:*.exe", case_insensitive=True))
    assert hit(Wildcard("details.image", "c:?windows*", case_insensitive=True))  # a regex
    assert hit(Wildcard("hostname", "wš*", case_insensitive=True)) is False
    assert hit(Regex("hostname", "ws[0-9]+", case_insensitive=True))
    assert hit(Regex("summary", "FAIL.*", case_insensitive=True))


def test_min_should_and_empty_bool() -> None:
    two_of = Bool(should=(Term("category", "windows"), Term("hostname", "x"), Term("tags", "windows")))
    assert hit(Bool(should=two_of.should, min_should=2))
    assert not hit(Bool(should=two_of.should, min_should=3))
    assert not hit(Bool(should=two_of.should, min_should=4))
    assert hit(Bool())
    assert hit(Bool(must=(MatchAll(),), should=(Term("category", "nope"),)))  # should only scores


def test_field_reference() -> None:
    assert hit(FieldRef("details.user.name", "details.copy"))
    assert not hit(FieldRef("details.user.name", "details.user.domain"))
    assert not hit(FieldRef("details.nothing", "details.copy"))
    assert hit(FieldRef("utctimestamp", "utctimestamp"))


@pytest.mark.parametrize(
    "node",
    [
        Range("summary", "a", "b"),
        Range("details.note", "a", "b"),
        Wildcard("utctimestamp", "2026*"),
        Regex("details.username", "[unclosed"),
        Regex("details.username", "(?=a)a"),
        Regex("details.username", "(a)\\1"),
        Term("nosuchfield", "x"),
        Exists("details"),
        Range("utctimestamp", "yesterday", "now"),
        Subnet("hostname", "10.0.0.0/8"),
        FieldRef("hostname", "nosuchfield"),
    ],
)
def test_refused_like_the_stores(node: Node) -> None:
    with pytest.raises(QueryError):
        compile_predicate(node)


def test_odd_shapes_do_not_confuse_reads() -> None:
    odd = {"category": 7, "tags": "single", "summary": None, "details": ["not", "an", "object"]}
    assert hit("category:7", odd)
    assert hit("tags:single", odd)
    assert not hit("_exists_:summary", odd)
    assert not hit("details.x:1", odd)
    assert not hit("_exists_:hostname", odd)


def test_user_text_never_becomes_code() -> None:
    evil = "'); import os; os.system('x') #"
    source = condition_source(Bool(must=(Term("details.a", evil), Wildcard("hostname", f"*{evil}*"))))
    assert "os.system" not in source
    assert not hit(Term("details.a", evil))
