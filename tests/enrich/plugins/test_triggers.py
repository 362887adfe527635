from __future__ import annotations

from typing import Any

import pytest

from mozdef_enrich.plugins.triggers import Matcher, Trigger, lookup

EVENT: dict[str, Any] = {
    "summary": "Failed password for root from 10.0.0.1 port 22 ssh2",
    "processname": "sshd",
    "processid": "42",
    "details": {"sourceipaddress": "10.0.0.1", "user": {"name": "root"}, "empty": None, "list": [{"a": 1}]},
}


@pytest.mark.parametrize(
    ("term", "path", "op", "text"),
    [
        ("*", (), "*", ""),
        ("summary", ("summary",), "", ""),
        ("details.user.name", ("details", "user", "name"), "", ""),
        ("processname=SSHD", ("processname",), "=", "sshd"),
        ("summary~Failed password", ("summary",), "~", "failed password"),
        ("summary=a~b", ("summary",), "=", "a~b"),
        ("summary~a=b", ("summary",), "~", "a=b"),
    ],
)
def test_parse(term: str, path: tuple[str, ...], op: str, text: str) -> None:
    assert Trigger.parse(term) == Trigger(path, op, text)


@pytest.mark.parametrize("term", ["", "a..b", ".a", "=x", "summary=", "summary~", "~x"])
def test_parse_errors(term: str) -> None:
    with pytest.raises(ValueError, match="registration"):
        Trigger.parse(term)


@pytest.mark.parametrize(
    ("terms", "want"),
    [
        (["*"], True),
        ([], False),
        (["details.sourceipaddress"], True),
        (["details.user.name"], True),
        (["details.user"], True),
        (["details.empty"], False),  # null counts as absent
        (["details.missing"], False),
        (["details.list.a"], False),  # paths do not go through lists
        (["summary.deeper"], False),
        (["processname=SSHD"], True),
        (["processname=ssh"], False),
        (["processid=42"], True),
        (["summary~FAILED PASSWORD"], True),
        (["summary~accepted"], False),
        (["summary~accepted", "summary~port 22"], True),
        (["details.user=root"], False),  # an object never equals text
        (["details.missing", "processname=cron", "processname=sshd"], True),
    ],
)
def test_matching(terms: list[str], want: bool) -> None:
    assert Matcher([Trigger.parse(term) for term in terms])(EVENT) is want


def test_non_string_scalars_compare_as_text() -> None:
    assert Matcher([Trigger.parse("details.port=22")])({"details": {"port": 22}})
    assert Matcher([Trigger.parse("details.ok=true")])({"details": {"ok": True}})


def test_lookup() -> None:
    assert lookup(EVENT, ("details", "user", "name")) == "root"
    assert lookup(EVENT, ("details", "nope", "x")) is None
    assert lookup(EVENT, ()) is EVENT


def test_matchers_say_when_they_always_or_never_match() -> None:
    always, never, some = Matcher([Trigger.parse("*")]), Matcher([]), Matcher([Trigger.parse("summary")])
    assert (always.always, always.never) == (True, False)
    assert (never.always, never.never) == (False, True)
    assert (some.always, some.never) == (False, False)
