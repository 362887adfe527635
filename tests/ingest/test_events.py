"""Per-event checks (type, size, depth, keys), ids, and the headers of raw records."""

from __future__ import annotations

import re
from typing import Any

import orjson
import pytest

from mozdef_common import topics
from mozdef_common.event import new_event_id
from mozdef_ingest.errors import ItemRejected
from mozdef_ingest.events import Limits, build_batch, count_keys, encode_event, nesting_depth, new_event_ids

LIMITS = Limits(max_event_bytes=10_000, max_depth=8, max_keys=50)


def nested(depth: int) -> dict[str, Any]:
    event: dict[str, Any] = {"leaf": 1}
    for _ in range(depth - 1):
        event = {"n": event}
    return event


def test_encode_event_is_compact_json() -> None:
    assert encode_event({"a": [1, 2], "b": {"c": "d"}}, LIMITS) == b'{"a":[1,2],"b":{"c":"d"}}'


@pytest.mark.parametrize(
    ("item", "kind"),
    [
        (42, "not_an_object"),
        ("text", "not_an_object"),
        (None, "not_an_object"),
        ([1, 2], "not_an_object"),
        ({"s": "x" * 20_000}, "event_too_large"),
        (nested(9), "too_deep"),
        (nested(300), "too_deep"),  # deeper than orjson can encode
        ({"a": [[[[[[[[1]]]]]]]]}, "too_deep"),
        ({f"k{i}": i for i in range(51)}, "too_many_keys"),
        ({"a": {f"k{i}": i for i in range(30)}, "b": {f"k{i}": i for i in range(30)}}, "too_many_keys"),
    ],
)
def test_rejected_events(item: object, kind: str) -> None:
    with pytest.raises(ItemRejected) as caught:
        encode_event(item, LIMITS)
    assert caught.value.kind == kind


def test_limits_are_inclusive_and_strings_do_not_count() -> None:
    assert encode_event(nested(8), LIMITS)
    assert encode_event({f"k{i}": i for i in range(50)}, LIMITS)
    # Brackets and colons inside strings make the quick bounds overcount; the exact walk decides.
    assert encode_event({"s": "{[:" * 200}, LIMITS)


def test_walks_are_exact() -> None:
    assert nesting_depth({"a": [1, {"b": []}]}, 100) == 4
    assert nesting_depth({}, 100) == 1
    assert count_keys({"a": [{"b": 1, "c": {"d": 2}}], "e": 3}, 100) == 5


def test_new_event_ids_have_the_form_of_new_event_id() -> None:
    ids = new_event_ids(1000)
    assert len(set(ids)) == 1000
    form = re.compile(r"[0-9a-f]{32}")
    assert all(form.fullmatch(i) for i in ids)
    assert len(new_event_id()) == len(ids[0])
    assert abs(int(ids[0][:12], 16) - int(new_event_id()[:12], 16)) < 60_000  # same clock, in ms


def test_build_batch_keeps_positions_and_sets_headers() -> None:
    items: list[object] = [{"a": 1}, 7, ItemRejected("json_parse_error", "bad", line=3), {"b": 2}]
    extra = ((topics.H_APP, b"myapp"),)
    batch = build_batch(items, LIMITS, b"2024-01-01T00:00:00+00:00", b"custom", extra)
    assert [r.value for r in batch.records] == [b'{"a":1}', b'{"b":2}']
    assert batch.ids[1] is None
    assert batch.ids[2] is None
    assert [p for p, _ in batch.errors] == [1, 2]
    assert batch.rejected_by_kind() == {"not_an_object": 1, "json_parse_error": 1}
    record = batch.records[0]
    headers = dict(record.headers)
    assert record.key == headers[topics.H_ID] == batch.ids[0].encode()  # type: ignore[union-attr]
    assert headers[topics.H_RECEIVED] == b"2024-01-01T00:00:00+00:00"
    assert headers[topics.H_ENDPOINT] == b"custom"
    assert headers[topics.H_APP] == b"myapp"
    assert orjson.loads(record.value) == {"a": 1}
