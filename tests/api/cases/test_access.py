"""Who may do what on cases: viewers read everything and change nothing; anonymous callers get 401."""

from __future__ import annotations

import httpx
from fastapi.routing import APIRoute

from mozdef_api import stats, veris
from mozdef_api.cases import incidents_router, investigations_router
from tests.api.cases.conftest import open_incident
from tests.support.api import Api


def _routes() -> list[tuple[str, str]]:
    # From the routers themselves (their paths carry the prefix): what the app includes.
    found = []
    for router in (incidents_router, investigations_router, veris.router, stats.router):
        for route in router.routes:
            assert isinstance(route, APIRoute)
            found += [(method, route.path) for method in sorted(route.methods or ())]
    return found


async def test_viewers_read_but_every_write_is_forbidden(api: Api, client: httpx.AsyncClient) -> None:
    incident = await open_incident(client, theories=[{"text": "t"}])
    investigation = await client.post(
        "/api/v1/investigations", json={"summary": "s", "theories": [{"text": "t"}]}
    )
    cases = {"incidents": incident, "investigations": investigation.json()}
    viewer = await api.client("viewer")
    anonymous = await api.client(None)
    routes = _routes()
    assert len(routes) >= 2 * 23 + 3  # both kinds' routes, VERIS and stats
    for method, path in routes:
        case = cases["investigations" if "investigations" in path else "incidents"]
        url = path.replace("{case_id}", str(case["id"])).replace("{item_id}", str(case["theories"][0]["id"]))
        body = {"version": 1} if method in ("POST", "PATCH") else None
        seen = await viewer.request(method, url, json=body, params={"version": 1})
        where = f"{method} {path}: {seen.status_code} {seen.text[:200]}"
        if method == "GET":
            assert seen.status_code == 200, where
        else:
            assert seen.status_code == 403, where
            assert seen.json()["error"]["type"] == "forbidden", where
        refused = await anonymous.request(method, url, json=body)
        assert refused.status_code == 401, where
    after = (await client.get(f"/api/v1/incidents/{incident['id']}")).json()
    assert after == incident  # nothing the viewer tried changed it


async def test_analysts_may_not_delete_cases(api: Api, client: httpx.AsyncClient) -> None:
    incident = await open_incident(client)
    refused = await client.delete(f"/api/v1/incidents/{incident['id']}")
    assert refused.status_code == 403
    assert "admin" in refused.json()["error"]["reason"]
