"""Pagination cursors, field selection, one event by id, aggregations and the field catalog."""

from __future__ import annotations

import httpx
import orjson


async def page_through(client: httpx.AsyncClient, size: int) -> list[str]:
    seen: list[str] = []
    cursor = None
    for _ in range(10):  # bounded: three events need at most four pages
        body = {"size": size, **({"cursor": cursor} if cursor else {})}
        answer = (await client.post("/api/v1/events/search", json=body)).json()
        assert answer["total"] == 3
        seen += [hit["id"] for hit in answer["hits"]]
        cursor = answer.get("next_cursor")
        if cursor is None:
            break
    return seen


async def test_cursor_pages_through_everything_once(client: httpx.AsyncClient) -> None:
    assert await page_through(client, 1) == ["new", "mid", "old"]
    assert await page_through(client, 2) == ["new", "mid", "old"]


async def test_a_bad_cursor_is_a_clear_400(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/events/search", params={"cursor": "not-a-cursor!"})
    assert response.status_code == 400
    assert "cursor" in response.json()["error"]["reason"]


async def test_fields_selects_paths(client: httpx.AsyncClient) -> None:
    params = {"q": "hostname:web2", "fields": "hostname,details.port,details.absent"}
    answer = (await client.get("/api/v1/events/search", params=params)).json()
    assert answer["hits"][0]["source"] == {"id": "new", "hostname": "web2", "details": {"port": 443}}
    body = {"q": "hostname:web2", "fields": ["details"]}
    answer = (await client.post("/api/v1/events/search", json=body)).json()
    assert answer["hits"][0]["source"] == {"id": "new", "details": {"port": 443}}


async def test_one_event_by_id(client: httpx.AsyncClient) -> None:
    found = await client.get("/api/v1/events/mid")
    assert found.status_code == 200
    assert found.json()["source"]["hostname"] == "web1"
    assert found.json()["index"].startswith("events-")
    missing = await client.get("/api/v1/events/nope")
    assert missing.status_code == 404
    letter = await client.get("/api/v1/events/dl", params={"index": "deadletter"})
    assert letter.json()["index"].startswith("deadletter-")


async def test_aggregations_by_get_and_post(client: httpx.AsyncClient) -> None:
    aggs = {"hosts": {"terms": {"field": "hostname"}}}
    post = await client.post("/api/v1/events/search", json={"size": 0, "aggs": aggs})
    assert post.status_code == 200, post.text
    buckets = post.json()["aggregations"]["hosts"]["buckets"]
    assert [(b["key"], b["doc_count"]) for b in buckets] == [("web1", 2), ("web2", 1)]
    params = {"size": 0, "aggs": orjson.dumps(aggs).decode()}
    get = await client.get("/api/v1/events/search", params=params)
    assert get.json()["aggregations"] == post.json()["aggregations"]
    bad = await client.post("/api/v1/events/search", json={"aggs": {"x": {"nonsense": {}}}})
    assert bad.status_code == 400
    assert "x" in bad.json()["error"]["reason"]


async def test_field_catalog(client: httpx.AsyncClient) -> None:
    answer = await client.get("/api/v1/fields")
    assert answer.status_code == 200
    catalog = {f["name"]: f["type"] for f in answer.json()["fields"]}
    assert catalog["hostname"] == "keyword"
    assert catalog["summary"] == "text"
    assert catalog["utctimestamp"] == "date"
    assert "details.port" in catalog
