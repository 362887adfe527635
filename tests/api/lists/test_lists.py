"""Blocklist and watchlist over the real app and the real SQLite state store."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mozdef_api.lists.feeds import purge
from mozdef_api.settings import ApiSettings
from mozdef_common.event import utc_iso
from mozdef_common.lists.store import add_entry, list_collection
from tests.support.api import Api, running_api


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    async with running_api(ApiSettings(data_dir=tmp_path)) as running:
        yield running


async def audit_actions(api: Api) -> list[tuple[str, str | None]]:
    _, docs = await api.state.collection("audit").find(limit=100, sort=[("created", 1), ("id", 1)])
    return [(d["action"], d.get("actor")) for d in docs if d["action"].startswith(("blocklist", "watchlist"))]


@pytest.mark.parametrize("name", ["blocklist", "watchlist"])
async def test_create_list_read_delete_and_every_change_audited(api: Api, name: str) -> None:
    analyst = await api.client("analyst", name="ann")
    created = await analyst.post(
        f"/api/v1/{name}",
        json={"type": "ip", "value": " 2001:DB8::0:1 ", "reason": "scanner", "expires": "2h"},
    )
    assert created.status_code == 201, created.text
    entry = created.json()
    assert (entry["type"], entry["value"], entry["actor"], entry["active"]) == (
        "ip",
        "2001:db8::1",
        "apikey:ann",
        True,
    )
    assert entry["source"] == "manual"
    expires = datetime.fromisoformat(entry["expires"])
    assert timedelta(minutes=119) < expires - datetime.now(UTC) <= timedelta(hours=2)

    again = await analyst.post(
        f"/api/v1/{name}", json={"type": "ip", "value": "2001:db8::1", "reason": "still"}
    )
    assert again.status_code == 200  # listed already: refreshed, not duplicated
    assert again.json()["id"] == entry["id"]
    assert again.json()["expires"] is None

    await analyst.post(
        f"/api/v1/{name}", json={"type": "domain", "value": "Bad.Example.com", "source": "intel"}
    )
    listed = (await analyst.get(f"/api/v1/{name}")).json()
    assert listed["total"] == 2
    assert (await analyst.get(f"/api/v1/{name}", params={"type": "domain"})).json()["entries"][0][
        "value"
    ] == ("bad.example.com")
    assert (await analyst.get(f"/api/v1/{name}", params={"source": "intel"})).json()["total"] == 1
    assert (await analyst.get(f"/api/v1/{name}", params={"value": "DB8"})).json()["total"] == 1
    assert (await analyst.get(f"/api/v1/{name}/{entry['id']}")).json()["reason"] == "still"

    assert (await analyst.delete(f"/api/v1/{name}/{entry['id']}")).status_code == 204
    assert (await analyst.get(f"/api/v1/{name}/{entry['id']}")).status_code == 404
    assert (await analyst.delete(f"/api/v1/{name}/{entry['id']}")).status_code == 404
    assert await audit_actions(api) == [
        (f"{name}.create", "apikey:ann"), (f"{name}.update", "apikey:ann"),
        (f"{name}.create", "apikey:ann"), (f"{name}.delete", "apikey:ann"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "value", "stored"),
    [
        ("ip", "203.0.113.7", "203.0.113.7"),
        ("cidr", "198.51.100.7/24", "198.51.100.0/24"),
        ("domain", "*.Example.org.", "*.example.org"),
        ("domain", "bücher.example", "xn--bcher-kva.example"),
        ("user", "alice@example.org", "alice@example.org"),
        ("hash", "D41D8CD98F00B204E9800998ECF8427E", "d41d8cd98f00b204e9800998ecf8427e"),
    ],
)
async def test_values_are_stored_in_canonical_form(api: Api, kind: str, value: str, stored: str) -> None:
    analyst = await api.client("analyst")
    response = await analyst.post("/api/v1/blocklist", json={"type": kind, "value": value})
    assert response.status_code == 201, response.text
    assert response.json()["value"] == stored


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"type": "ip", "value": "999.1.1.1"}, "not an IPv4 or IPv6"),
        ({"type": "cidr", "value": "10.0.0.0/33"}, "not a network"),
        ({"type": "domain", "value": "no_underscores.example"}, "not a valid host name"),
        ({"type": "domain", "value": "localhost"}, "not a valid host name"),
        ({"type": "user", "value": "two words"}, "without spaces"),
        ({"type": "hash", "value": "abc123"}, "MD5, SHA-1"),
        ({"type": "ip", "value": "192.0.2.1", "expires": "soon"}, "neither a duration"),
        ({"type": "ip", "value": "192.0.2.1", "expires": "2001-01-01T00:00:00Z"}, "already past"),
        ({"type": "ip", "value": "192.0.2.1", "expires": "0s"}, "more than 0"),
        ({"type": "mac", "value": "00:11:22:33:44:55"}, "type"),
        ({"type": "ip", "value": "192.0.2.1", "extra": 1}, "extra"),
    ],
)
async def test_invalid_entries_are_refused_with_the_reason(
    api: Api, body: dict[str, str], message: str
) -> None:
    analyst = await api.client("analyst")
    response = await analyst.post("/api/v1/blocklist", json=body)
    assert response.status_code == 422
    assert message in response.text
    assert (await analyst.get("/api/v1/blocklist")).json()["total"] == 0


async def test_viewers_read_analysts_write_and_shippers_do_neither(api: Api) -> None:
    viewer, shipper, anonymous = (
        await api.client("viewer"),
        await api.client("shipper"),
        await api.client(None),
    )
    body = {"type": "ip", "value": "192.0.2.1"}
    assert (await viewer.post("/api/v1/blocklist", json=body)).status_code == 403
    assert (await viewer.get("/api/v1/blocklist")).status_code == 200
    assert (await viewer.get("/api/v1/watchlist.txt")).status_code == 200
    assert (await shipper.get("/api/v1/blocklist.txt")).status_code == 403
    assert (await anonymous.get("/api/v1/blocklist.json")).status_code == 401
    created = await (await api.client("admin")).post("/api/v1/blocklist", json=body)
    assert (await viewer.delete(f"/api/v1/blocklist/{created.json()['id']}")).status_code == 403


async def test_feeds_serve_unexpired_values_by_type_in_text_and_json(api: Api) -> None:
    analyst = await api.client("analyst")
    for kind, value in [
        ("ip", "192.0.2.1"),
        ("cidr", "198.51.100.0/24"),
        ("domain", "evil.example"),
        ("ip", "192.0.2.2"),
    ]:
        await analyst.post("/api/v1/blocklist", json={"type": kind, "value": value, "reason": "r"})
    await analyst.post("/api/v1/watchlist", json={"type": "user", "value": "mallory"})
    firewall = await api.client("viewer", name="firewall")

    text = await firewall.get("/api/v1/blocklist.txt", params={"type": "ip"})
    assert text.headers["content-type"].startswith("text/plain")
    assert text.text == "192.0.2.1\n192.0.2.2\n"
    both = await firewall.get("/api/v1/blocklist.txt", params=[("type", "ip"), ("type", "cidr")])
    assert both.text.splitlines() == ["192.0.2.1", "198.51.100.0/24", "192.0.2.2"]
    assert len((await firewall.get("/api/v1/blocklist.txt")).text.splitlines()) == 4
    feed = (await firewall.get("/api/v1/blocklist.json", params={"type": "domain"})).json()
    assert feed["list"] == "blocklist"
    assert feed["count"] == 1
    assert feed["entries"] == [
        {"type": "domain", "value": "evil.example", "expires": None, "reason": "r", "source": "manual"}
    ]
    assert (await firewall.get("/api/v1/watchlist.txt")).text == "mallory\n"
    assert (await firewall.get("/api/v1/blocklist.txt", params={"type": "fax"})).status_code == 422


async def test_an_expired_entry_leaves_the_feed_at_once_even_from_the_cache(api: Api) -> None:
    analyst = await api.client("analyst")
    await analyst.post("/api/v1/blocklist", json={"type": "ip", "value": "192.0.2.9", "expires": "1s"})
    await analyst.post("/api/v1/blocklist", json={"type": "ip", "value": "192.0.2.10"})
    assert (await analyst.get("/api/v1/blocklist.txt")).text == "192.0.2.9\n192.0.2.10\n"
    await asyncio.sleep(1.1)  # within the feed cache's life, past the entry's
    assert (await analyst.get("/api/v1/blocklist.txt")).text == "192.0.2.10\n"
    listed = await analyst.get("/api/v1/blocklist", params={"include_expired": "true"})
    assert [(e["value"], e["active"]) for e in listed.json()["entries"]] == [
        ("192.0.2.10", True),
        ("192.0.2.9", False),
    ]
    assert (await analyst.get("/api/v1/blocklist")).json()["total"] == 1


async def test_a_change_through_the_api_shows_in_the_feed_at_once(api: Api) -> None:
    analyst = await api.client("analyst")
    assert (await analyst.get("/api/v1/blocklist.txt")).text == ""  # now cached, empty
    created = await analyst.post("/api/v1/blocklist", json={"type": "ip", "value": "192.0.2.1"})
    assert (await analyst.get("/api/v1/blocklist.txt")).text == "192.0.2.1\n"
    await analyst.delete(f"/api/v1/blocklist/{created.json()['id']}")
    assert (await analyst.get("/api/v1/blocklist.txt")).text == ""


async def test_expired_entries_are_purged_and_the_purge_audited(api: Api) -> None:
    collection = list_collection(api.state, "watchlist")
    past = utc_iso(datetime.now(UTC) - timedelta(minutes=1))
    for value in ("192.0.2.1", "192.0.2.2"):
        await add_entry(collection, kind="ip", value=value, reason="", source="t", expires=past, actor="t")
    await add_entry(collection, kind="ip", value="192.0.2.3", reason="", source="t", expires=None, actor="t")
    viewer = await api.client("viewer")
    assert (await viewer.get("/api/v1/watchlist.json")).json()["count"] == 1  # a read schedules the purge
    await purge(api.app)  # and again: nothing left to do, nothing audited twice
    _, left = await collection.find(limit=10)
    assert [d["value"] for d in left] == ["192.0.2.3"]
    assert await audit_actions(api) == [("watchlist.purge", "system")]
