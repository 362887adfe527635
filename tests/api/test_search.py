"""The search endpoints over a real tantivy store, through the real app (ASGI, no server needed)."""

from __future__ import annotations

import httpx
import pytest

from mozdef_api.search import parse_sort
from mozdef_common.errors import QueryError
from tests.api.conftest import at
from tests.support.api import Api


def ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [hit["id"] for hit in response.json()["hits"]]


async def test_get_and_post_answer_the_same(client: httpx.AsyncClient) -> None:
    get = await client.get("/api/v1/events/search", params={"q": "hostname:web1"})
    post = await client.post("/api/v1/events/search", json={"q": "hostname:web1"})
    assert get.json() == post.json()
    assert get.json()["total"] == 2
    assert ids(get) == ["mid", "old"]  # newest first by default
    hit = get.json()["hits"][0]
    assert hit["index"].startswith("events-")
    assert hit["source"]["hostname"] == "web1"


async def test_time_window_sort_and_size(client: httpx.AsyncClient) -> None:
    recent = await client.get("/api/v1/events/search", params={"start": "now-1h"})
    assert ids(recent) == ["new", "mid"]
    window = await client.post(
        "/api/v1/events/search",
        json={"start": at(200), "end": "now-10m", "sort": "utctimestamp:asc"},
    )
    assert ids(window) == ["old", "mid"]
    first = await client.get("/api/v1/events/search", params={"size": 1})
    assert first.json()["total"] == 3  # the total is exact whatever the size
    assert ids(first) == ["new"]


async def test_details_ranges_and_dead_letters(client: httpx.AsyncClient) -> None:
    ranged = await client.get("/api/v1/events/search", params={"q": "details.port:>=100"})
    assert ids(ranged) == ["new"]
    letters = await client.get("/api/v1/events/search", params={"index": "deadletter"})
    assert ids(letters) == ["dl"]


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"q": "hostname:(web1"}, "position"),
        ({"q": 'summary:"unterminated'}, "position"),
        ({"start": "yesterday"}, "yesterday"),
        ({"sort": "utctimestamp:sideways"}, "sideways"),
        ({"size": 10_001}, "size"),
        ({"index": "secrets"}, "index"),
        ({"bogus": "1"}, "bogus"),
    ],
)
async def test_bad_requests_say_what_is_wrong(
    client: httpx.AsyncClient, params: dict[str, object], fragment: str
) -> None:
    response = await client.get("/api/v1/events/search", params=params)
    assert response.status_code in (400, 422), response.text
    assert fragment in response.text


async def test_search_needs_credentials_and_health_checks_do_not(api: Api) -> None:
    anonymous = await api.client(None)
    refused = await anonymous.get("/api/v1/events/search")
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"].startswith("Bearer")
    assert refused.json()["error"]["type"] == "unauthorized"
    wrong = {"Authorization": "Bearer mzd_0123456789abcdef_not-the-secret"}
    assert (await anonymous.get("/api/v1/events/search", headers=wrong)).status_code == 401
    assert (await anonymous.get("/healthz")).status_code == 200
    assert (await anonymous.get("/readyz")).json() == {"ready": True}


def test_parse_sort() -> None:
    assert parse_sort("-utctimestamp") == (("utctimestamp", "desc"),)
    assert parse_sort("utctimestamp:asc, receivedtimestamp") == (
        ("utctimestamp", "asc"),
        ("receivedtimestamp", "desc"),
    )
    with pytest.raises(QueryError):
        parse_sort(",")
