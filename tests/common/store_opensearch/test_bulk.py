"""Bulk bodies and per-item verdicts, as data (the HTTP side is in test_http)."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from mozdef_common.errors import StoreUnavailableError
from mozdef_common.store.opensearch_bulk import (
    Backoff,
    Item,
    TransientError,
    body,
    chunks,
    classify,
    prepare,
    reason,
    utc_day,
    write_items,
)
from tests.support.events import make_event


def test_the_bulk_body_of_a_batch_is_golden() -> None:
    batch = [
        make_event(id="a1", utctimestamp="2026-11-27T23:59:59.999999+00:00", summary="late"),
        make_event(id="b2", utctimestamp="2026-11-28T00:30:00+01:00", details={"port": 22}),
        make_event(id="c3", utctimestamp="2026-11-28T00:00:00"),
    ]
    items, refused = prepare("p-", "events", batch)
    assert refused == []
    lines = body(items).decode().splitlines()
    assert [orjson.loads(line) for line in lines[::2]] == [
        {"index": {"_index": "p-events-20261127", "_id": "a1"}},
        # 00:30 at +01:00 is 23:30 UTC the day before: the index follows the UTC day.
        {"index": {"_index": "p-events-20261127", "_id": "b2"}},
        {"index": {"_index": "p-events-20261128", "_id": "c3"}},
    ]
    assert [orjson.loads(line) for line in lines[1::2]] == batch
    assert body(items).endswith(b"\n")


def test_refused_before_sending() -> None:
    items, refused = prepare("", "events", [{"id": 1}, {"id": "x"}, make_event(id="y", details={"n": 2**70})])
    assert items == []
    assert refused[0] == (0, "no id: every event gets an id at ingest")
    assert refused[1] == (1, "utctimestamp None is missing or not ISO-8601")
    assert refused[2][0] == 2
    assert refused[2][1].startswith("not serializable as JSON")


def test_utc_day() -> None:
    assert str(utc_day("2026-11-28T00:30:00+01:00")) == "2026-11-27"
    assert utc_day("nope") is None
    assert utc_day(12) is None


def test_chunks_respect_the_byte_budget_and_keep_a_big_item_alone() -> None:
    items = [Item([i], b"x" * size) for i, size in enumerate((40, 40, 40, 200, 10))]
    assert [[i.positions[0] for i in c] for c in chunks(items, 100)] == [[0, 1], [2], [3], [4]]


BULK_RESPONSE: dict[str, Any] = {
    "took": 30,
    "errors": True,
    "items": [
        {
            "index": {
                "_index": "events-20261127",
                "_id": "a",
                "_version": 1,
                "result": "created",
                "status": 201,
            }
        },
        {
            "index": {
                "_index": "events-20261127",
                "_id": "b",
                "status": 429,
                "error": {
                    "type": "es_rejected_execution_exception",
                    "reason": "rejected execution of coordinating operation",
                },
            }
        },
        {
            "index": {
                "_index": "events-20261127",
                "_id": "c",
                "status": 400,
                "error": {
                    "type": "mapper_parsing_exception",
                    "reason": "object mapping for [details.user] tried to parse field [user] as object, "
                    "but found a concrete value",
                },
            }
        },
        {
            "index": {
                "_index": "events-20261127",
                "_id": "d",
                "_version": 3,
                "result": "updated",
                "status": 200,
            }
        },
        {
            "index": {
                "_index": "events-20261127",
                "_id": "e",
                "status": 503,
                "error": {"type": "unavailable_shards_exception", "reason": "primary shard is not active"},
            }
        },
    ],
}


def _items(n: int) -> list[Item]:
    return [Item([i], b"") for i in range(n)]


def test_a_bulk_answer_is_sorted_into_written_retried_and_rejected() -> None:
    items = _items(5)
    written, retry, rejected = classify(items, BULK_RESPONSE)
    assert [i.positions for i in written] == [[0], [3]]
    assert [(i.positions, why) for i, why in retry] == [
        ([1], "HTTP 429: es_rejected_execution_exception: rejected execution of coordinating operation"),
        ([4], "HTTP 503: unavailable_shards_exception: primary shard is not active"),
    ]
    assert [(i.positions, why) for i, why in rejected] == [
        (
            [2],
            "mapper_parsing_exception: object mapping for [details.user] tried to parse field [user] as "
            "object, but found a concrete value",
        )
    ]


def test_an_answer_with_the_wrong_number_of_items_is_not_trusted() -> None:
    with pytest.raises(StoreUnavailableError, match="answered 1 items for 5 sent"):
        classify(_items(5), {"items": BULK_RESPONSE["items"][:1]})


def test_reason_reads_any_error_shape() -> None:
    assert reason(None) == "no reason given"
    assert reason("plain") == "plain"
    assert reason({"type": "x"}) == "x"


class Scripted:
    """A send function answering from a list of per-call verdict maps (position -> status)."""

    def __init__(self, *rounds: dict[int, int] | Exception) -> None:
        self.rounds = list(rounds)
        self.sent: list[list[int]] = []

    async def __call__(self, data: bytes) -> dict[str, Any]:
        positions = [int(line) for line in data.decode().split()]
        self.sent.append(positions)
        verdict = self.rounds.pop(0) if len(self.rounds) > 1 else self.rounds[0]
        if isinstance(verdict, Exception):
            raise verdict
        return {"items": [{"index": {"status": verdict.get(p, 201)}} for p in positions]}


def _numbered(n: int) -> list[Item]:
    return [Item([i], f"{i}\n".encode()) for i in range(n)]


FAST = Backoff(attempts=3, base=0.0, cap=0.0)


async def test_only_transient_items_are_resent_until_written() -> None:
    send = Scripted({1: 429, 2: 400, 3: 502}, {3: 429}, {})
    outcome = await write_items(send, _numbered(5), max_bytes=1000, backoff=FAST)
    assert send.sent == [[0, 1, 2, 3, 4], [1, 3], [3]]
    assert outcome.written == 4
    assert [p for p, _ in outcome.failed] == [2]


async def test_transport_failures_resend_the_chunk_and_finally_refuse() -> None:
    send = Scripted(TransientError("connection reset"))
    with pytest.raises(
        StoreUnavailableError, match=r"2 of 2 events still refused after 3 tries.*connection reset"
    ):
        await write_items(send, _numbered(2), max_bytes=1000, backoff=FAST)
    assert send.sent == [[0, 1]] * 3


def test_backoff_grows_and_is_capped() -> None:
    backoff = Backoff(attempts=6, base=0.1, cap=1.0)
    assert 0.05 <= backoff.delay(0) <= 0.1
    assert 0.4 <= backoff.delay(3) <= 0.8
    assert 0.5 <= backoff.delay(10) <= 1.0
