"""Triage over the real app: acknowledge, unacknowledge, assign, close; audited, idempotent, guarded."""

from __future__ import annotations

import httpx
import pytest

from mozdef_api.alerts.store import alerts
from mozdef_common.bus import Bus
from tests.api.alerts.conftest import make_alert, store_alerts
from tests.support.api import Api

BASE = "/api/v1/alerts"


@pytest.fixture
async def analyst(api: Api, bus: Bus) -> httpx.AsyncClient:
    await store_alerts(api, bus, [make_alert(id="a1"), make_alert(id="a2")])
    return await api.client("analyst", name="ann")


async def audit_actions(api: Api) -> list[tuple[str, str, str]]:
    _, records = await api.state.collection("audit").find({"target": {"$in": ["alert/a1", "alert/a2"]}})
    return sorted((r["action"], r["actor"], r["target"]) for r in records)


async def test_acknowledge_and_unacknowledge(api: Api, analyst: httpx.AsyncClient) -> None:
    acked = await analyst.post(f"{BASE}/a1/acknowledge")
    assert acked.status_code == 200, acked.text
    alert = acked.json()
    assert alert["status"] == "acknowledged"
    assert alert["acknowledged"]["by"] == "apikey:ann"
    assert alert["version"] == 2
    again = (await analyst.post(f"{BASE}/a1/acknowledge")).json()
    assert again == alert  # idempotent: nothing written

    unacked = (await analyst.post(f"{BASE}/a1/unacknowledge", json={})).json()
    assert unacked["status"] == "open"
    assert unacked["acknowledged"] is None
    assert unacked["version"] == 3
    assert (await analyst.post(f"{BASE}/a1/unacknowledge")).json()["version"] == 3
    assert await audit_actions(api) == [
        ("alert.ack", "apikey:ann", "alert/a1"),
        ("alert.unack", "apikey:ann", "alert/a1"),
    ]


async def test_a_stale_version_answers_409_with_the_current_alert(analyst: httpx.AsyncClient) -> None:
    await analyst.post(f"{BASE}/a1/assign", json={"assignee": "bob"})
    stale = await analyst.post(f"{BASE}/a1/acknowledge", json={"version": 1})
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["current_version"] == 2
    assert error["current"]["assignee"] == "bob"
    fresh = await analyst.post(f"{BASE}/a1/acknowledge", json={"version": 2})
    assert fresh.json()["status"] == "acknowledged"


async def test_assign_and_unassign(api: Api, analyst: httpx.AsyncClient) -> None:
    assigned = (await analyst.post(f"{BASE}/a2/assign", json={"assignee": "bob"})).json()
    assert assigned["assignee"] == "bob"
    assert assigned["status"] == "open"  # assigning is not acknowledging
    assert (await analyst.post(f"{BASE}/a2/assign", json={"assignee": "bob"})).json()["version"] == 2
    unassigned = (await analyst.post(f"{BASE}/a2/assign", json={"assignee": None})).json()
    assert unassigned["assignee"] is None
    assert (await analyst.post(f"{BASE}/a2/assign", json={})).status_code == 422  # say who, or null
    assert (await analyst.post(f"{BASE}/a2/assign", json={"assignee": "x", "who": 1})).status_code == 422
    assert [a for a, _, _ in await audit_actions(api)] == ["alert.assign", "alert.assign"]


async def test_close(api: Api, analyst: httpx.AsyncClient) -> None:
    assert (await analyst.post(f"{BASE}/a1/close", json={})).status_code == 422  # a reason is required
    closed = (await analyst.post(f"{BASE}/a1/close", json={"reason": "scanner we run"})).json()
    assert closed["status"] == "closed"
    assert closed["closed"]["reason"] == "scanner we run"
    assert closed["closed"]["by"] == "apikey:ann"
    again = (await analyst.post(f"{BASE}/a1/close", json={"reason": "other"})).json()
    assert again["closed"]["reason"] == "scanner we run"  # the first closure stands
    # Acknowledging a closed alert records it but does not reopen it.
    acked = (await analyst.post(f"{BASE}/a1/acknowledge")).json()
    assert acked["status"] == "closed"
    assert acked["acknowledged"]["by"] == "apikey:ann"
    listed = (await analyst.get(BASE, params={"status": "closed"})).json()
    assert [a["id"] for a in listed["alerts"]] == ["a1"]


async def test_the_consumer_and_an_analyst_never_overwrite_each_other(
    api: Api, bus: Bus, analyst: httpx.AsyncClient
) -> None:
    await analyst.post(f"{BASE}/a1/acknowledge")
    await store_alerts(api, bus, [make_alert(id="a1", event_count=50, last_seen="2999-01-01T00:00:00Z")])
    alert = await alerts(api.state).get("a1")
    assert alert["event_count"] == 50
    assert alert["status"] == "acknowledged"


async def test_viewers_may_read_but_not_act(api: Api, analyst: httpx.AsyncClient) -> None:
    viewer = await api.client("viewer")
    for path, body in [
        ("acknowledge", None),
        ("unacknowledge", None),
        ("assign", {"assignee": "me"}),
        ("close", {"reason": "x"}),
        ("escalate", {}),
    ]:
        response = await viewer.post(f"{BASE}/a1/{path}", json=body)
        assert response.status_code == 403, path
        assert response.json()["error"]["type"] == "forbidden"
    assert (await viewer.get(f"{BASE}/a1")).json()["version"] == 1  # untouched


async def test_unknown_alerts_answer_404(analyst: httpx.AsyncClient) -> None:
    for path, body in [
        ("acknowledge", None),
        ("unacknowledge", None),
        ("assign", {"assignee": "me"}),
        ("close", {"reason": "x"}),
        ("escalate", {}),
    ]:
        response = await analyst.post(f"{BASE}/nope/{path}", json=body)
        assert response.status_code == 404, (path, response.text)
