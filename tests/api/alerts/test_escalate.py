"""Escalating alerts into incidents over the real app and the real cases service."""

from __future__ import annotations

import httpx
import pytest

from mozdef_api.cases.service import Cases
from mozdef_common.bus import Bus
from tests.api.alerts.conftest import make_alert, store_alerts
from tests.support.api import Api

BASE = "/api/v1/alerts"


@pytest.fixture
async def analyst(api: Api, bus: Bus) -> httpx.AsyncClient:
    await store_alerts(
        api,
        bus,
        [
            make_alert(
                id="a1",
                summary="ssh brute force from 10.9.9.9",
                severity="CRITICAL",
                category="bruteforce",
                tags=["ssh"],
                event_count=40,
            ),
            make_alert(id="a2", summary="same attacker, web logins", severity="WARNING"),
        ],
    )
    return await api.client("analyst", name="ann")


async def test_escalate_into_a_new_incident(api: Api, analyst: httpx.AsyncClient) -> None:
    response = await analyst.post(f"{BASE}/a1/escalate")
    assert response.status_code == 200, response.text
    answer = response.json()
    incident, alert = answer["incident"], answer["alert"]
    assert incident["summary"] == "ssh brute force from 10.9.9.9"
    assert incident["severity"] == "CRITICAL"
    assert set(incident["tags"]) == {"ssh", "bruteforce"}
    assert [(link["kind"], link["target"]) for link in incident["links"]] == [("alert", "a1")]
    assert alert["status"] == "escalated"
    assert alert["incident_id"] == incident["id"]
    stored = await Cases(api.app, "incidents").get(incident["id"])
    assert stored["ref"] == incident["ref"]

    again = (await analyst.post(f"{BASE}/a1/escalate", json={})).json()  # idempotent: no second incident
    assert again["incident"]["id"] == incident["id"]
    assert again["alert"]["version"] == alert["version"]
    total, _ = await Cases(api.app, "incidents").find()
    assert total == 1
    _, records = await api.state.collection("audit").find({"action": "alert.escalate"})
    assert [(r["target"], r["details"]["incident_id"]) for r in records] == [("alert/a1", incident["id"])]


async def test_a_retry_after_a_crash_between_the_writes_opens_no_second_incident(
    api: Api, analyst: httpx.AsyncClient
) -> None:
    # The first attempt wrote the incident and died before marking the alert.
    made = await Cases(api.app, "incidents").create({"summary": "half done"}, "analyst", case_id="esc-a1")
    assert (await analyst.get(f"{BASE}/a1")).json()["status"] == "open"
    answer = (await analyst.post(f"{BASE}/a1/escalate")).json()
    assert answer["incident"]["id"] == made["id"]
    assert answer["alert"]["incident_id"] == made["id"]
    assert (await Cases(api.app, "incidents").find())[0] == 1


async def test_escalate_with_a_summary_of_our_own(analyst: httpx.AsyncClient) -> None:
    answer = (await analyst.post(f"{BASE}/a2/escalate", json={"summary": "Credential stuffing"})).json()
    assert answer["incident"]["summary"] == "Credential stuffing"
    assert answer["incident"]["severity"] == "MEDIUM"  # WARNING on the incident scale


async def test_escalate_to_an_existing_incident(api: Api, analyst: httpx.AsyncClient) -> None:
    first = (await analyst.post(f"{BASE}/a1/escalate")).json()["incident"]
    response = await analyst.post(f"{BASE}/a2/escalate", json={"incident_id": first["id"]})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["incident"]["id"] == first["id"]
    assert [link["target"] for link in answer["incident"]["links"]] == ["a1", "a2"]
    assert answer["alert"]["incident_id"] == first["id"]
    assert answer["alert"]["status"] == "escalated"
    listed = (await analyst.get(BASE, params={"status": "escalated"})).json()
    assert sorted(a["id"] for a in listed["alerts"]) == ["a1", "a2"]

    # An alert belongs to one incident.
    other = await Cases(api.app, "incidents").create({"summary": "something else"}, "ann")
    moved = await analyst.post(f"{BASE}/a2/escalate", json={"incident_id": other["id"]})
    assert moved.status_code == 409
    assert first["id"] in moved.json()["error"]["reason"]


async def test_escalate_to_an_unknown_incident_is_404_and_changes_nothing(analyst: httpx.AsyncClient) -> None:
    response = await analyst.post(f"{BASE}/a1/escalate", json={"incident_id": "no-such-incident"})
    assert response.status_code == 404
    alert = (await analyst.get(f"{BASE}/a1")).json()
    assert alert["status"] == "open"
    assert alert["incident_id"] is None


async def test_escalate_refuses_unknown_keys(analyst: httpx.AsyncClient) -> None:
    assert (await analyst.post(f"{BASE}/a1/escalate", json={"incident": "x"})).status_code == 422
