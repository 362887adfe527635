"""VERIS tags (the tree, checks, counts) and the incident metrics report over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from mozdef_api.cases import Cases, CaseValidationError
from mozdef_api.changes import Change
from mozdef_common.event import utc_iso
from tests.api.cases.conftest import INCIDENTS, open_incident
from tests.support.api import Api

RANSOMWARE = "action.malware.variety.Ransomware"
BRUTE_FORCE = "action.hacking.variety.Brute force"


async def test_the_tree_is_served(client: httpx.AsyncClient) -> None:
    tree = (await client.get("/api/v1/veris")).json()
    assert set(tree) == {"actor", "action", "asset", "attribute"}
    assert set(tree["action"]) == {
        "malware",
        "hacking",
        "social",
        "misuse",
        "physical",
        "error",
        "environmental",
    }
    assert "Brute force" in tree["action"]["hacking"]["variety"]
    assert "Financial" in tree["actor"]["external"]["motive"]
    assert set(tree["attribute"]) == {"confidentiality", "integrity", "availability"}


async def test_veris_tags_are_checked_and_spelled_as_the_tree_does(client: httpx.AsyncClient) -> None:
    incident = await open_incident(client, veris=["ACTION.Hacking.variety.brute FORCE", "actor.external"])
    assert incident["veris"] == [BRUTE_FORCE, "actor.external"]
    refused = await client.post(
        INCIDENTS, json={"summary": "x", "veris": ["action.hacking.variety.Telepathy"]}
    )
    assert refused.status_code == 422
    error = refused.json()["detail"][0]
    assert error["loc"] == ["body", "veris", 0]
    assert "'Telepathy' is not under 'action.hacking.variety'" in error["msg"]
    changed = await client.patch(f"{INCIDENTS}/{incident['id']}", json={"version": 1, "veris": [RANSOMWARE]})
    assert changed.json()["veris"] == [RANSOMWARE]
    assert (await client.get(INCIDENTS, params={"veris": "action.hacking"})).json()["total"] == 0


async def test_veris_stats_count_incidents_per_tag_and_category(client: httpx.AsyncClient) -> None:
    await open_incident(client, veris=[RANSOMWARE, "asset.variety.U - Laptop"])
    await open_incident(client, veris=[RANSOMWARE, BRUTE_FORCE])
    await open_incident(client)
    await client.post("/api/v1/investigations", json={"summary": "not counted", "veris": [RANSOMWARE]})
    stats = (await client.get("/api/v1/veris/stats")).json()
    assert stats["tags"] == {RANSOMWARE: 2, "asset.variety.U - Laptop": 1, BRUTE_FORCE: 1}
    assert stats["categories"] == {"action": 2, "asset": 1}  # an incident counts once per category
    assert stats["groups"] == {"action.malware": 2, "action.hacking": 1, "asset.variety": 1}


async def test_incident_report_over_http(api: Api, client: httpx.AsyncClient) -> None:
    now = datetime.now(UTC).replace(microsecond=0)

    def ago(hours: float) -> str:
        return utc_iso(now - timedelta(hours=hours))

    alerts = api.state.collection("alerts")
    await alerts.insert(
        {"id": "a1", "utctimestamp": ago(10), "acknowledged": {"at": ago(9.5), "by": "alice"}}
    )
    await alerts.insert({"id": "a2", "utctimestamp": ago(8)})
    first = await open_incident(
        client,
        severity="HIGH",
        veris=[BRUTE_FORCE],
        dates={"opened": ago(12), "reported": ago(10), "contained": ago(6), "closed": ago(2)},
        links=[{"kind": "alert", "id": "a1"}, {"kind": "alert", "id": "a2"}],
        phase="Closed",
    )
    second = await open_incident(client, dates={"opened": ago(5), "reported": ago(4)})
    await open_incident(client, dates={"opened": ago(24 * 60)})  # before the period

    response = await client.get("/api/v1/stats/incidents", params={"start": "now-2d"})
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["total"] == 2
    assert report["mttd"] == {"mean_s": 1.5 * 3600, "median_s": 1.5 * 3600, "count": 2}
    assert report["mtta"] == {"mean_s": 1800.0, "median_s": 1800.0, "count": 1}
    assert report["mttc"] == {"mean_s": 4 * 3600.0, "median_s": 4 * 3600.0, "count": 1}
    assert report["mttr"] == {"mean_s": 8 * 3600.0, "median_s": 8 * 3600.0, "count": 1}
    assert report["by_phase"] == {"Closed": 1, "Identification": 1}
    assert report["by_severity"] == {"HIGH": 1, "MEDIUM": 1}
    assert report["by_veris_category"] == {"action": 1}
    assert sum(report["opened_per_day"].values()) == 2
    assert len(report["opened_per_day"]) in (2, 3)  # the period's days, zeros included
    assert first["id"] != second["id"]
    bad = await client.get("/api/v1/stats/incidents", params={"start": "yesterday"})
    assert bad.status_code == 400


async def test_the_service_is_what_other_code_calls(api: Api) -> None:
    changes: list[Change] = []

    class Sink:
        async def publish(self, change: Change) -> None:
            changes.append(change)

    api.app.state.changes = Sink()
    cases = Cases(api.app, "incidents")
    created = await cases.create(
        {"summary": "Escalated: brute force on vpn1", "links": [{"kind": "alert", "target": "a9"}]},
        "alerter-bot",
        None,
    )
    assert created["ref"] == "INC-1"
    after = await cases.add_item(
        created["id"], "indicators", {"type": "ip", "value": "192.0.2.9"}, "alerter-bot", None
    )
    assert after["version"] == 2
    assert after["indicators"][0]["value"] == "192.0.2.9"
    assert await cases.get(created["id"]) == after
    ops = [(change.op, change.sub) for change in changes]
    assert ops == [
        ("created", None),
        ("appended", "timeline"),
        ("appended", "indicators"),
        ("appended", "timeline"),
    ]

    with pytest.raises(CaseValidationError, match=r"body\.value: .*not an IP address"):
        await cases.add_item(
            created["id"], "indicators", {"type": "ip", "value": "nope"}, "alerter-bot", None
        )
