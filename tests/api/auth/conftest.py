"""Sign-in fixtures: a user with a known password, and signing in as them over the real app."""

from __future__ import annotations

from tests.support.api import Api

PASSWORD = "correct horse battery"


async def add_user(api: Api, name: str, role: str, password: str = PASSWORD) -> None:
    await api.app.state.users.create_user(name, password, role)


async def sign_in(api: Api, name: str, password: str = PASSWORD) -> str:
    """A session token for ``name``."""
    anonymous = await api.client(None)
    response = await anonymous.post("/api/v1/auth/login", json={"username": name, "password": password})
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def audit_records(api: Api, **where: str) -> list[dict[str, object]]:
    _, page = await api.state.collection("audit").find(where, limit=1000)
    return page
