"""The top-level half of the type-conflict rule (mozdef_enrich.conform)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from mozdef_enrich.conform import clean_tags, conform

from .support import RECEIVED, RECEIVED_ISO


def base(**fields: Any) -> dict[str, Any]:
    return {"id": "e1", **fields}


def test_missing_fields_get_defaults_and_times_the_receive_time() -> None:
    event = conform(base(), RECEIVED)
    assert event["category"] == "event"
    assert event["severity"] == "INFO"
    assert event["utctimestamp"] == event["receivedtimestamp"] == RECEIVED_ISO
    assert event["tags"] == []
    assert event["details"] == {}
    assert event["mozdef"] == {}


def test_object_where_a_string_belongs_moves_to_details() -> None:
    event = conform(base(summary={"text": "hi"}, hostname=["a", "b"], details={"summary": "taken"}), RECEIVED)
    assert event["summary"] == ""
    assert event["hostname"] == "UNKNOWN"
    assert event["details"] == {"summary": "taken", "summary_object": {"text": "hi"}, "hostname": ["a", "b"]}


def test_unknown_top_level_keys_move_to_details() -> None:
    event = conform(base(extra=1, details={"k": "v"}), RECEIVED)
    assert "extra" not in event
    assert event["details"] == {"k": "v", "extra": 1}


def test_severity_upper_cased_and_mapped() -> None:
    assert conform(base(severity="warn"), RECEIVED)["severity"] == "WARNING"
    assert conform(base(severity=2), RECEIVED)["severity"] == "CRITICAL"
    assert conform(base(severity="custom"), RECEIVED)["severity"] == "CUSTOM"


def test_times_are_normalized_or_replaced() -> None:
    event = conform(
        base(
            utctimestamp=datetime(2026, 1, 1, tzinfo=UTC),
            timestamp="2026-01-01T01:00:00+01:00",
            receivedtimestamp="whenever",
        ),
        RECEIVED,
    )
    assert event["utctimestamp"] == event["timestamp"] == "2026-01-01T00:00:00.000000+00:00"
    assert event["receivedtimestamp"] == RECEIVED_ISO
    assert event["details"] == {"receivedtimestamp_invalid": "whenever"}


def test_details_not_an_object_and_bad_id_and_mozdef() -> None:
    event = conform(base(details=[1, 2], mozdef="x", id=7), RECEIVED)
    assert event["details"] == {"_value": [1, 2]}
    assert event["mozdef"] == {}
    assert event["id"] == "7"


def test_clean_tags() -> None:
    assert clean_tags(None) == []
    assert clean_tags("x") == ["x"]
    assert clean_tags(("a", 1, True, None, "", "a", {"k": 1})) == ["a", "1", "true", '{"k":1}']
