"""Incidents over HTTP: create, read, list with filters, change with versions, phases and dates, delete."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tests.api.cases.conftest import INCIDENTS, open_incident
from tests.support.api import Api


async def test_create_fills_in_what_the_server_owns(client: httpx.AsyncClient) -> None:
    first = await open_incident(client, severity="high", tags=["ssh", "ssh", "web"])
    second = await open_incident(client)
    assert first["version"] == 1
    assert first["ref"] == f"INC-{first['number']}"
    assert second["number"] == first["number"] + 1  # type: ignore[operator]
    assert first["severity"] == "HIGH"
    assert first["phase"] == "Identification"
    assert first["creator"] == "apikey:alice"
    assert first["tags"] == ["ssh", "web"]
    dates = first["dates"]
    assert isinstance(dates, dict)
    assert dates["opened"] == dates["reported"]
    assert dates["opened"][:19] == str(first["created"])[:19]  # creation time, as the server saw it
    assert dates["closed"] is None
    assert "veris_index" not in first  # kept for filters, not shown

    read = await client.get(f"{INCIDENTS}/{first['id']}")
    assert read.status_code == 200
    assert read.json() == first
    assert (await client.get(f"{INCIDENTS}/nope")).status_code == 404


async def test_create_refuses_unknown_and_bad_fields_naming_them(client: httpx.AsyncClient) -> None:
    unknown = await client.post(INCIDENTS, json={"summary": "x", "owned_by": "bob"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "owned_by"]
    bad = await client.post(
        INCIDENTS,
        json={
            "summary": "x",
            "severity": "urgent",
            "references": ["javascript:alert(1)"],
            "dates": {"opened": "x"},
        },
    )
    assert bad.status_code == 422
    locs = {tuple(error["loc"]) for error in bad.json()["detail"]}
    assert {("body", "severity"), ("body", "references", 0), ("body", "dates", "opened")} <= locs


async def test_list_filters_sort_and_pages(client: httpx.AsyncClient, api: Api) -> None:
    a = await open_incident(client, summary="Phishing wave", severity="LOW", tags=["mail"], owner="bob")
    b = await open_incident(
        client,
        summary="Ransomware on laptop",
        description="Files encrypted on the finance share",
        severity="CRITICAL",
        veris=["action.malware.variety.Ransomware", "asset.variety.U - Laptop"],
        dates={"opened": "2026-01-10T08:00:00Z"},
    )
    other = await api.client("analyst", name="carol")
    c = await open_incident(other, summary="Brute force on VPN", veris=["action.hacking.variety.Brute force"])

    async def ids(**params: Any) -> list[Any]:
        response = await client.get(INCIDENTS, params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["total"] == len(body["incidents"]) or "size" in params
        return [incident["id"] for incident in body["incidents"]]

    assert await ids() == [c["id"], b["id"], a["id"]]  # newest number first
    assert await ids(sort="number:asc") == [a["id"], b["id"], c["id"]]
    assert await ids(severity="critical,low") == [b["id"], a["id"]]
    assert await ids(tag="mail") == [a["id"]]
    assert await ids(owner="bob") == [a["id"]]
    assert await ids(creator="apikey:carol") == [c["id"]]
    assert await ids(veris="action") == [c["id"], b["id"]]  # a coarser path finds what is under it
    assert await ids(veris="ACTION.malware") == [b["id"]]
    assert await ids(q="ENCRYPTED") == [b["id"]]  # description, ignoring case
    assert await ids(q=c["ref"]) == [c["id"]]
    assert await ids(opened_before="2026-02-01T00:00:00Z") == [b["id"]]
    assert await ids(opened_after="2026-02-01") == [c["id"], a["id"]]
    assert await ids(phase="Identification", size=1, offset=1) == [b["id"]]
    page = (await client.get(INCIDENTS, params={"size": 2})).json()
    assert page["total"] == 3
    assert len(page["incidents"]) == 2

    for params in ({"phase": "Done"}, {"severity": "urgent"}, {"veris": "action.nope"}, {"sort": "colour"}):
        refused = await client.get(INCIDENTS, params=params)
        assert refused.status_code == 422, params
        assert refused.json()["detail"][0]["loc"] == ["query", next(iter(params))]


async def test_patch_changes_only_what_is_sent_and_needs_the_current_version(
    client: httpx.AsyncClient,
) -> None:
    incident = await open_incident(client, description="first look")
    url = f"{INCIDENTS}/{incident['id']}"
    changed = await client.patch(
        url, json={"version": 1, "summary": "Confirmed compromise", "owner": "alice"}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["version"] == 2
    assert changed.json()["description"] == "first look"
    assert changed.json()["owner"] == "alice"

    stale = await client.patch(url, json={"version": 1, "summary": "lost"})
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["type"] == "version_conflict"
    assert error["current_version"] == 2
    assert error["current"]["summary"] == "Confirmed compromise"

    unassigned = await client.patch(url, json={"version": 2, "owner": None})
    assert unassigned.json()["owner"] is None
    refused = await client.patch(url, json={"version": 3, "summary": None})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "summary"]
    no_version = await client.patch(url, json={"summary": "x"})
    assert no_version.status_code == 422


async def test_two_analysts_racing_exactly_one_wins(client: httpx.AsyncClient, api: Api) -> None:
    incident = await open_incident(client)
    other = await api.client("analyst", name="bob")
    url = f"{INCIDENTS}/{incident['id']}"
    responses = await asyncio.gather(
        client.patch(url, json={"version": 1, "severity": "HIGH"}),
        other.patch(url, json={"version": 1, "severity": "LOW"}),
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 409]
    winner = next(r for r in responses if r.status_code == 200).json()
    loser = next(r for r in responses if r.status_code == 409).json()["error"]
    assert loser["current"] == winner
    assert (await client.get(url)).json()["severity"] == winner["severity"]


async def test_phase_changes_set_their_dates_once_and_client_dates_win(client: httpx.AsyncClient) -> None:
    incident = await open_incident(client)
    url = f"{INCIDENTS}/{incident['id']}"

    async def move(version: int, **changes: Any) -> dict[str, Any]:
        response = await client.patch(url, json={"version": version, **changes})
        assert response.status_code == 200, response.text
        moved: dict[str, Any] = response.json()
        return moved

    contained = await move(1, phase="Containment")
    verified = contained["dates"]["verified"]
    assert verified is not None
    assert contained["dates"]["contained"] is None
    eradicated = await move(2, phase="eradication", dates={"contained": "2026-03-01T12:00:00+01:00"})
    assert eradicated["dates"]["contained"] == "2026-03-01T11:00:00.000000+00:00"  # the client's, in UTC
    back = await move(3, phase="Containment")  # backwards: allowed, dates kept
    assert back["phase"] == "Containment"
    assert back["dates"]["verified"] == verified
    assert back["dates"]["contained"] == eradicated["dates"]["contained"]
    recovered = await move(4, phase="Recovery")
    assert recovered["dates"]["mitigated"] is not None
    closed = await move(5, phase="Closed")
    assert closed["dates"]["closed"] is not None
    cleared = await move(6, dates={"closed": None})
    assert cleared["dates"]["closed"] is None
    kept = await client.patch(url, json={"version": 7, "dates": {"opened": None}})
    assert kept.status_code == 422

    timeline = (await client.get(f"{url}/timeline")).json()["timeline"]
    moves = [e["details"]["phase"] for e in timeline if "phase" in e.get("details", {})]
    assert [m["direction"] for m in moves] == ["forward", "forward", "backward", "forward", "forward"]


async def test_created_past_identification_gets_that_phase_date(client: httpx.AsyncClient) -> None:
    incident = await open_incident(client, phase="Closed", dates={"reported": "2026-01-01T00:00:00Z"})
    dates = incident["dates"]
    assert isinstance(dates, dict)
    assert dates["closed"] == dates["opened"]
    assert dates["reported"] == "2026-01-01T00:00:00.000000+00:00"


async def test_delete_is_for_admins_and_keeps_the_timeline(client: httpx.AsyncClient, api: Api) -> None:
    incident = await open_incident(client)
    url = f"{INCIDENTS}/{incident['id']}"
    assert (await client.delete(url)).status_code == 403
    admin = await api.client("admin")
    assert (await admin.delete(url, params={"version": 5})).status_code == 409
    assert (await admin.delete(url)).status_code == 204
    assert (await client.get(url)).status_code == 404
    timeline = (await client.get(f"{url}/timeline")).json()
    assert [e["action"] for e in timeline["timeline"]] == ["created", "deleted"]
    assert (await client.get(f"{INCIDENTS}/never/timeline")).status_code == 404


async def test_investigations_are_cases_of_their_own(client: httpx.AsyncClient) -> None:
    created = await client.post("/api/v1/investigations", json={"summary": "Odd DNS traffic"})
    assert created.status_code == 201
    assert created.json()["ref"] == "INV-1"
    listed = (await client.get("/api/v1/investigations")).json()
    assert listed["total"] == 1
    assert listed["investigations"][0]["id"] == created.json()["id"]
    assert (await client.get(INCIDENTS)).json()["total"] == 0
