"""Every route by every role, anonymous included: who is let in and who is refused.

The routes and what each needs are read from the OpenAPI document, the one integrators read: an
operation's security requirement lists the actions the caller's role must permit (an empty list: any
signed-in caller). A route published without one fails here unless it is open by design.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from mozdef_api.settings import ApiSettings
from mozdef_common.accounts import Role, permits
from tests.support.api import Api, running_api

# Open by design: the sign-in screen must reach these before anyone has credentials.
OPEN = frozenset(
    {
        ("POST", "/api/v1/auth/login"),
        ("GET", "/api/v1/auth/config"),
        ("GET", "/api/v1/auth/oidc/login"),
        ("GET", "/api/v1/auth/oidc/callback"),
    }
)
ROLES: list[Role | None] = [None, *Role]


def _operations(api: Api) -> Iterator[tuple[str, str, list[str] | None]]:
    """``(method, path, actions)``; actions None when the operation publishes no security at all."""
    for path, operations in api.app.openapi()["paths"].items():
        for method, operation in operations.items():
            requirements = operation.get("security")
            actions = (
                None
                if not requirements
                else sorted({a for r in requirements for a in r.get("HTTPBearer", [])})
            )
            yield method.upper(), path, actions


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    async with running_api(ApiSettings(data_dir=tmp_path)) as running:
        yield running


async def test_every_route_is_guarded_or_open_by_design(api: Api) -> None:
    operations = list(_operations(api))
    assert len(operations) >= 9
    unguarded = [(m, p) for m, p, actions in operations if actions is None and (m, p) not in OPEN]
    assert not unguarded, f"routes with no guard: {unguarded}"


async def test_each_role_is_let_in_exactly_where_it_may(api: Api) -> None:
    clients = {role: await api.client(role) for role in ROLES}
    checked = 0
    for method, path, actions in _operations(api):
        if (method, path) in OPEN:
            continue
        assert actions is not None
        url = re.sub(r"\{[^}]+\}", "no-such-id", path)
        for role in ROLES:
            body = {} if method in ("POST", "PATCH", "PUT") else None
            response = await clients[role].request(method, url, json=body)
            where = f"{method} {path} as {role or 'anonymous'}: {response.status_code} {response.text[:200]}"
            if role is None:
                assert response.status_code == 401, where
                assert response.headers["www-authenticate"].startswith("Bearer"), where
            elif all(permits(role, action) for action in actions):
                assert response.status_code not in (401, 403), where
            else:
                assert response.status_code == 403, where
                assert response.json()["error"]["type"] == "forbidden", where
            checked += 1
    assert checked >= 9 * len(ROLES)  # the matrix really ran: routes by roles
