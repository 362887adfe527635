"""The pure parts: which messages are alerts, what an upsert changes, transitions, filters, buckets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import orjson
import pytest

from mozdef_api.alerts import transitions
from mozdef_api.alerts.model import InvalidAlert, decode_alert, new_document, rule_changes
from mozdef_api.alerts.query import alert_filter, bucket_starts, parse_interval
from mozdef_common.errors import QueryError
from tests.api.alerts.conftest import make_alert


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b"{nope", "not JSON"),
        (b"[1, 2]", "not a JSON object but list"),
        (orjson.dumps(make_alert(id=None)), "id missing or not a str"),
        (orjson.dumps(make_alert(id="  ")), "id is empty"),
        (orjson.dumps(make_alert(summary=3)), "summary missing or not a str"),
        (orjson.dumps(make_alert(tags="ssh")), "tags is a str"),
        (orjson.dumps(make_alert(tags=[1])), "tags must be a list of strings"),
        (orjson.dumps(make_alert(event_count=True)), "event_count is a bool"),
        (orjson.dumps(make_alert(event_count=-1)), "event_count is negative"),
        (orjson.dumps(make_alert(severity=None)), "severity is a NoneType"),
        (orjson.dumps(make_alert(utctimestamp="yesterday")), "utctimestamp 'yesterday' is not an ISO-8601"),
    ],
)
def test_what_is_not_an_alert_says_why(value: bytes, reason: str) -> None:
    with pytest.raises(InvalidAlert, match=reason):
        decode_alert(value)


def test_alerts_are_normalized_and_keep_unknown_fields() -> None:
    alert = decode_alert(
        orjson.dumps(
            make_alert(
                severity="critical", utctimestamp="2026-11-27T11:00:00+01:00", url="https://x", status="x"
            )
        )
    )
    assert alert["severity"] == "CRITICAL"
    assert alert["utctimestamp"] == "2026-11-27T10:00:00.000000+00:00"
    assert alert["url"] == "https://x"
    naive = decode_alert(orjson.dumps(make_alert(last_seen="2026-11-27T10:00:00")))
    assert naive["last_seen"] == "2026-11-27T10:00:00.000000+00:00"
    doc = new_document(alert)
    assert doc["status"] == "open"  # whatever the message said: status belongs to analysts
    assert doc["id"] == alert["id"]


def test_rule_changes_never_touch_analyst_fields_nor_go_back_in_time() -> None:
    first = decode_alert(orjson.dumps(make_alert(event_count=2, last_seen="2026-11-27T10:00:00Z")))
    stored = {
        **new_document(first),
        "version": 3,
        "status": "acknowledged",
        "acknowledged": {"by": "ann", "at": "x"},
        "assignee": "ann",
    }
    assert rule_changes(stored, first) is None  # a replay writes nothing
    later = {**first, "event_count": 7, "last_seen": "2026-11-27T10:05:00.000000+00:00", "status": "open"}
    assert rule_changes(stored, later) == {"event_count": 7, "last_seen": later["last_seen"]}
    older = {**first, "event_count": 1, "last_seen": "2026-11-27T09:00:00.000000+00:00"}
    assert rule_changes(stored, older) is None


def test_transitions_are_idempotent() -> None:
    alert = {"id": "a", "status": "open"}
    ack = transitions.acknowledge(alert, actor="ann", now="t")
    assert ack == {"acknowledged": {"by": "ann", "at": "t"}, "status": "acknowledged"}
    acked = {**alert, **ack}
    assert transitions.acknowledge(acked, actor="bob", now="t2") is None
    assert transitions.unacknowledge(acked) == {"acknowledged": None, "status": "open"}
    assert transitions.unacknowledge(alert) is None
    # An escalated alert keeps its status when acknowledged.
    assert transitions.acknowledge({"status": "escalated"}, actor="ann", now="t") == {
        "acknowledged": {"by": "ann", "at": "t"}
    }
    assert transitions.assign({"assignee": "ann"}, assignee="ann") is None
    assert transitions.assign({"assignee": "ann"}, assignee=None) == {"assignee": None}
    closed = transitions.close(alert, actor="ann", reason="benign", now="t")
    assert closed == {"status": "closed", "closed": {"by": "ann", "at": "t", "reason": "benign"}}
    assert transitions.close({"status": "closed"}, actor="bob", reason="again", now="t") is None
    assert transitions.escalate({"status": "escalated", "incident_id": "i1"}, incident_id="i1") is None


def test_incident_fields_copy_the_alert_and_link_back() -> None:
    alert = make_alert(
        id="a1", severity="ERROR", tags=["ssh", " ", "ssh"], category="bruteforce", event_count=12
    )
    fields = transitions.incident_fields(alert, summary=None)
    assert fields["summary"] == alert["summary"]
    assert fields["severity"] == "HIGH"  # on the incident scale
    assert fields["tags"] == ["ssh", "bruteforce"]
    assert "severity" not in transitions.incident_fields({**alert, "severity": "ODD"}, summary=None)
    assert fields["links"] == [{"kind": "alert", "id": "a1"}]
    assert "12" in fields["description"]
    assert transitions.incident_fields(alert, summary="Mine")["summary"] == "Mine"


def test_filters_become_store_conditions() -> None:
    now = datetime(2026, 11, 27, 12, tzinfo=UTC)
    assert alert_filter(now=now) == {}
    where = alert_filter(
        q=" Brute ", severity=["warning", "CRITICAL"], status=["open"], rule_id="r", start="now-1h", now=now
    )
    assert where["severity"] == {"$in": ["CRITICAL", "WARNING"]}
    assert where["status"] == {"$in": ["open"]}
    assert where["rule_id"] == "r"
    assert where["utctimestamp"] == {"$gte": "2026-11-27T11:00:00.000000+00:00"}
    assert {"summary": {"$icontains": "Brute"}} in where["$or"]
    with pytest.raises(QueryError):
        alert_filter(start="last tuesday", now=now)


def test_buckets_are_aligned_and_bounded() -> None:
    start = datetime(2026, 11, 27, 10, 30, tzinfo=UTC)
    starts = bucket_starts(start, start + timedelta(hours=2), parse_interval("1h"))
    assert [s.hour for s in starts] == [10, 11, 12]
    assert starts[0].minute == 0
    with pytest.raises(QueryError, match="at most"):
        bucket_starts(start, start + timedelta(days=30), parse_interval("1m"))
    with pytest.raises(QueryError, match="invalid interval"):
        parse_interval("1 hour")
    with pytest.raises(QueryError, match="end is before start"):
        bucket_starts(start, start - timedelta(hours=1), parse_interval("1h"))
