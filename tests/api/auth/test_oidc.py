"""OpenID Connect sign-in end to end, against a real (tiny) provider on a loopback port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from mozdef_api.settings import ApiSettings
from tests.api.auth.conftest import PASSWORD, add_user, audit_records, bearer
from tests.api.auth.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, oidc_provider
from tests.support.api import Api, running_api


@pytest.fixture
async def provider() -> AsyncIterator[Provider]:
    async with oidc_provider() as running:
        yield running


def settings_for(tmp_path: Path, provider: Provider, **overrides: Any) -> ApiSettings:
    return ApiSettings(
        data_dir=tmp_path,
        oidc_issuer=provider.url,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
        oidc_role_map={"secops-admins": "admin", "secops": "analyst"},
        **overrides,
    )


@pytest.fixture
async def api(tmp_path: Path, provider: Provider) -> AsyncIterator[Api]:
    async with running_api(settings_for(tmp_path, provider)) as running:
        yield running


async def browse(api: Api, *, keep_cookie: bool = True) -> tuple[httpx.Response, str]:
    """A browser's round trip: start at the api, through the provider, back to the callback.

    Answers the callback's response and the callback URL (to replay it)."""
    client = await api.client(None)
    start = await client.get("/api/v1/auth/oidc/login")
    assert start.status_code == 302
    cookie = start.headers["set-cookie"].split(";")[0]
    assert "httponly" in start.headers["set-cookie"].lower()
    async with httpx.AsyncClient() as browser:
        at_provider = await browser.get(start.headers["location"])
    assert at_provider.status_code == 302, at_provider.text
    callback = urlsplit(at_provider.headers["location"])
    path = f"{callback.path}?{callback.query}"
    # A fresh client: the cookie goes back only when this "browser" keeps it.
    done = await (await api.client(None)).get(path, headers={"cookie": cookie} if keep_cookie else {})
    return done, path


def fragment(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/#/signed-in?")  # everything after '#': never sent to a server
    return {k: v[0] for k, v in parse_qs(location.split("#", 1)[1].split("?", 1)[1]).items()}


async def test_sign_in_through_the_provider(api: Api, provider: Provider) -> None:
    done, _ = await browse(api)
    answer = fragment(done)
    assert answer["token_type"] == "Bearer"
    assert int(answer["expires_in"]) > 3000
    me = await (await api.client(None)).get("/api/v1/auth/me", headers=bearer(answer["access_token"]))
    assert me.json()["name"] == "carol"
    assert me.json()["role"] == "analyst"
    user = await api.app.state.users.get("carol")
    assert (user.source, user.role) == ("oidc", "analyst")
    [record] = await audit_records(api, action="auth.login", outcome="ok")
    assert (record["actor"], record["details"]["via"], record["source"]) == ("carol", "oidc", "127.0.0.1")
    assert answer["access_token"] not in str(await audit_records(api))
    # The highest mapped group wins, and the provider's word is re-read at every sign-in.
    provider.claims = {"preferred_username": "carol", "groups": ["secops", "secops-admins"]}
    assert (await api.app.state.users.get("carol")).role == "analyst"
    fragment((await browse(api))[0])
    assert (await api.app.state.users.get("carol")).role == "admin"


async def test_config_announces_the_button(api: Api) -> None:
    config = (await (await api.client(None)).get("/api/v1/auth/config")).json()
    assert config["oidc"] == {
        "enabled": True,
        "label": "Sign in with SSO",
        "login_url": "/api/v1/auth/oidc/login",
    }


@pytest.mark.parametrize("misbehave", ["bad_signature", "wrong_nonce", "wrong_audience", "expired"])
async def test_bad_id_tokens_are_refused(api: Api, provider: Provider, misbehave: str) -> None:
    provider.misbehave = misbehave
    done, _ = await browse(api)
    answer = fragment(done)
    assert answer["error"] == "oidc_refused"
    assert "access_token" not in answer
    assert await api.app.state.users.get("carol") is None
    [record] = await audit_records(api, action="auth.login")
    assert record["outcome"] == "failure"


async def test_the_callback_needs_the_starting_browser_and_works_once(api: Api) -> None:
    done, _ = await browse(api, keep_cookie=False)
    assert fragment(done)["error_description"] == "this sign-in was not started in this browser"
    done, replay_path = await browse(api)
    assert "access_token" in fragment(done)
    client = await api.client(None)
    state = parse_qs(urlsplit(replay_path).query)["state"][0]
    replay = await client.get(replay_path, headers={"cookie": f"mozdef_oidc_state={state}"})
    assert fragment(replay)["error"] == "oidc_refused"


async def test_a_provider_user_never_takes_a_local_account(api: Api, provider: Provider) -> None:
    await add_user(api, "admin", "admin")
    provider.claims = {"preferred_username": "admin", "groups": ["secops-admins"]}
    assert "local account" in fragment((await browse(api))[0])["error_description"]
    login = await (await api.client(None)).post(
        "/api/v1/auth/login", json={"username": "admin", "password": PASSWORD}
    )
    assert login.status_code == 200


async def test_users_in_no_mapped_group(tmp_path: Path, provider: Provider) -> None:
    provider.claims = {"email": "dan@example.com", "groups": ["marketing"]}
    async with running_api(settings_for(tmp_path / "default", provider)) as api:
        token = fragment((await browse(api))[0])["access_token"]
        me = await (await api.client(None)).get("/api/v1/auth/me", headers=bearer(token))
        assert (me.json()["name"], me.json()["role"]) == ("dan@example.com", "viewer")
    async with running_api(settings_for(tmp_path / "strict", provider, oidc_require_group=True)) as api:
        assert "no group" in fragment((await browse(api))[0])["error_description"]


def test_settings_need_all_three_and_no_shipper_role(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="together"):
        ApiSettings(data_dir=tmp_path, oidc_issuer="https://id.example.com")
    with pytest.raises(ValueError, match="shipper"):
        ApiSettings(
            data_dir=tmp_path,
            oidc_issuer="https://id.example.com",
            oidc_client_id="x",
            oidc_client_secret="y",
            oidc_role_map={"g": "shipper"},
        )
