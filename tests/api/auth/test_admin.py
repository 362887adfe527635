"""Admin routes: users, API keys and the audit log; who may call them; what changes end sessions."""

from __future__ import annotations

import httpx
import orjson
import pytest

from tests.api.auth.conftest import PASSWORD, add_user, audit_records, bearer, sign_in
from tests.support.api import Api

ROUTES = [
    ("GET", "/api/v1/users", None),
    ("POST", "/api/v1/users", {"name": "x", "role": "viewer", "password": PASSWORD}),
    ("PATCH", "/api/v1/users/x", {"role": "viewer"}),
    ("GET", "/api/v1/apikeys", None),
    ("POST", "/api/v1/apikeys", {"name": "x", "role": "shipper"}),
    ("DELETE", "/api/v1/apikeys/0123456789abcdef", None),
    ("GET", "/api/v1/audit", None),
]


@pytest.mark.parametrize(
    ("role", "expected"), [(None, 401), ("viewer", 403), ("analyst", 403), ("shipper", 403)]
)
async def test_only_admins_reach_admin_routes(api: Api, role: str | None, expected: int) -> None:
    client = await api.client(role)
    for method, path, body in ROUTES:
        response = await client.request(method, path, json=body)
        assert response.status_code == expected, (method, path)
    assert await api.app.state.users.get("x") is None


async def test_users(api: Api) -> None:
    admin = await api.client("admin", name="ops")
    created = await admin.post("/api/v1/users", json={"name": "Bob", "role": "analyst", "password": PASSWORD})
    assert created.status_code == 201
    assert created.json()["name"] == "bob"
    assert "password" not in created.text
    again = await admin.post("/api/v1/users", json={"name": "bob", "role": "viewer", "password": PASSWORD})
    assert again.status_code == 400
    listed = (await admin.get("/api/v1/users")).json()["users"]
    assert [(u["name"], u["role"], u["disabled"]) for u in listed] == [("bob", "analyst", False)]
    assert "hash" not in orjson.dumps(listed).decode()
    assert (await admin.patch("/api/v1/users/nobody", json={"role": "viewer"})).status_code == 404
    assert (await admin.patch("/api/v1/users/bob", json={"role": "root"})).status_code == 422
    records = await audit_records(api, action="user.create")
    assert [(r["actor"], r["target"], r["source"]) for r in records] == [("apikey:ops", "bob", "127.0.0.1")]


@pytest.mark.parametrize(
    "change", [{"disabled": True}, {"role": "viewer"}, {"password": "another password"}], ids=str
)
async def test_changing_a_user_ends_their_sessions(api: Api, change: dict[str, object]) -> None:
    await add_user(api, "bob", "analyst")
    token = await sign_in(api, "bob")
    client = await api.client(None)
    assert (await client.get("/api/v1/auth/me", headers=bearer(token))).status_code == 200  # cached now
    admin = await api.client("admin")
    changed = await admin.patch("/api/v1/users/bob", json=change)
    assert changed.status_code == 200, changed.text
    assert (await client.get("/api/v1/auth/me", headers=bearer(token))).status_code == 401
    [record] = await audit_records(api, action="user.update")
    assert record["details"]["sessions_closed"] == 1
    assert "another password" not in orjson.dumps(record).decode()


async def test_disabled_users_cannot_sign_in_until_enabled(api: Api) -> None:
    await add_user(api, "bob", "analyst")
    admin = await api.client("admin")
    await admin.patch("/api/v1/users/bob", json={"disabled": True})
    anonymous = await api.client(None)
    login = {"username": "bob", "password": PASSWORD}
    assert (await anonymous.post("/api/v1/auth/login", json=login)).status_code == 401
    await admin.patch("/api/v1/users/bob", json={"disabled": False})
    assert (await anonymous.post("/api/v1/auth/login", json=login)).status_code == 200


async def test_admins_may_not_lock_themselves_out(api: Api) -> None:
    await add_user(api, "root", "admin")
    client = await api.client(None)
    token = await sign_in(api, "root")
    for change in ({"disabled": True}, {"role": "analyst"}):
        refused = await client.patch("/api/v1/users/root", json=change, headers=bearer(token))
        assert refused.status_code == 400
    assert (
        await client.patch("/api/v1/users/root", json={"role": "admin"}, headers=bearer(token))
    ).status_code == 200


async def test_api_keys_shown_once_and_revoked_at_once(api: Api) -> None:
    admin = await api.client("admin", name="ops")
    created = await admin.post("/api/v1/apikeys", json={"name": "beats", "role": "viewer"})
    assert created.status_code == 201
    key, record = created.json()["key"], created.json()["apikey"]
    assert key.startswith(f"mzd_{record['id']}_")
    listed = await admin.get("/api/v1/apikeys")
    assert record["id"] in listed.text
    assert key.split("_", 2)[2] not in listed.text
    user = httpx.AsyncClient(transport=httpx.ASGITransport(app=api.app), base_url="http://api")
    async with user:
        assert (await user.get("/api/v1/auth/me", headers=bearer(key))).status_code == 200  # cached now
        revoked = await admin.delete(f"/api/v1/apikeys/{record['id']}")
        assert revoked.status_code == 200
        assert revoked.json()["revoked"]
        assert (await user.get("/api/v1/auth/me", headers=bearer(key))).status_code == 401
    assert (await admin.delete("/api/v1/apikeys/nope")).status_code == 404
    actions = [(r["action"], r["target"]) for r in await audit_records(api, actor="apikey:ops")]
    assert ("apikey.create", record["id"]) in actions
    assert ("apikey.revoke", record["id"]) in actions
    assert key not in orjson.dumps(await audit_records(api)).decode()


async def test_audit_log_filters_newest_first(api: Api) -> None:
    await add_user(api, "bob", "analyst")
    await sign_in(api, "bob")
    admin = await api.client("admin", name="ops")
    for name in ("k1", "k2", "k3"):
        await admin.post("/api/v1/apikeys", json={"name": name, "role": "shipper"})
    everything = (await admin.get("/api/v1/audit")).json()
    assert everything["total"] == 4
    assert [r["action"] for r in everything["records"]] == ["apikey.create"] * 3 + ["auth.login"]
    names = [r["details"]["name"] for r in everything["records"][:3]]
    assert names == ["k3", "k2", "k1"]
    page = (
        await admin.get("/api/v1/audit", params={"action": "apikey.create", "size": 1, "offset": 1})
    ).json()
    assert page["total"] == 3
    assert page["records"][0]["details"]["name"] == "k2"
    assert (await admin.get("/api/v1/audit", params={"actor": "bob"})).json()["total"] == 1
    newest = everything["records"][0]["created"]
    window = await admin.get("/api/v1/audit", params={"start": newest, "end": newest})
    assert [r["details"]["name"] for r in window.json()["records"]] == ["k3"]
    oldest = everything["records"][-1]["created"]
    before = await admin.get("/api/v1/audit", params={"end": oldest})
    assert [r["action"] for r in before.json()["records"]] == ["auth.login"]
