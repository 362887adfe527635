"""A case's lists, notes and timeline over HTTP: appends that never conflict, versioned item edits."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tests.api.cases.conftest import INCIDENTS, open_incident
from tests.support.api import Api


async def test_append_gives_the_item_an_id_and_needs_no_version(client: httpx.AsyncClient) -> None:
    incident = await open_incident(client)
    url = f"{INCIDENTS}/{incident['id']}"
    await client.patch(url, json={"version": 1, "summary": "moved on"})  # the client's copy is now stale
    added = await client.post(f"{url}/mitigations", json={"text": "Block 203.0.113.7", "temporary": True})
    assert added.status_code == 201, added.text
    case = added.json()
    assert case["version"] == 3
    item = case["mitigations"][-1]
    assert item["id"]
    assert item == {
        "id": item["id"],
        "author": "apikey:alice",
        "added": item["added"],
        "text": "Block 203.0.113.7",
        "temporary": True,
        "status": "planned",
    }
    link = await client.post(f"{url}/links", json={"kind": "alert", "id": "alert-1", "note": "first alert"})
    assert link.json()["links"][0]["target"] == "alert-1"  # 'id' names the linked record on input


async def test_twenty_concurrent_appends_all_land(client: httpx.AsyncClient, api: Api) -> None:
    incident = await open_incident(client)
    url = f"{INCIDENTS}/{incident['id']}/indicators"
    others = [client, await api.client("analyst", name="bob")]
    responses = await asyncio.gather(
        *(others[n % 2].post(url, json={"type": "ip", "value": f"198.51.100.{n}"}) for n in range(20))
    )
    assert [r.status_code for r in responses] == [201] * 20
    case = (await client.get(f"{INCIDENTS}/{incident['id']}")).json()
    assert case["version"] == 21
    assert sorted(i["value"] for i in case["indicators"]) == sorted(f"198.51.100.{n}" for n in range(20))
    assert len({i["id"] for i in case["indicators"]}) == 20
    timeline = (await client.get(f"{INCIDENTS}/{incident['id']}/timeline", params={"size": 100})).json()
    assert timeline["total"] == 21  # created + one entry per append


async def test_indicator_values_are_checked_per_type_and_errors_name_the_field(
    client: httpx.AsyncClient,
) -> None:
    incident = await open_incident(client)
    url = f"{INCIDENTS}/{incident['id']}/indicators"
    cases: list[tuple[dict[str, Any], list[Any]]] = [
        ({"type": "ip", "value": "300.1.1.1"}, ["body", "value"]),
        ({"type": "domain", "value": "not a domain"}, ["body", "value"]),
        ({"type": "hash", "value": "abc123"}, ["body", "value"]),
        ({"type": "email", "value": "bob@"}, ["body", "value"]),
        ({"type": "url", "value": "javascript:alert(1)"}, ["body", "value"]),
        ({"type": "colour", "value": "red"}, ["body", "type"]),
        ({"type": "ip", "value": "10.0.0.1", "severity": "high"}, ["body", "severity"]),
    ]
    for body, loc in cases:
        refused = await client.post(url, json=body)
        assert refused.status_code == 422, body
        assert refused.json()["detail"][0]["loc"] == loc, body
    good = await client.post(url, json={"type": "domain", "value": "Evil.Example.COM."})
    assert good.json()["indicators"][0]["value"] == "evil.example.com"
    at_create = await client.post(
        INCIDENTS, json={"summary": "x", "indicators": [{"type": "hash", "value": "zz"}]}
    )
    assert at_create.json()["detail"][0]["loc"] == ["body", "indicators", 0, "value"]


async def test_item_changes_and_removals_carry_the_case_version(client: httpx.AsyncClient) -> None:
    incident = await open_incident(client, theories=[{"text": "Stolen VPN credentials"}])
    url = f"{INCIDENTS}/{incident['id']}"
    theories = incident["theories"]
    assert isinstance(theories, list)
    theory = theories[0]["id"]
    confirmed = await client.patch(f"{url}/theories/{theory}", json={"version": 1, "status": "confirmed"})
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["theories"][0]["status"] == "confirmed"
    assert confirmed.json()["theories"][0]["text"] == "Stolen VPN credentials"
    assert confirmed.json()["theories"][0]["id"] == theory

    stale = await client.patch(f"{url}/theories/{theory}", json={"version": 1, "status": "refuted"})
    assert stale.status_code == 409
    assert stale.json()["error"]["current"]["theories"][0]["status"] == "confirmed"
    bad = await client.patch(f"{url}/theories/{theory}", json={"version": 2, "status": "maybe"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "status"]
    missing = await client.patch(f"{url}/theories/nope", json={"version": 2, "status": "refuted"})
    assert missing.status_code == 404

    added = await client.post(f"{url}/indicators", json={"type": "ip", "value": "10.0.0.1"})
    indicator = added.json()["indicators"][0]["id"]
    retyped = await client.patch(f"{url}/indicators/{indicator}", json={"version": 3, "type": "email"})
    assert retyped.status_code == 422  # the whole item is checked: 10.0.0.1 is no email address
    assert retyped.json()["detail"][0]["loc"] == ["body", "value"]

    assert (await client.delete(f"{url}/theories/{theory}", params={"version": 1})).status_code == 409
    removed = await client.delete(f"{url}/theories/{theory}", params={"version": 3})
    assert removed.status_code == 200
    assert removed.json()["theories"] == []


async def test_notes_are_their_own_append_only_list(client: httpx.AsyncClient, api: Api) -> None:
    incident = await open_incident(client)
    url = f"{INCIDENTS}/{incident['id']}"
    bob = await api.client("analyst", name="bob")
    first = await client.post(f"{url}/notes", json={"text": "Looking at **auth logs**"})
    assert first.status_code == 201, first.text
    await bob.post(f"{url}/notes", json={"text": "VPN logs too"})
    notes = (await client.get(f"{url}/notes")).json()
    assert notes["total"] == 2
    assert [(n["author"], n["text"]) for n in notes["notes"]] == [
        ("apikey:alice", "Looking at **auth logs**"),
        ("apikey:bob", "VPN logs too"),
    ]
    assert (await client.get(url)).json()["version"] == 1  # notes never touch the case
    assert (await client.post(f"{INCIDENTS}/nope/notes", json={"text": "x"})).status_code == 404
    assert (await client.get(f"{INCIDENTS}/nope/notes")).status_code == 404
    assert (await client.get(f"{url}/notes", params={"size": 1, "offset": 1})).json()["notes"][0][
        "author"
    ] == ("apikey:bob")


async def test_the_timeline_records_every_change_with_author_and_diff(
    client: httpx.AsyncClient, api: Api
) -> None:
    incident = await open_incident(client, severity="LOW")
    url = f"{INCIDENTS}/{incident['id']}"
    bob = await api.client("analyst", name="bob")
    await bob.patch(url, json={"version": 1, "severity": "HIGH", "phase": "Containment"})
    case = (await client.post(f"{url}/lessons", json={"text": "Enforce MFA on VPN"})).json()
    lesson = case["lessons"][0]["id"]
    await client.patch(f"{url}/lessons/{lesson}", json={"version": 3, "text": "Enforce MFA everywhere"})
    await bob.post(f"{url}/notes", json={"text": "done"})

    timeline = (await client.get(f"{url}/timeline")).json()
    entries = timeline["timeline"]
    assert [(e["action"], e["actor"]) for e in entries] == [
        ("created", "apikey:alice"),
        ("updated", "apikey:bob"),
        ("item.added", "apikey:alice"),
        ("item.updated", "apikey:alice"),
        ("note.added", "apikey:bob"),
    ]
    created = {c["field"]: c for c in entries[0]["changes"]}
    assert created["severity"] == {"field": "severity", "before": None, "after": "LOW"}
    update = {c["field"]: (c["before"], c["after"]) for c in entries[1]["changes"]}
    assert update["severity"] == ("LOW", "HIGH")
    assert update["phase"] == ("Identification", "Containment")
    assert update["dates.verified"][0] is None
    assert set(update) == {"severity", "phase", "dates.verified"}
    assert entries[2]["list"] == "lessons"
    assert entries[2]["item_id"] == lesson
    assert entries[3]["changes"] == [
        {"field": f"lessons.{lesson}.text", "before": "Enforce MFA on VPN", "after": "Enforce MFA everywhere"}
    ]
    assert entries[4]["changes"][0]["after"] == "done"
    assert [e["case_version"] for e in entries] == [1, 2, 3, 4, 4]

    audit = await api.state.collection("audit").find({"target": f"incident/{incident['id']}"}, limit=100)
    assert {record["action"] for record in audit[1]} == {
        "incident.created",
        "incident.updated",
        "incident.item.added",
        "incident.item.updated",
        "incident.note.added",
    }
