"""The pure core of cases: indicator checks, phases and dates, diffs, changes, filters, VERIS paths."""

from __future__ import annotations

import pytest

from mozdef_api import veris
from mozdef_api.cases import indicators
from mozdef_api.cases.diff import diff
from mozdef_api.cases.edit import apply_changes, new_case, phase_move
from mozdef_api.cases.filters import sort_for, where_for
from mozdef_api.cases.phases import PHASE_DATES, Phase, dates_for_phase, direction, parse_phase
from mozdef_api.cases.validation import CaseValidationError

NOW = "2026-05-01T00:00:00.000000+00:00"


@pytest.mark.parametrize(
    ("kind", "value", "normal"),
    [
        ("ip", " 192.0.2.1 ", "192.0.2.1"),
        ("ip", "2001:DB8::0:1", "2001:db8::1"),
        ("ip", "10.1.2.3/8", "10.0.0.0/8"),
        ("domain", "Mail.Example.ORG.", "mail.example.org"),
        ("domain", "bücher.example", "xn--bcher-kva.example"),
        ("hash", "D41D8CD98F00B204E9800998ECF8427E", "d41d8cd98f00b204e9800998ecf8427e"),
        ("hash", "a" * 64, "a" * 64),
        ("user", "CORP\\bob", "CORP\\bob"),
        ("url", "https://evil.example/x?y=1", "https://evil.example/x?y=1"),
        ("email", "Bob@Example.com", "Bob@example.com"),
        ("other", " anything ", "anything"),
    ],
)
def test_indicator_values_are_normalized(kind: str, value: str, normal: str) -> None:
    assert indicators.check(kind, value) == normal


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("ip", "192.0.2"),
        ("ip", "example.com"),
        ("domain", "localhost"),
        ("domain", "-bad-.example"),
        ("domain", "a..example"),
        ("hash", "xyz"),
        ("hash", "a" * 50),
        ("user", "bob\nalice"),
        ("url", "file:///etc/passwd"),
        ("url", "http://"),
        ("email", "no-at-sign"),
        ("email", "bob@nodot"),
        ("other", "   "),
    ],
)
def test_bad_indicator_values_say_why(kind: str, value: str) -> None:
    with pytest.raises(ValueError, match=r"not|empty"):
        indicators.check(kind, value)


def test_phases_parse_loosely_and_know_their_order() -> None:
    assert parse_phase("lessons_learned") is Phase.LESSONS_LEARNED
    assert parse_phase(" CLOSED ") is Phase.CLOSED
    with pytest.raises(ValueError, match="one of Identification"):
        parse_phase("Done")
    assert direction("Identification", "Closed") == "forward"
    assert direction("Recovery", "Containment") == "backward"
    assert direction("Recovery", "Recovery") == "same"


def test_entering_a_phase_sets_its_date_only_when_unset() -> None:
    assert PHASE_DATES == {
        Phase.CONTAINMENT: "verified",
        Phase.ERADICATION: "contained",
        Phase.RECOVERY: "mitigated",
        Phase.CLOSED: "closed",
    }
    assert dates_for_phase("Identification", "Containment", {}, NOW) == {"verified": NOW}
    assert dates_for_phase("Identification", "Containment", {"verified": "x"}, NOW) == {"verified": "x"}
    assert dates_for_phase("Closed", "Closed", {}, NOW) == {}  # no move, no date
    assert dates_for_phase("Recovery", "Lessons Learned", {}, NOW) == {}


def test_new_case_defaults_and_derived_fields() -> None:
    fields = {
        "summary": "s",
        "phase": "Eradication",
        "dates": {"opened": "2026-04-01T00:00:00.000000+00:00", "closed": None},
        "veris": ["action.hacking.variety.Brute force"],
        "lessons": [{"text": "l"}],
    }
    doc = new_case(fields, number=7, ref="INC-7", creator="alice", now=NOW)
    assert doc["dates"] == {"opened": "2026-04-01T00:00:00.000000+00:00", "reported": NOW, "contained": NOW}
    assert doc["ref"] == "INC-7"
    assert doc["lessons"][0]["author"] == "alice"
    assert doc["lessons"][0]["id"]
    assert doc["theories"] == []
    assert doc["veris_index"] == [
        "action",
        "action.hacking",
        "action.hacking.variety",
        "action.hacking.variety.Brute force",
    ]


