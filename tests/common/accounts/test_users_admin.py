"""What admins and the OpenID Connect sign-in do to users: list, change, and provider-vouched records."""

from __future__ import annotations

import pytest

from mozdef_common.accounts import Passwords, Role, Users
from mozdef_common.accounts.users import MAX_FAILURES
from mozdef_common.errors import AccountError, NotFoundError
from mozdef_common.state import StateStore

PASSWORD = "correct horse battery"


@pytest.fixture
def users(state: StateStore, fast_passwords: Passwords) -> Users:
    return Users(state, passwords=fast_passwords)


async def test_any_user_and_list(users: Users) -> None:
    assert not await users.any_user()
    await users.create_user("alice", PASSWORD, "analyst")
    await users.create_user("bob", PASSWORD, "viewer")
    assert await users.any_user()
    assert {(u.name, u.role, u.source) for u in await users.list_users()} == {
        ("alice", Role.ANALYST, "local"),
        ("bob", Role.VIEWER, "local"),
    }


async def test_update_role_disabled_and_password(users: Users) -> None:
    await users.create_user("alice", PASSWORD, "analyst")
    user, changed = await users.update("Alice", role="admin")
    assert (user.role, changed) == (Role.ADMIN, True)
    assert (await users.update("alice", role=Role.ADMIN))[1] is False  # nothing to change
    user, changed = await users.update("alice", disabled=True)
    assert (user.disabled, changed) == (True, True)
    assert await users.authenticate("alice", PASSWORD) is None
    await users.update("alice", disabled=False)
    await users.update("alice", password="a brand new password")
    assert await users.authenticate("alice", PASSWORD) is None
    assert await users.authenticate("alice", "a brand new password") is not None


async def test_a_new_password_lifts_a_lockout(users: Users) -> None:
    await users.create_user("alice", PASSWORD, "analyst")
    for _ in range(MAX_FAILURES):
        await users.authenticate("alice", "wrong password")
    assert await users.authenticate("alice", PASSWORD) is None  # locked
    await users.update("alice", password="set by the admin")
    assert await users.authenticate("alice", "set by the admin") is not None


async def test_update_refuses_unknown_users_and_bad_values(users: Users) -> None:
    with pytest.raises(NotFoundError):
        await users.update("nobody", role="viewer")
    await users.create_user("alice", PASSWORD, "analyst")
    with pytest.raises(AccountError, match="unknown role"):
        await users.update("alice", role="root")
    with pytest.raises(AccountError, match="at least 8"):
        await users.update("alice", password="short")


async def test_provider_vouched_users(users: Users) -> None:
    user, changed = await users.upsert_external("carol@example.com", Role.ANALYST, "oidc")
    assert (user.name, user.role, user.source, changed) == ("carol@example.com", Role.ANALYST, "oidc", False)
    user, changed = await users.upsert_external("carol@example.com", Role.ADMIN, "oidc")
    assert (user.role, changed) == (Role.ADMIN, True)
    # No password ever signs such a user in, and none can be set.
    assert await users.authenticate("carol@example.com", "") is None
    with pytest.raises(AccountError, match="no password"):
        await users.update("carol@example.com", password=PASSWORD)
    await users.update("carol@example.com", disabled=True)
    with pytest.raises(AccountError, match="disabled"):
        await users.upsert_external("carol@example.com", Role.ADMIN, "oidc")


async def test_a_provider_never_takes_over_a_local_account(users: Users) -> None:
    await users.create_user("admin", PASSWORD, "admin")
    with pytest.raises(AccountError, match="local account"):
        await users.upsert_external("admin", Role.VIEWER, "oidc")
    assert (await users.get("admin")) is not None
    assert (await users.authenticate("admin", PASSWORD)) is not None
