"""MozDef's key mapping: every rule, the precedence between source keys, and what happens to the rest."""

from __future__ import annotations

from typing import Any

import pytest

from mozdef_common.event import DEFAULTS

from .support import RECEIVED_ISO, norm

SYSLOG_SAMPLE = {
    "timestamp": "2026-11-27T18:30:01.250Z",
    "hostname": "bastion1.example.com",
    "program": "sshd",
    "pid": 4242,
    "severity": "info",
    "facility": "auth",
    "message": "Accepted publickey for bob from 10.0.0.5 port 51234 ssh2",
    "tags": ["syslog"],
}


def test_a_typical_syslog_event() -> None:
    event = norm(SYSLOG_SAMPLE)
    assert event == {
        "id": "e1",
        "utctimestamp": "2026-11-27T18:30:01.250000+00:00",
        "receivedtimestamp": RECEIVED_ISO,
        "timestamp": "2026-11-27T18:30:01.250000+00:00",
        "category": "event",
        "source": "auth",
        "summary": "Accepted publickey for bob from 10.0.0.5 port 51234 ssh2",
        "hostname": "bastion1.example.com",
        "processid": "4242",
        "processname": "sshd",
        "severity": "INFO",
        "eventsource": "",
        "tags": ["syslog"],
        "details": {},
        "mozdef": {"endpoint": "events", "received": RECEIVED_ISO, "plugins": []},
    }
    assert list(event) == list(norm({}))  # fields always in schema order


def test_an_empty_object_gets_every_default() -> None:
    event = norm({})
    for field, default in DEFAULTS.items():
        assert event[field] == default
    assert event["utctimestamp"] == event["timestamp"] == event["receivedtimestamp"] == RECEIVED_ISO
    assert event["tags"] == []
    assert event["details"] == {}


@pytest.mark.parametrize(
    ("key", "field"),
    [
        ("message", "summary"),
        ("summary", "summary"),
        ("payload", "summary"),
        ("hostname", "hostname"),
        ("source_host", "hostname"),
        ("host", "hostname"),
        ("facility", "source"),
        ("source", "source"),
        ("pid", "processid"),
        ("processid", "processid"),
        ("pname", "processname"),
        ("sourcename", "processname"),
        ("program", "processname"),
        ("processname", "processname"),
        ("path", "eventsource"),
        ("logger", "eventsource"),
        ("file", "eventsource"),
        ("eventsource", "eventsource"),
        ("type", "category"),
        ("eventtype", "category"),
        ("category", "category"),
    ],
)
def test_each_source_key(key: str, field: str) -> None:
    event = norm({key: "value-1"})
    assert event[field] == "value-1"
    assert event["details"] == {}


@pytest.mark.parametrize("key", ["severity", "syslogseverity", "level", "priority"])
def test_each_severity_key(key: str) -> None:
    assert norm({key: "warn"})["severity"] == "WARNING"


@pytest.mark.parametrize("key", ["eventtime", "timestamp", "utctimestamp", "date", "@timestamp", "EventTime"])
def test_each_time_key(key: str) -> None:
    event = norm({key: "2026-11-27T18:30:01Z"})
    assert event["utctimestamp"] == event["timestamp"] == "2026-11-27T18:30:01.000000+00:00"
    assert event["receivedtimestamp"] == RECEIVED_ISO
    assert event["details"] == {}


def test_keys_match_in_any_case_and_without_a_leading_at() -> None:
    event = norm({"@message": "m", "HostName": "h", "Program": "p", "@version": "1"})
    assert (event["summary"], event["hostname"], event["processname"]) == ("m", "h", "p")
    assert event["details"] == {"version": "1"}  # '@' stripped from unmapped keys too


