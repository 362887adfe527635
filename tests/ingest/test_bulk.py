"""The Elasticsearch bulk format: actions, sources, per-item results, and malformed action lines."""

from __future__ import annotations

import pytest

from mozdef_common import topics
from mozdef_ingest.bulk import build_bulk, parse_bulk
from mozdef_ingest.errors import BodyError, ItemRejected
from mozdef_ingest.events import Limits

LIMITS = Limits(max_event_bytes=10_000, max_depth=16, max_keys=100)
RECEIVED = b"2024-01-01T00:00:00+00:00"


def test_index_and_create_with_ids_and_default_index() -> None:
    body = (
        b'{"index": {"_index": "logs-a", "_id": "doc-1"}}\n{"a": 1}\n'
        b'{"create": {}}\n{"b": 2}\n'
        b'{"index": {"_id": 17}}\n{"c": 3}\n'
    )
    items = parse_bulk(body, "fallback")
    assert [(i.action, i.index, i.doc_id) for i in items] == [
        ("index", "logs-a", "doc-1"),
        ("create", "fallback", None),
        ("index", "fallback", "17"),
    ]
    batch = build_bulk(items, LIMITS, RECEIVED)
    assert not batch.errors
    assert next(r.key for r in batch.records) == b"doc-1"
    assert dict(batch.records[0].headers)[topics.H_INDEX] == b"logs-a"
    assert dict(batch.records[1].headers)[topics.H_INDEX] == b"fallback"
    assert dict(batch.records[1].headers)[topics.H_ENDPOINT] == b"bulk"
    first = batch.items[0]["index"]
    assert first["_id"] == "doc-1"
    assert first["status"] == 201
    assert first["result"] == "created"
    assert batch.items[1]["create"]["status"] == 201
    assert batch.items[2]["index"]["_id"] == "17"


def test_bad_items_fail_alone_and_keep_pairing() -> None:
    body = (
        b'{"delete": {"_index": "x", "_id": "1"}}\n'
        b'{"update": {"_index": "x", "_id": "2"}}\n{"doc": {"a": 1}}\n'
        b'{"index": {"_index": "x"}}\n{"broken": \n'
        b'{"index": {"_index": "x"}}\n[1, 2]\n'
        b'{"index": {}}\n{"no": "index"}\n'
        b'{"index": {"_index": "x", "_id": ""}}\n{"empty": "id"}\n'
        b'{"index": {"_index": "x"}}\n{"ok": true}\n'
        b'{"create": {"_index": "x"}}\n'
    )
    items = parse_bulk(body, None)
    batch = build_bulk(items, LIMITS, RECEIVED)
    statuses = [next(iter(i.values()))["status"] for i in batch.items]
    assert statuses == [400, 400, 400, 400, 400, 400, 201, 400]
    assert [next(iter(i)) for i in batch.items] == [
        "delete", "update", "index", "index", "index", "index", "index", "create",
    ]  # fmt: skip
    assert batch.errors
    reasons = [next(iter(i.values())).get("error", {}).get("reason", "") for i in batch.items]
    assert "immutable" in reasons[0]
    assert "immutable" in reasons[1]
    assert "malformed JSON" in reasons[2]
    assert "must be a JSON object" in reasons[3]
    assert reasons[4] == "index is missing"
    assert "missing" in reasons[7]
    assert len(batch.records) == 1
    assert sum(batch.rejected.values()) == 7


@pytest.mark.parametrize(
    ("body", "line"),
    [
        (b"garbage\n", 1),
        (b'{"index": {}}\n{"a": 1}\n[1]\n', 3),
        (b'{"index": {}, "create": {}}\n{"a": 1}\n', 1),
        (b'{"upsert": {}}\n{"a": 1}\n', 1),
        (b'{"index": "logs"}\n{"a": 1}\n', 1),
    ],
)
def test_malformed_action_lines_fail_the_request(body: bytes, line: int) -> None:
    with pytest.raises(BodyError) as caught:
        parse_bulk(body, "x")
    assert caught.value.status == 400
    assert f"line [{line}]" in caught.value.reason


def test_source_errors_name_their_line() -> None:
    items = parse_bulk(b'\n{"index": {}}\n{"a": \n', "x")
    assert isinstance(items[0].source, ItemRejected)
    assert items[0].source.line == 3


def test_blank_lines_between_items_and_crlf_are_tolerated() -> None:
    items = parse_bulk(b'{"index": {}}\r\n{"a": 1}\r\n\n\n{"index": {}}\n{"b": 2}', "x")
    assert [i.source for i in items] == [{"a": 1}, {"b": 2}]
