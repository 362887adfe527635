"""Splitting bodies into items: object, array, NDJSON (labelled as such or not), and what cannot be framed."""

from __future__ import annotations

import orjson
import pytest

from mozdef_ingest.bodies import split_items
from mozdef_ingest.errors import BodyError, ItemRejected


def test_object_array_and_ndjson() -> None:
    assert split_items(b'{"a": 1}', "json") == [{"a": 1}]
    assert split_items(b'[{"a": 1}, {"b": 2}]', "json") == [{"a": 1}, {"b": 2}]
    assert split_items(b'{"a": 1}\n\n{"b": 2}\r\n', "ndjson") == [{"a": 1}, {"b": 2}]


def test_ndjson_sent_as_application_json_is_detected() -> None:
    assert split_items(b'{"a": 1}\n{"b": 2}\n', "json") == [{"a": 1}, {"b": 2}]


def test_bad_ndjson_lines_fail_alone_and_name_their_line() -> None:
    items = split_items(b'{"a": 1}\n{"b": \n\n{"c": 3}\n', "json")
    assert items[0] == {"a": 1}
    assert items[2] == {"c": 3}
    assert isinstance(items[1], ItemRejected)
    assert items[1].line == 2
    assert items[1].kind == "json_parse_error"


def test_byte_order_mark_is_ignored() -> None:
    assert split_items(b'\xef\xbb\xbf{"a": 1}', "json") == [{"a": 1}]


def test_array_items_keep_their_type_for_later_checks() -> None:
    assert split_items(b'[1, "x", null, {"a": 1}]', "json") == [1, "x", None, {"a": 1}]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b'{"a": 1', "json_parse_error"),
        (b'{\n  "a": 1,\n  "b": [\n', "json_parse_error"),  # pretty-printed and truncated: not NDJSON
        (b'{"a": "\xff\xfe"}', "invalid_utf8"),
        (b"[" * 100_000 + b"]" * 100_000, "too_deep"),
        (b"", "empty_body"),
        (b"   \n ", "empty_body"),
        (b"42", "not_an_object"),
        (b'"text"', "not_an_object"),
        (b"null", "not_an_object"),
    ],
)
def test_bodies_that_cannot_be_framed(body: bytes, kind: str) -> None:
    with pytest.raises(BodyError) as caught:
        split_items(body, "json")
    assert caught.value.status == 400
    assert caught.value.kind == kind
    assert caught.value.reason


def test_invalid_utf8_on_one_ndjson_line() -> None:
    items = split_items(b'{"a": "\xff"}\n{"b": 2}', "ndjson")
    assert isinstance(items[0], ItemRejected)
    assert items[0].kind == "invalid_utf8"
    assert items[1] == {"b": 2}


def test_large_array_round_trips() -> None:
    events = [{"n": i, "summary": "x" * 50} for i in range(5000)]
    assert split_items(orjson.dumps(events), "json") == events
