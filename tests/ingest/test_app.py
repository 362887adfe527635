"""The HTTP routes over ASGI with the real embedded bus: what is answered, and what lands on mozdef.raw."""

from __future__ import annotations

import gzip
import shutil

import httpx
import orjson
import pydantic
import pytest

from mozdef_common import topics
from mozdef_common.bus import Bus, open_bus
from mozdef_ingest.app import create_app
from mozdef_ingest.settings import IngestSettings
from tests.ingest.conftest import header, make_settings, read_raw

JSON = {"content-type": "application/json"}
NDJSON = {"content-type": "application/x-ndjson"}


async def test_one_object(client: httpx.AsyncClient, bus: Bus) -> None:
    response = await client.post("/events", json={"summary": "hello", "details": {"x": 1}})
    assert response.status_code == 202
    body = response.json()
    assert body["accepted"] == 1
    assert body["rejected"] == 0
    assert body["errors"] == []
    [message] = await read_raw(bus, 1)
    assert orjson.loads(message.value) == {"summary": "hello", "details": {"x": 1}}
    assert header(message, topics.H_ID) == body["ids"][0]
    assert message.key == body["ids"][0].encode()
    assert header(message, topics.H_ENDPOINT) == "events"
    assert header(message, topics.H_RECEIVED)


async def test_array_with_bad_items_names_them(client: httpx.AsyncClient, bus: Bus) -> None:
    events = [{"n": 0}, 5, {"n": 2}, "x", {"n": 4}]
    response = await client.post("/events", content=orjson.dumps(events), headers=JSON)
    assert response.status_code == 202
    body = response.json()
    assert (body["accepted"], body["rejected"]) == (3, 2)
    assert [e["item"] for e in body["errors"]] == [1, 3]
    assert {e["type"] for e in body["errors"]} == {"not_an_object"}
    assert body["ids"][1] is None
    messages = await read_raw(bus, 3)
    assert [orjson.loads(m.value)["n"] for m in messages] == [0, 2, 4]
    assert [header(m, topics.H_ID) for m in messages] == [i for i in body["ids"] if i]


async def test_ndjson_and_gzip(client: httpx.AsyncClient, bus: Bus) -> None:
    ndjson = b'{"n": 1}\n{"n": 2}\n{"n": \n{"n": 4}\n'
    response = await client.post("/events", content=ndjson, headers=NDJSON)
    assert response.status_code == 202
    assert response.json()["errors"] == [
        {"item": 2, "line": 3, "type": "json_parse_error", "reason": response.json()["errors"][0]["reason"]}
    ]
    zipped = gzip.compress(orjson.dumps([{"n": 5}, {"n": 6}]))
    response = await client.post("/events", content=zipped, headers={**JSON, "content-encoding": "gzip"})
    assert response.status_code == 202
    assert response.json()["accepted"] == 2
    messages = await read_raw(bus, 5)
    assert [orjson.loads(m.value)["n"] for m in messages] == [1, 2, 4, 5, 6]


async def test_custom_app_header(client: httpx.AsyncClient, bus: Bus) -> None:
    response = await client.post("/custom/vidyo", json=[{"a": 1}, {"a": 2}])
    assert response.status_code == 202
    messages = await read_raw(bus, 2)
    assert {header(m, topics.H_APP) for m in messages} == {"vidyo"}
    assert {header(m, topics.H_ENDPOINT) for m in messages} == {"custom"}
    bad = await client.post("/custom/..%2f..", json={"a": 1})
    assert bad.status_code in (400, 404)
    assert "error" in bad.json()


