"""Listing and reading alerts over the real app: every filter, combined filters, pages, who may read."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mozdef_api.alerts import prepare
from mozdef_common.bus import Bus
from tests.api.alerts.conftest import ago, make_alert, store_alerts
from tests.support.api import Api

BASE = "/api/v1/alerts"


@pytest.fixture
async def seeded(api: Api, bus: Bus) -> Api:
    """Five alerts of varied severity, status, rule and age (ids say which is which)."""
    await prepare(api.state)
    await prepare(api.state)  # cheap and harmless when the indexes exist
    await store_alerts(
        api,
        bus,
        [
            make_alert(id="ssh-new", utctimestamp=ago(1), severity="WARNING", rule_id="ssh-bruteforce"),
            make_alert(id="ssh-old", utctimestamp=ago(180), severity="WARNING", rule_id="ssh-bruteforce"),
            make_alert(
                id="proxy",
                utctimestamp=ago(30),
                severity="CRITICAL",
                category="proxy",
                rule_id="proxy-exe",
                summary="Executable download by Alice",
            ),
            make_alert(
                id="ldap",
                utctimestamp=ago(60),
                severity="NOTICE",
                category="ldap",
                rule_id="ldap-lockout",
                summary="LDAP lockout for bob",
            ),
            make_alert(
                id="geo", utctimestamp=ago(90), severity="critical", category="geomodel", rule_id="geo"
            ),
        ],
    )
    return api


async def ids(client: httpx.AsyncClient, **params: Any) -> list[str]:
    response = await client.get(BASE, params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] >= len(body["alerts"])
    return [alert["id"] for alert in body["alerts"]]


async def test_list_is_newest_first_and_filters(seeded: Api) -> None:
    client = await seeded.client("viewer")
    assert await ids(client) == ["ssh-new", "proxy", "ldap", "geo", "ssh-old"]
    assert await ids(client, q="alice") == ["proxy"]  # any case, in the summary
    assert await ids(client, q="LOCKOUT") == ["ldap"]  # rule_id and summary
    assert await ids(client, q="geomodel") == ["geo"]  # category
    assert await ids(client, severity="critical") == ["proxy", "geo"]
    assert await ids(client, severity=["NOTICE", "CRITICAL"]) == ["proxy", "ldap", "geo"]
    assert await ids(client, status="open") == ["ssh-new", "proxy", "ldap", "geo", "ssh-old"]
    assert await ids(client, status=["closed", "escalated"]) == []
    assert await ids(client, rule_id="ssh-bruteforce") == ["ssh-new", "ssh-old"]
    assert await ids(client, category="proxy") == ["proxy"]
    assert await ids(client, start="now-45m") == ["ssh-new", "proxy"]
    assert await ids(client, end="now-45m") == ["ldap", "geo", "ssh-old"]
    assert await ids(client, start=ago(100), end=ago(20)) == ["proxy", "ldap", "geo"]
    combined = await ids(client, severity="CRITICAL", start="now-2h", q="download")
    assert combined == ["proxy"]


async def test_assignee_and_status_filters_follow_triage(seeded: Api) -> None:
    analyst = await seeded.client("analyst", name="ann")
    assert (await analyst.post(f"{BASE}/ldap/assign", json={"assignee": "ann"})).status_code == 200
    assert (await analyst.post(f"{BASE}/geo/acknowledge")).status_code == 200
    assert await ids(analyst, assignee="ann") == ["ldap"]
    assert await ids(analyst, status="acknowledged") == ["geo"]
    assert await ids(analyst, status="open", severity="CRITICAL") == ["proxy"]


async def test_pages(seeded: Api) -> None:
    client = await seeded.client("viewer")
    pages = [await client.get(BASE, params={"size": 2, "offset": offset}) for offset in (0, 2, 4)]
    assert [p.json()["total"] for p in pages] == [5, 5, 5]
    assert [a["id"] for p in pages for a in p.json()["alerts"]] == [
        "ssh-new",
        "proxy",
        "ldap",
        "geo",
        "ssh-old",
    ]
    count = (await client.get(BASE, params={"size": 0, "severity": "WARNING"})).json()
    assert count == {"total": 2, "alerts": []}
    assert (await client.get(BASE, params={"size": 1001})).status_code == 422
    assert (await client.get(BASE, params={"offset": -1})).status_code == 422


async def test_bad_parameters_are_refused(seeded: Api) -> None:
    client = await seeded.client("viewer")
    bad_time = await client.get(BASE, params={"start": "last tuesday"})
    assert bad_time.status_code == 400
    assert "invalid time" in bad_time.json()["error"]["reason"]
    assert (await client.get(BASE, params={"status": "snoozed"})).status_code == 422
    assert (await client.get(BASE, params={"colour": "red"})).status_code == 422  # unknown keys


async def test_read_one(seeded: Api) -> None:
    client = await seeded.client("viewer")
    alert = (await client.get(f"{BASE}/proxy")).json()
    assert alert["summary"] == "Executable download by Alice"
    assert alert["status"] == "open"
    assert alert["severity"] == "CRITICAL"
    assert alert["version"] == 1
    assert alert["events"][0]["id"].startswith("ev-")
    missing = await client.get(f"{BASE}/no-such-alert")
    assert missing.status_code == 404
    assert missing.json()["error"]["type"] == "not_found"


async def test_anonymous_callers_get_401(seeded: Api) -> None:
    anonymous = await seeded.client(None)
    for method, path in [
        ("GET", BASE),
        ("GET", f"{BASE}/proxy"),
        ("GET", f"{BASE}/stats"),
        ("POST", f"{BASE}/proxy/acknowledge"),
    ]:
        response = await anonymous.request(method, path)
        assert response.status_code == 401, (method, path)
        assert response.headers["www-authenticate"].startswith("Bearer")
