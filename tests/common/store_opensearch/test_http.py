"""The store over real HTTP against a scripted stand-in node: retries, per-item verdicts, errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mozdef_common.errors import QueryError, StoreError, StoreUnavailableError
from mozdef_common.query.ast import MatchAll
from mozdef_common.store.base import SearchRequest
from mozdef_common.store.opensearch_bulk import Backoff
from mozdef_common.store.opensearch_store import OpenSearchEventStore
from tests.common.store_opensearch.conftest import NOW, config_for, stub_compile
from tests.common.store_opensearch.fake_server import FakeOpenSearch, Recorded
from tests.support.events import make_event
from tests.support.net import free_port

MAPPING_ERROR = {
    "type": "mapper_parsing_exception",
    "reason": "failed to parse field [details.user] of type [keyword] in document with id 'b'",
    "caused_by": {"type": "illegal_state_exception", "reason": "Can't get text on a START_OBJECT"},
}
BUSY = {"type": "es_rejected_execution_exception", "reason": "rejected execution of bulk (queue full)"}


def bulk_answer(statuses: dict[str, int]) -> Callable[[Recorded], tuple[int, Any]]:
    """A _bulk answer giving each id its scripted status (201 when unscripted)."""

    def answer(request: Recorded) -> tuple[int, Any]:
        items = []
        for action in request.ndjson()[::2]:
            meta = action["index"]
            status = statuses.get(meta["_id"], 201)
            item: dict[str, Any] = {"_index": meta["_index"], "_id": meta["_id"], "status": status}
            if status == 429:
                item["error"] = BUSY
            elif status >= 400:
                item["error"] = MAPPING_ERROR
            items.append({"index": item})
        return 200, {"took": 3, "errors": any(i["index"]["status"] >= 300 for i in items), "items": items}

    return answer


def ids_sent(request: Recorded) -> list[str]:
    return [action["index"]["_id"] for action in request.ndjson()[::2]]


def events(*ids: str) -> list[dict[str, Any]]:
    return [make_event(id=i) for i in ids]


async def test_a_429_item_is_retried_alone_and_a_mapping_rejection_is_reported(
    fake: FakeOpenSearch, store: OpenSearchEventStore
) -> None:
    fake.on("POST", "/_bulk", bulk_answer({"b": 400, "c": 429}), bulk_answer({}))
    result = await store.write("events", events("a", "b", "c", "d"))
    assert result.written == 3
    assert result.failed == [
        (
            1,
            "mapper_parsing_exception: failed to parse field [details.user] of type [keyword] in document "
            "with id 'b' (caused by illegal_state_exception: Can't get text on a START_OBJECT)",
        )
    ]
    first, second = fake.calls("POST", "/_bulk")
    assert ids_sent(first) == ["a", "b", "c", "d"]
    assert ids_sent(second) == ["c"]
    assert first.query == {"filter_path": "errors,items.*.status,items.*.error", "refresh": "wait_for"}


async def test_a_whole_request_answered_503_is_sent_again(
    fake: FakeOpenSearch, store: OpenSearchEventStore
) -> None:
    unavailable = {"error": {"type": "unavailable_shards_exception", "reason": "primary shard is not active"}}
    fake.on("POST", "/_bulk", (503, {**unavailable, "status": 503}), bulk_answer({}))
    result = await store.write("events", events("a", "b"))
    assert (result.written, result.failed) == (2, [])
    assert [ids_sent(r) for r in fake.calls("POST", "/_bulk")] == [["a", "b"], ["a", "b"]]


async def test_items_still_busy_after_the_last_try_refuse_the_batch(
    fake: FakeOpenSearch, store: OpenSearchEventStore
) -> None:
    # Retrying the whole batch later is safe (ids), dead-lettering busy events would not be right.
    fake.on("POST", "/_bulk", bulk_answer({"b": 429}))
    with pytest.raises(StoreUnavailableError, match=r"1 of 2 events still refused after 4 tries \(1 written"):
        await store.write("events", events("a", "b"))
    assert len(fake.calls("POST", "/_bulk")) == 4


async def test_duplicate_ids_in_a_batch_are_sent_once_the_last_wins(
    fake: FakeOpenSearch, store: OpenSearchEventStore
) -> None:
    fake.on("POST", "/_bulk", bulk_answer({}))
    batch = [make_event(id="a", summary="old"), make_event(id="b"), make_event(id="a", summary="new")]
    result = await store.write("events", batch)
    assert (result.written, result.failed) == (3, [])
    (request,) = fake.calls("POST", "/_bulk")
    lines = request.ndjson()
    assert [line.get("summary") for line in lines[1::2]] == ["", "new"]


async def test_events_without_id_or_time_are_refused_before_sending(
    fake: FakeOpenSearch, store: OpenSearchEventStore
) -> None:
    fake.on("POST", "/_bulk", bulk_answer({}))
    batch = [make_event(id="a"), {"summary": "no id"}, make_event(id="c", utctimestamp="yesterday")]
    result = await store.write("events", batch)
    assert result.written == 1
    assert result.failed == [
        (1, "no id: every event gets an id at ingest"),
        (2, "utctimestamp 'yesterday' is missing or not ISO-8601"),
    ]


async def test_batches_are_split_into_chunks_and_413_halves_a_chunk(fake: FakeOpenSearch) -> None:
    def too_large_for_three(request: Recorded) -> tuple[int, Any]:
        if len(ids_sent(request)) >= 3:
            return 413, {"error": {"type": "content_too_long", "reason": "too long"}, "status": 413}
        return bulk_answer({})(request)

    fake.on("POST", "/_bulk", too_large_for_three)
    store = OpenSearchEventStore(
        config_for(fake.port, bulk_chunk_bytes=64 * 1024), compile_query=stub_compile, clock=lambda: NOW
    )
    try:
        batch = [make_event(id=f"e{i}", summary="x" * 20_000) for i in range(6)]
        result = await store.write("events", batch)
    finally:
        await store.close()
    assert (result.written, result.failed) == (6, [])
    sent = sorted(
        i for r in fake.calls("POST", "/_bulk") if r.body and len(ids_sent(r)) < 3 for i in ids_sent(r)
    )
    assert sent == [f"e{i}" for i in range(6)]


async def test_an_unreachable_cluster_is_unavailable_and_the_password_never_shows(caplog: Any) -> None:
    port = free_port()  # nothing listens there
    store = OpenSearchEventStore(
        config_for(port, username="mozdef", password=_secret("hunter2-pass")),
        compile_query=stub_compile,
        backoff=Backoff(attempts=2, base=0.001, cap=0.001),
    )
    try:
        with pytest.raises(
            StoreUnavailableError, match=rf"cannot reach OpenSearch at http://127.0.0.1:{port}"
        ) as info:
            await store.write("events", events("a"))
        with pytest.raises(StoreUnavailableError, match="cannot reach") as searching:
            await store.search(SearchRequest(query=MatchAll()))
    finally:
        await store.close()
    for text in (str(info.value), str(searching.value), caplog.text):
        assert "hunter2" not in text


async def test_refused_credentials_are_unavailable_without_the_password(fake: FakeOpenSearch) -> None:
    fake.on("POST", "/_bulk", (401, {"error": {"type": "security_exception", "reason": "unauthorized"}}))
    store = OpenSearchEventStore(
        config_for(fake.port, username="mozdef", password=_secret("hunter2-pass")), compile_query=stub_compile
    )
    try:
        with pytest.raises(StoreUnavailableError, match="refused the credentials") as info:
            await store.write("events", events("a"))
    finally:
        await store.close()
    assert "hunter2" not in str(info.value)
    (request,) = fake.calls("POST", "/_bulk")
    assert request.method == "POST"  # one try: a wrong password does not heal by retrying now


async def test_a_writer_sets_the_cluster_up_once_a_day(fake: FakeOpenSearch) -> None:
    exists = {"error": {"type": "resource_already_exists_exception", "reason": "exists"}, "status": 400}
    for family in ("events", "deadletter", "alerts"):
        fake.on("PUT", f"/_index_template/mozdef-{family}", (200, {"acknowledged": True}))
    fake.on("PUT", "/events-20261126", (200, {"acknowledged": True}))
    fake.on("PUT", "/events-20261127", (400, exists))
    fake.on("PUT", "/alerts-20261127", (200, {"acknowledged": True}))
    fake.on(
        "GET", "/_alias/events-previous", (200, {"events-20261125": {"aliases": {"events-previous": {}}}})
    )
    fake.on("POST", "/_aliases", (200, {"acknowledged": True}))
    fake.on("POST", "/_bulk", bulk_answer({}))
    store = OpenSearchEventStore(
        config_for(fake.port), writer=True, compile_query=stub_compile, clock=lambda: NOW
    )
    try:
        await store.write("events", events("a"))
        await store.write("events", events("b"))
    finally:
        await store.close()
    put_template = fake.calls("PUT", "/_index_template/mozdef-events")
    assert len(put_template) == 1
    assert put_template[0].json()["index_patterns"] == ["events-*"]
    assert fake.calls("POST", "/_aliases")[0].json() == {
        "actions": [
            {"remove": {"index": "events-20261125", "alias": "events-previous"}},
            {"add": {"index": "events-20261126", "alias": "events-previous"}},
        ]
    }
    assert len(fake.calls("POST", "/_bulk")) == 2
    assert len(fake.calls("GET", "/_alias/events-previous")) == 1


async def test_a_refused_template_stops_the_writer_with_the_reason(fake: FakeOpenSearch) -> None:
    refusal = {"type": "illegal_argument_exception", "reason": "unknown setting [index.foo]"}
    fake.on("PUT", "/_index_template/mozdef-events", (400, {"error": {**refusal, "root_cause": [refusal]}}))
    store = OpenSearchEventStore(
        config_for(fake.port), writer=True, compile_query=stub_compile, clock=lambda: NOW
    )
    try:
        with pytest.raises(StoreError, match=r"unknown setting \[index.foo\]") as info:
            await store.write("events", events("a"))
    finally:
        await store.close()
    assert not isinstance(info.value, StoreUnavailableError)


async def test_search_reads_hits_totals_and_sort_values(
    fake: FakeOpenSearch, store: OpenSearchEventStore
) -> None:
    source = make_event(id="a")
    fake.on(
        "POST",
        "/events-*/_search",
        (
            200,
            {
                "took": 2,
                "timed_out": False,
                "hits": {
                    "total": {"value": 1234, "relation": "eq"},
                    "max_score": None,
                    "hits": [
                        {
                            "_index": "events-20261127",
                            "_id": "a",
                            "_score": None,
                            "_source": source,
                            "sort": [1795773600000000000, "a"],
                        }
                    ],
                },
            },
        ),
    )
    result = await store.search(SearchRequest(query=MatchAll(), size=1))
    assert result.total == 1234
    (hit,) = result.hits
    assert (hit.id, hit.index, hit.source, hit.sort) == (
        "a",
        "events-20261127",
        source,
        (1795773600000000000, "a"),
    )
    (request,) = fake.calls("POST", "/events-*/_search")
    assert request.query == {"ignore_unavailable": "true", "allow_no_indices": "true"}
    assert request.json()["track_total_hits"] is True


async def test_a_query_the_cluster_refuses_is_a_query_error(
    fake: FakeOpenSearch, store: OpenSearchEventStore
) -> None:
    cause = {"type": "query_shard_exception", "reason": 'failed to create query: For input string: "abc"'}
    error = {"type": "search_phase_execution_exception", "reason": "all shards failed", "root_cause": [cause]}
    fake.on("POST", "/events-*/_search", (400, {"error": error, "status": 400}))
    with pytest.raises(QueryError, match="failed to create query"):
        await store.search(SearchRequest(query=MatchAll()))


async def test_get_indices_and_fields(fake: FakeOpenSearch, store: OpenSearchEventStore) -> None:
    source = make_event(id="a")
    fake.on(
        "POST",
        "/events-*/_search",
        (
            200,
            {
                "hits": {
                    "total": {"value": 1},
                    "hits": [{"_index": "events-20261127", "_id": "a", "_source": source}],
                }
            },
        ),
    )
    fake.on(
        "GET",
        "/_cat/indices/*",
        (
            200,
            [
                {"index": "events-20261127", "docs.count": "12"},
                {"index": "deadletter-20261127", "docs.count": "1"},
                {"index": ".opendistro-job-scheduler-lock", "docs.count": "3"},
                {"index": "events-20261126", "docs.count": None},
            ],
        ),
    )
    fake.on(
        "GET",
        "/events-*/_mapping",
        (
            200,
            {
                "events-20261127": {
                    "mappings": {
                        "properties": {
                            "summary": {"type": "text", "fields": {"keyword": {"type": "keyword"}}},
                            "details": {"properties": {"port": {"type": "double"}}},
                        }
                    }
                },
                "events-20261126": {
                    "mappings": {"properties": {"details": {"properties": {"port": {"type": "keyword"}}}}}
                },
            },
        ),
    )
    hit = await store.get("a")
    assert hit is not None
    assert (hit.id, hit.index) == ("a", "events-20261127")
    assert fake.calls("POST", "/events-*/_search")[0].json()["query"] == {"term": {"id": "a"}}
    assert await store.indices() == [
        ("deadletter-20261127", 1),
        ("events-20261126", 0),
        ("events-20261127", 12),
    ]
    catalog = await store.fields()
    assert catalog[-1] == ("details.port", "keyword")  # the sampled event holds no details.port
    assert ("summary", "text") in catalog


async def test_get_of_an_unknown_id_is_none(fake: FakeOpenSearch, store: OpenSearchEventStore) -> None:
    fake.on("POST", "/deadletter-*/_search", (200, {"hits": {"total": {"value": 0}, "hits": []}}))
    assert await store.get("nope", "deadletter") is None


def _secret(value: str) -> Any:
    from pydantic import SecretStr

    return SecretStr(value)