async def test_bulk(client: httpx.AsyncClient, bus: Bus) -> None:
    body = (
        b'{"index": {"_index": "filebeat-8", "_id": "given-id"}}\n{"message": "one"}\n'
        b'{"create": {}}\n{"message": "two"}\n'
        b'{"delete": {"_id": "x"}}\n'
        b'{"index": {}}\n{"message": \n'
    )
    response = await client.post("/logs/_bulk", content=body, headers=NDJSON)
    assert response.status_code == 200
    assert response.headers["x-elastic-product"] == "Elasticsearch"
    result = response.json()
    assert result["errors"] is True
    assert isinstance(result["took"], int)
    assert [next(iter(i)) for i in result["items"]] == ["index", "create", "delete", "index"]
    assert [next(iter(i.values()))["status"] for i in result["items"]] == [201, 201, 400, 400]
    assert result["items"][0]["index"]["_id"] == "given-id"
    assert result["items"][2]["delete"]["error"]["type"] == "illegal_argument_exception"
    messages = await read_raw(bus, 2)
    assert [header(m, topics.H_INDEX) for m in messages] == ["filebeat-8", "logs"]
    assert header(messages[0], topics.H_ID) == "given-id"
    assert header(messages[1], topics.H_ID) == result["items"][1]["create"]["_id"]
    assert {header(m, topics.H_ENDPOINT) for m in messages} == {"bulk"}


async def test_bulk_whole_request_errors_have_elasticsearch_shape(client: httpx.AsyncClient) -> None:
    response = await client.post("/_bulk", content=b"not an action\n{}\n", headers=NDJSON)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["error"]["type"] == "illegal_argument_exception"
    assert body["error"]["root_cause"][0]["reason"].startswith("Malformed action/metadata line [1]")
    empty = await client.post("/_bulk", content=b"\n", headers=NDJSON)
    assert empty.status_code == 400


async def test_elasticsearch_probes(client: httpx.AsyncClient) -> None:
    root = await client.get("/")
    assert root.status_code == 200
    assert root.headers["x-elastic-product"] == "Elasticsearch"
    info = root.json()
    assert info["version"]["number"].startswith("8.")
    assert info["version"]["build_flavor"] == "default"
    assert info["tagline"] == "You Know, for Search"
    assert (await client.head("/")).status_code == 200
    health = await client.get("/_cat/health")
    assert health.status_code == 200
    assert " green " in health.text
    assert (await client.get("/_cat/health", params={"format": "json"})).json()[0]["status"] == "green"
    assert (await client.get("/_cluster/health")).json()["status"] == "green"
    assert (await client.get("/_license")).json()["license"]["status"] == "active"
    assert (await client.get("/_xpack")).json()["features"]["ilm"]["available"] is False
    assert (await client.head("/_index_template/logstash")).status_code == 200
    put = await client.put("/_index_template/filebeat-8.17.0", json={"index_patterns": ["x"]})
    assert put.json() == {"acknowledged": True}
    assert (await client.put("/_ilm/policy/filebeat", json={})).json() == {"acknowledged": True}


async def test_request_errors(client: httpx.AsyncClient) -> None:
    cases = [
        (b'{"a": 1', JSON, 400, "json_parse_error"),
        (b'{"a": "\xff"}', JSON, 400, "invalid_utf8"),
        (b"42", JSON, 400, "not_an_object"),
        (b"", JSON, 400, "empty_body"),
        (b"[]", JSON, 400, "empty_body"),
        (b"a=1", {"content-type": "application/x-www-form-urlencoded"}, 415, "unsupported_media_type"),
        (b"{}", {**JSON, "content-encoding": "br"}, 415, "unsupported_encoding"),
        (b"not gzip", {**JSON, "content-encoding": "gzip"}, 400, "bad_encoding"),
    ]
    for body, headers, status, kind in cases:
        response = await client.post("/events", content=body, headers=headers)
        assert response.status_code == status, (body, response.text)
        assert response.json()["error"]["type"] == kind
        assert response.json()["error"]["reason"]


async def test_all_items_rejected_is_400_with_each_error(client: httpx.AsyncClient) -> None:
    deep: dict[str, object] = {"x": 1}
    for _ in range(100):
        deep = {"n": deep}
    response = await client.post(
        "/events", content=orjson.dumps([1, deep, {f"k{i}": i for i in range(10_000)}])
    )
    assert response.status_code == 400
    body = response.json()
    assert body["error"]["type"] == "no_valid_events"
    assert [(e["item"], e["type"]) for e in body["errors"]] == [
        (0, "not_an_object"),
        (1, "too_deep"),
        (2, "too_many_keys"),
    ]


