"""Saved searches: create, list, read, change with versions, delete; bad queries refused at save."""

from __future__ import annotations

import httpx

from tests.support.api import Api

BASE = "/api/v1/saved-searches"


async def test_crud_with_versions(client: httpx.AsyncClient) -> None:
    created = await client.post(
        BASE,
        json={"name": "ssh failures", "q": 'summary:"failed password"', "columns": ["hostname"]},
    )
    assert created.status_code == 201, created.text
    saved = created.json()
    assert saved["version"] == 1
    assert saved["start"] == "now-24h"

    listed = (await client.get(BASE)).json()
    assert listed["total"] == 1
    assert listed["saved_searches"][0]["id"] == saved["id"]
    assert (await client.get(f"{BASE}/{saved['id']}")).json() == saved

    changed = await client.patch(f"{BASE}/{saved['id']}", json={"version": 1, "name": "ssh"})
    assert changed.status_code == 200
    assert changed.json()["version"] == 2
    assert changed.json()["q"] == saved["q"]  # untouched fields stay

    stale = await client.patch(f"{BASE}/{saved['id']}", json={"version": 1, "name": "lost"})
    assert stale.status_code == 409
    assert stale.json()["error"]["current_version"] == 2

    assert (await client.delete(f"{BASE}/{saved['id']}")).status_code == 204
    assert (await client.get(f"{BASE}/{saved['id']}")).status_code == 404


async def test_a_search_that_cannot_run_is_refused(client: httpx.AsyncClient) -> None:
    bad = await client.post(BASE, json={"name": "broken", "q": "hostname:(web1"})
    assert bad.status_code == 400
    assert "position" in bad.json()["error"]
    unknown = await client.post(BASE, json={"name": "x", "owner": "me"})
    assert unknown.status_code == 422


async def test_who_saved_changed_and_deleted_is_recorded(api: Api) -> None:
    analyst = await api.client("analyst", name="carol-script")
    saved = (await analyst.post(BASE, json={"name": "dns"})).json()
    assert saved["owner"] == "apikey:carol-script"
    await analyst.patch(f"{BASE}/{saved['id']}", json={"version": 1, "q": "category:dns"})
    await analyst.delete(f"{BASE}/{saved['id']}")
    _, records = await api.state.collection("audit").find({"target": f"saved_search/{saved['id']}"})
    assert sorted(r["action"] for r in records) == [
        "saved_search.create",
        "saved_search.delete",
        "saved_search.update",
    ]
    assert {r["actor"] for r in records} == {"apikey:carol-script"}
    assert all(r["source"] for r in records)