@pytest.mark.parametrize(
    ("body", "field", "winner", "kept"),
    [
        ({"message": "m", "summary": "s"}, "summary", "s", {"message": "m"}),
        ({"payload": "p", "message": "m"}, "summary", "m", {"payload": "p"}),
        ({"summary": "s", "payload": "p"}, "summary", "s", {"payload": "p"}),
        (
            {"host": "c", "source_host": "b", "hostname": "a"},
            "hostname",
            "a",
            {"host": "c", "source_host": "b"},
        ),
        ({"facility": "auth", "source": "s"}, "source", "s", {"facility": "auth"}),
        ({"pid": 1, "processid": 2}, "processid", "2", {"pid": 1}),
        ({"program": "x", "pname": "y"}, "processname", "y", {"program": "x"}),
        ({"sourcename": "x", "program": "y"}, "processname", "y", {"sourcename": "x"}),
        ({"file": "f", "path": "p"}, "eventsource", "p", {"file": "f"}),
        ({"type": "t", "category": "c"}, "category", "c", {"type": "t"}),
        ({"type": "t", "eventtype": "e"}, "category", "e", {"type": "t"}),
        ({"priority": 3, "severity": "debug"}, "severity", "DEBUG", {"priority": 3}),
        ({"level": "err", "syslogseverity": "crit"}, "severity", "CRITICAL", {"level": "err"}),
    ],
)
def test_precedence_and_losers_kept_in_details(
    body: dict[str, Any], field: str, winner: str, kept: dict[str, Any]
) -> None:
    event = norm(body)
    assert event[field] == winner
    assert event["details"] == kept


def test_time_precedence_first_that_parses() -> None:
    event = norm(
        {
            "date": "2026-01-01T00:00:00Z",
            "timestamp": "2026-02-02T00:00:00Z",
            "eventtime": "not a time",
            "utctimestamp": "2026-03-03T00:00:00Z",
        }
    )
    assert event["utctimestamp"] == "2026-03-03T00:00:00.000000+00:00"
    assert event["details"] == {
        "date": "2026-01-01T00:00:00Z",
        "timestamp": "2026-02-02T00:00:00Z",
        "eventtime": "not a time",
    }
    event = norm({"utctimestamp": "garbage", "timestamp": "2026-02-02T00:00:00Z"})
    assert event["utctimestamp"] == "2026-02-02T00:00:00.000000+00:00"
    assert event["details"] == {"utctimestamp_invalid": "garbage"}


def test_unreadable_time_kept_and_receive_time_used() -> None:
    event = norm({"timestamp": "the day after tomorrow", "message": "m"})
    assert event["utctimestamp"] == event["timestamp"] == RECEIVED_ISO
    assert event["details"] == {"timestamp_invalid": "the day after tomorrow"}


def test_objects_where_strings_belong_stay_in_details_and_the_next_source_wins() -> None:
    # Beats send host as an object
    event = norm({"host": {"name": "web1", "ip": ["10.0.0.1"]}, "source_host": "web1.example.com"})
    assert event["hostname"] == "web1.example.com"
    assert event["details"] == {"host": {"name": "web1", "ip": ["10.0.0.1"]}}
    event = norm({"message": ["a", "b"], "summary": None})
    assert event["summary"] == ""
    assert event["details"] == {"message": ["a", "b"], "summary": None}


def test_scalars_become_text() -> None:
    event = norm({"hostname": 42, "pid": 17, "category": True, "summary": 1.5})
    assert (event["hostname"], event["processid"], event["category"], event["summary"]) == (
        "42",
        "17",
        "true",
        "1.5",
    )


def test_tags_are_appended_deduplicated_and_text() -> None:
    assert norm({"tags": "single"})["tags"] == ["single"]
    assert norm({"tags": ["a", "b", "a", "", None, 3]})["tags"] == ["a", "b", "3"]
    assert norm({"tags": ["a"], "Tags": ["b"]})["tags"] == ["a", "b"]
    assert norm({"tags": [{"k": "v"}]})["tags"] == ['{"k":"v"}']