async def test_body_limit_before_and_after_gzip(settings: IngestSettings, bus: Bus) -> None:
    limited = make_settings(settings.data_dir, ingest_max_body_bytes=100_000)
    app = create_app(limited, bus, keys=None)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://ingest") as c:
        big = orjson.dumps([{"s": "x" * 1000}] * 200)
        assert (await c.post("/events", content=big, headers=JSON)).status_code == 413
        bomb = gzip.compress(b"[" + b'{"s": "aaaaaaaaaa"},' * 100_000 + b"{}]")
        assert len(bomb) < 100_000
        response = await c.post("/events", content=bomb, headers={**JSON, "content-encoding": "gzip"})
        assert response.status_code == 413
        assert response.json()["error"]["type"] == "body_too_large"
        bulk = await c.post("/_bulk", content=big, headers=NDJSON)
        assert bulk.status_code == 413
        assert bulk.json()["status"] == 413


async def test_bus_full_is_503_with_retry_after(settings: IngestSettings) -> None:
    small = make_settings(settings.data_dir / "small", bus_max_bytes=1024 * 1024)
    bus = open_bus(small)
    await bus.start()
    # A group that has consumed nothing: the bus must keep everything for it, so it fills up.
    await (await bus.consumer([topics.RAW], "slow")).close()
    try:
        app = create_app(small, bus, keys=None)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://ingest") as c:
            chunk = [{"s": "x" * 300_000} for _ in range(4)]  # 1.2 MB: the first batch always fits
            assert (await c.post("/events", json=chunk)).status_code == 202
            full = await c.post("/events", json=chunk)
            assert full.status_code == 503
            assert full.headers["retry-after"] == "5"
            assert full.json()["error"]["type"] == "bus_full"
            bulk = await c.post("/_bulk", content=b'{"index": {"_index": "x"}}\n{"a": 1}\n', headers=NDJSON)
            assert bulk.status_code == 503
            assert bulk.json()["error"]["type"] == "bus_full"
            assert "retry-after" in bulk.headers
            status = (await c.get("/status")).json()
            assert status["refused_requests"] == 2
        assert len(await read_raw(bus, 4, group="slow")) == 4  # the refused batches left nothing behind
    finally:
        await bus.close()


async def test_health_status_and_metrics(client: httpx.AsyncClient, settings: IngestSettings) -> None:
    await client.post("/events", json=[{"a": 1}, 2])
    assert (await client.get("/healthz")).text == "ok"
    assert (await client.get("/readyz")).json() == {"ready": True}
    status = (await client.get("/status")).json()
    assert status["bus"]["reachable"] is True
    assert status["events"] == {"accepted": 1, "rejected": 1}
    metrics = (await client.get("/metrics")).text
    assert 'mozdef_events_received_total{stage="ingest"} 2.0' in metrics
    assert 'mozdef_events_sent_total{stage="ingest"} 1.0' in metrics
    assert 'mozdef_events_dropped_total{reason="not_an_object",stage="ingest"} 1.0' in metrics
    shutil.rmtree(settings.resolved_data_dir / "bus")  # the bus is gone: not ready, cluster red
    assert (await client.get("/readyz")).status_code == 503
    assert (await client.get("/_cluster/health")).json()["status"] == "red"
    assert (await client.get("/status")).json()["bus"]["reachable"] is False
    assert (await client.get("/healthz")).status_code == 200


def test_settings_refuse_open_ingest_where_it_is_unsafe(settings: IngestSettings) -> None:
    with pytest.raises(pydantic.ValidationError):
        make_settings(settings.data_dir, ingest_open=True, environment="production")
    with pytest.raises(pydantic.ValidationError):
        make_settings(settings.data_dir, ingest_open=True, bind="0.0.0.0")
    assert make_settings(settings.data_dir, ingest_open=True, bind="::1").ingest_open