def test_apply_changes_merges_dates_and_lets_client_dates_win() -> None:
    before = {"phase": "Identification", "dates": {"opened": "o", "reported": "r"}}
    changes = {"phase": "Containment", "dates": {"verified": "v", "reported": None}}
    assert apply_changes(before, changes, now=NOW) == {
        "phase": "Containment",
        "dates": {"opened": "o", "verified": "v"},
    }
    assert apply_changes(before, {"phase": "Containment"}, now=NOW)["dates"]["verified"] == NOW
    assert apply_changes(before, {"summary": "x"}, now=NOW) == {"summary": "x"}
    assert apply_changes(before, {"veris": ["asset"]}, now=NOW)["veris_index"] == ["asset"]
    assert phase_move(before, {"phase": "Closed"}) == {
        "from": "Identification",
        "to": "Closed",
        "direction": "forward",
    }
    assert phase_move(before, before) is None


def test_diff_goes_into_objects_and_items_by_id() -> None:
    before = {
        "id": "c",
        "version": 1,
        "summary": "a",
        "dates": {"opened": "o"},
        "tags": ["x"],
        "theories": [{"id": "t1", "text": "old"}, {"id": "t2", "text": "gone"}],
    }
    after = {
        "id": "c",
        "version": 2,
        "summary": "b",
        "dates": {"opened": "o", "closed": "c"},
        "tags": ["x", "y"],
        "theories": [{"id": "t1", "text": "new"}, {"id": "t3", "text": "added"}],
    }
    assert diff(before, after, ignore={"id", "version"}) == [
        {"field": "dates.closed", "before": None, "after": "c"},
        {"field": "summary", "before": "a", "after": "b"},
        {"field": "tags", "before": ["x"], "after": ["x", "y"]},
        {"field": "theories.t1.text", "before": "old", "after": "new"},
        {"field": "theories.t2", "before": {"id": "t2", "text": "gone"}, "after": None},
        {"field": "theories.t3", "before": None, "after": {"id": "t3", "text": "added"}},
    ]
    assert diff(before, before) == []


def test_filters_become_store_conditions() -> None:
    where = where_for(
        phase=["containment,Closed"],
        severity=["high"],
        tag="ssh",
        veris_path="Action.Hacking",
        q="INC-12",
        opened_after="2026-01-01",
        opened_before="2026-02-01T00:00:00+01:00",
    )
    assert where == {
        "phase": {"$in": ["Containment", "Closed"]},
        "severity": {"$in": ["HIGH"]},
        "tags": {"$contains": "ssh"},
        "veris_index": {"$contains": "action.hacking"},
        "$or": [
            {"summary": {"$icontains": "INC-12"}},
            {"description": {"$icontains": "INC-12"}},
            {"number": 12},
        ],
        "dates.opened": {
            "$gte": "2026-01-01T00:00:00.000000+00:00",
            "$lt": "2026-01-31T23:00:00.000000+00:00",
        },
    }
    assert where_for() == {}
    assert sort_for(None) == [("number", -1)]
    assert sort_for("opened:desc,summary") == [("dates.opened", -1), ("summary", 1)]
    with pytest.raises(CaseValidationError, match=r"query\.sort"):
        sort_for("opened:sideways")
    with pytest.raises(CaseValidationError, match=r"query\.opened_after"):
        where_for(opened_after="last tuesday")


def test_veris_paths_resolve_ignoring_case_and_name_the_wrong_part() -> None:
    assert (
        veris.canonical("attribute.integrity.VARIETY.log tampering")
        == "attribute.integrity.variety.Log tampering"
    )
    assert veris.canonical("actor") == "actor"
    with pytest.raises(ValueError, match="'robots' is not under 'actor'"):
        veris.canonical("actor.robots.variety")
    with pytest.raises(ValueError, match="'nope' is not under 'the top level'"):
        veris.canonical("nope")
    assert veris.prefixes(["a.b.c", "a.d"]) == ["a", "a.b", "a.b.c", "a.d"]
    assert veris.split_counts({"a": 2, "a.b": 1, "a.b.c": 1}) == ({"a": 2}, {"a.b": 1})


def test_no_veris_value_holds_the_separator() -> None:
    def leaves(node: object) -> list[str]:
        if isinstance(node, dict):
            return [*node, *(leaf for child in node.values() for leaf in leaves(child))]
        assert isinstance(node, list)
        return [str(value) for value in node]

    names = leaves(veris.tree())
    assert names
    assert not [name for name in names if veris.SEPARATOR in name or name != name.strip()]