def test_details_and_fields_objects_are_merged() -> None:
    event = norm({"details": {"a": 1, "b": {"c": 2}}, "fields": {"d": "x"}})
    assert event["details"] == {"a": 1, "b": {"c": 2}, "d": "x"}


def test_dotted_details_and_fields_keys_are_merged() -> None:
    event = norm({"details.user": "bob", "fields.src.ip": "10.0.0.1", "Details.Mixed": "kept case"})
    assert event["details"] == {"user": "bob", "src": {"ip": "10.0.0.1"}, "Mixed": "kept case"}


def test_details_precedence_later_source_wins() -> None:
    body = {
        "details.x": "details-dot",
        "details": {"x": "details-obj", "y": "details-obj"},
        "fields.y": "fields-dot",
        "fields": {"y": "fields-obj", "z": "fields-obj"},
        "z": "top-level",
        "w": "top-level",
    }
    assert norm(body)["details"] == {
        "z": "fields-obj",
        "w": "top-level",
        "y": "details-obj",
        "x": "details-dot",
    }


def test_details_that_is_not_an_object_is_kept() -> None:
    assert norm({"details": "just text"})["details"] == {"details": "just text"}
    assert norm({"fields": [1, 2]})["details"] == {"fields": [1, 2]}


def test_suffix_int_and_float_are_cast_and_keep_their_name() -> None:
    event = norm({"fields.bytes_int": "1234", "details.ratio_float": "0.25", "details": {"count_int": 7.0}})
    assert event["details"] == {"count_int": 7, "bytes_int": 1234, "ratio_float": 0.25}
    assert type(event["details"]["bytes_int"]) is int


def test_suffix_cast_that_fails_moves_to_invalid() -> None:
    event = norm({"details.port_int": "eighty", "details.load_float": "high", "details.n_int": "1.5"})
    assert event["details"] == {
        "port_int_invalid": "eighty",
        "load_float_invalid": "high",
        "n_int_invalid": "1.5",
    }


def test_unmapped_top_level_keys_move_under_details_nothing_is_dropped() -> None:
    body = {
        "message": "m",
        "sourceipaddress": "10.0.0.1",
        "http": {"status": 200},
        "id": "theirs",
        "mozdef": 1,
    }
    event = norm(body)
    assert event["id"] == "e1"
    assert event["details"] == {
        "sourceipaddress": "10.0.0.1",
        "http": {"status": 200},
        "id": "theirs",
        "mozdef": 1,
    }


def test_received_timestamp_comes_from_ingest_not_the_body() -> None:
    event = norm({"receivedtimestamp": "2020-01-01T00:00:00Z"})
    assert event["receivedtimestamp"] == RECEIVED_ISO
    assert event["details"] == {"receivedtimestamp": "2020-01-01T00:00:00Z"}


def test_metadata_for_bulk_and_kafka() -> None:
    assert norm({}, endpoint="bulk", index="logs-2026")["mozdef"] == {
        "endpoint": "bulk",
        "received": RECEIVED_ISO,
        "plugins": [],
        "index": "logs-2026",
    }
    assert norm({}, endpoint="kafka")["mozdef"]["endpoint"] == "kafka"


def test_numeric_severity_from_rsyslog_and_python() -> None:
    assert norm({"severity": 3})["severity"] == "ERROR"
    assert norm({"level": 40})["severity"] == "ERROR"
    assert norm({"priority": 86})["severity"] == "INFO"  # authpriv.info


def test_epoch_times() -> None:
    assert norm({"timestamp": 1795804201})["utctimestamp"] == "2026-11-27T18:30:01.000000+00:00"
    assert norm({"timestamp": 1795804201123})["utctimestamp"] == "2026-11-27T18:30:01.123000+00:00"


def test_events_share_no_lists_or_objects() -> None:
    first, second = norm({}), norm({})
    first["tags"].append("x")
    first["details"]["k"] = 1
    first["mozdef"]["plugins"].append("p")
    assert second["tags"] == []
    assert second["details"] == {}
    assert second["mozdef"]["plugins"] == []
