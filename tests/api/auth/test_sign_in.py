"""Password sign-in, refresh, sign-out, me, config and password change, over the real app and stores."""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson

from mozdef_api.settings import ApiSettings
from mozdef_common.accounts.users import MAX_FAILURES
from tests.api.auth.conftest import PASSWORD, add_user, audit_records, bearer, sign_in
from tests.support.api import Api, running_api

LOGIN = "/api/v1/auth/login"


async def test_sign_in_gives_a_session_token(api: Api) -> None:
    await add_user(api, "alice", "analyst")
    client = await api.client(None)
    response = await client.post(LOGIN, json={"username": "Alice", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["access_token"].startswith("mzs_")
    assert 3500 <= body["expires_in"] <= 3600
    assert body["user"] == {"name": "alice", "role": "analyst"}
    me = await client.get("/api/v1/auth/me", headers=bearer(body["access_token"]))
    assert me.json() == {"name": "alice", "role": "analyst", "kind": "user", "actions": ["read", "write"]}
    search = await client.get(
        "/api/v1/events/search", params={"q": "*"}, headers=bearer(body["access_token"])
    )
    assert search.status_code == 200


async def test_every_failure_answers_the_same(api: Api) -> None:
    await add_user(api, "alice", "analyst")
    await add_user(api, "dave", "viewer")
    await api.app.state.users.update("dave", disabled=True)
    client = await api.client(None)
    answers = [
        await client.post(LOGIN, json={"username": "alice", "password": "wrong password"}),
        await client.post(LOGIN, json={"username": "nobody", "password": PASSWORD}),
        await client.post(LOGIN, json={"username": "dave", "password": PASSWORD}),
        await client.post(LOGIN, json={"username": "not a valid name!", "password": PASSWORD}),
    ]
    assert {a.status_code for a in answers} == {401}
    assert len({a.json()["error"]["reason"] for a in answers}) == 1
    assert all(a.headers["www-authenticate"].startswith("Bearer") for a in answers)


async def test_lockout_after_repeated_failures(api: Api) -> None:
    await add_user(api, "alice", "analyst")
    client = await api.client(None)
    for _ in range(MAX_FAILURES):
        wrong = await client.post(LOGIN, json={"username": "alice", "password": "wrong password"})
        assert wrong.status_code == 401
    locked = await client.post(LOGIN, json={"username": "alice", "password": PASSWORD})
    assert locked.status_code == 401
    assert locked.json()["error"]["reason"] == wrong.json()["error"]["reason"]


async def test_sign_in_is_audited_with_source_and_without_secrets(api: Api) -> None:
    await add_user(api, "alice", "analyst")
    token = await sign_in(api, "alice")
    client = await api.client(None)
    await client.post(LOGIN, json={"username": "alice", "password": "not-the-password"})
    records = await audit_records(api, action="auth.login")
    assert {(r["actor"], r["outcome"], r["source"]) for r in records} == {
        ("alice", "ok", "127.0.0.1"),
        ("alice", "failure", "127.0.0.1"),
    }
    dumped = orjson.dumps(await audit_records(api)).decode()
    for secret in (PASSWORD, "not-the-password", token, token.split("_", 2)[2]):
        assert secret not in dumped


async def test_refresh_gives_a_new_token_and_ends_the_old(api: Api) -> None:
    await add_user(api, "alice", "analyst")
    old = await sign_in(api, "alice")
    client = await api.client(None)
    refreshed = await client.post("/api/v1/auth/refresh", headers=bearer(old))
    assert refreshed.status_code == 200
    new = refreshed.json()["access_token"]
    assert new != old
    assert (await client.get("/api/v1/auth/me", headers=bearer(old))).status_code == 401
    assert (await client.get("/api/v1/auth/me", headers=bearer(new))).status_code == 200


async def test_refresh_reads_the_current_role_and_disabled_flag(api: Api) -> None:
    await add_user(api, "alice", "analyst")
    token = await sign_in(api, "alice")
    client = await api.client(None)
    # Changed straight in the store (as another replica's admin would, without ending sessions).
    await api.app.state.users.update("alice", role="viewer")
    refreshed = await client.post("/api/v1/auth/refresh", headers=bearer(token))
    assert refreshed.json()["user"]["role"] == "viewer"
    await api.app.state.users.update("alice", disabled=True)
    again = await client.post("/api/v1/auth/refresh", headers=bearer(refreshed.json()["access_token"]))
    assert again.status_code == 401
    assert (
        await client.get("/api/v1/auth/me", headers=bearer(refreshed.json()["access_token"]))
    ).status_code == 401


async def test_api_keys_cannot_refresh_or_sign_out(api: Api) -> None:
    client = await api.client("analyst")
    assert (await client.post("/api/v1/auth/refresh")).status_code == 400
    assert (await client.post("/api/v1/auth/logout")).status_code == 400
    assert (await client.get("/api/v1/auth/me")).json()["kind"] == "apikey"


async def test_sign_out_ends_the_session_on_every_replica(tmp_path: Path) -> None:
    settings = ApiSettings(data_dir=tmp_path, auth_cache_s=0.3)
    async with running_api(settings) as one, running_api(settings) as two:
        await add_user(one, "alice", "analyst")
        token = await sign_in(one, "alice")
        a, b = await one.client(None), await two.client(None)
        assert (await a.get("/api/v1/auth/me", headers=bearer(token))).status_code == 200
        assert (await b.get("/api/v1/auth/me", headers=bearer(token))).status_code == 200  # now cached on two
        assert (await a.post("/api/v1/auth/logout", headers=bearer(token))).status_code == 204
        assert (await a.get("/api/v1/auth/me", headers=bearer(token))).status_code == 401  # at once here

        await asyncio.sleep(0.4)
        assert (
            await b.get("/api/v1/auth/me", headers=bearer(token))
        ).status_code == 401  # within the TTL there
        assert [r["actor"] for r in await audit_records(one, action="auth.logout")] == ["alice"]


async def test_config_is_open_and_says_how_to_sign_in(api: Api, tmp_path: Path) -> None:
    client = await api.client(None)
    assert (await client.get("/api/v1/auth/config")).json() == {
        "password": True,
        "oidc": {"enabled": False, "label": None, "login_url": None},
    }
    assert (await client.get("/api/v1/auth/me")).status_code == 401
    assert (await client.get("/api/v1/auth/oidc/login")).status_code == 404


async def test_change_own_password(api: Api) -> None:
    await add_user(api, "alice", "analyst")
    token = await sign_in(api, "alice")
    other = await sign_in(api, "alice")
    client = await api.client(None)
    path = "/api/v1/auth/password"
    wrong = await client.post(
        path, json={"old_password": "nope nope", "new_password": "new password 1"}, headers=bearer(token)
    )
    assert wrong.status_code == 403
    short = await client.post(
        path, json={"old_password": PASSWORD, "new_password": "short"}, headers=bearer(token)
    )
    assert short.status_code == 400
    changed = await client.post(
        path, json={"old_password": PASSWORD, "new_password": "new password 1"}, headers=bearer(token)
    )
    assert changed.status_code == 200
    fresh = changed.json()["access_token"]
    assert (await client.get("/api/v1/auth/me", headers=bearer(other))).status_code == 401
    assert (await client.get("/api/v1/auth/me", headers=bearer(token))).status_code == 401
    assert (await client.get("/api/v1/auth/me", headers=bearer(fresh))).status_code == 200
    assert await sign_in(api, "alice", "new password 1")
    records = await audit_records(api, action="user.password")
    assert {r["outcome"] for r in records} == {"ok", "failure"}
    assert "new password 1" not in orjson.dumps(records).decode()
