from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mozdef_common.accounts import Passwords, Role, Users
from mozdef_common.accounts.users import FAILURE_WINDOW, LOCKOUT, MAX_FAILURES
from mozdef_common.errors import AccountError
from mozdef_common.state import StateStore

PASSWORD = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def users(state: StateStore, fast_passwords: Passwords, clock: Clock) -> Users:
    return Users(state, passwords=fast_passwords, clock=clock)


async def test_create_and_authenticate(users: Users, state: StateStore) -> None:
    user = await users.create_user(" Alice ", PASSWORD, "analyst")
    assert (user.id, user.name, user.role, user.disabled) == ("alice", "alice", Role.ANALYST, False)
    stored = await state.collection("users").get("alice")
    assert stored["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in str(stored)
    assert await users.authenticate("ALICE", PASSWORD) == user
    assert await users.authenticate("alice", "wrong password") is None
    assert await users.authenticate("nobody", PASSWORD) is None
    assert await users.authenticate("bad name!", PASSWORD) is None


async def test_duplicate_name_is_refused(users: Users) -> None:
    await users.create_user("bob", PASSWORD, "viewer")
    with pytest.raises(AccountError, match="user 'bob' exists already"):
        await users.create_user("BOB", "another password", "admin")


@pytest.mark.parametrize(
    ("name", "password", "role", "message"),
    [
        ("", PASSWORD, "viewer", "bad user name"),
        ("has space", PASSWORD, "viewer", "bad user name"),
        ("carol", "short", "viewer", "at least 8"),
        ("carol", PASSWORD, "root", "unknown role"),
    ],
)
async def test_bad_input_is_refused(users: Users, name: str, password: str, role: str, message: str) -> None:
    with pytest.raises(AccountError, match=message):
        await users.create_user(name, password, role)
    assert await users.get("carol") is None


async def test_throttling_locks_then_releases(users: Users, clock: Clock) -> None:
    await users.create_user("dave", PASSWORD, "viewer")
    for _ in range(MAX_FAILURES):
        assert await users.authenticate("dave", "wrong password") is None
    assert await users.authenticate("dave", PASSWORD) is None  # locked: even the right password
    clock.now += LOCKOUT + timedelta(seconds=1)
    assert await users.authenticate("dave", PASSWORD) is not None


async def test_failures_outside_the_window_do_not_add_up(users: Users, clock: Clock) -> None:
    await users.create_user("erin", PASSWORD, "viewer")
    for _ in range(MAX_FAILURES - 1):
        assert await users.authenticate("erin", "wrong password") is None
    clock.now += FAILURE_WINDOW + timedelta(seconds=1)
    assert await users.authenticate("erin", "wrong password") is None
    assert await users.authenticate("erin", PASSWORD) is not None


async def test_success_resets_the_counter(users: Users, state: StateStore) -> None:
    await users.create_user("finn", PASSWORD, "viewer")
    for _ in range(MAX_FAILURES - 1):
        await users.authenticate("finn", "wrong password")
    assert await users.authenticate("finn", PASSWORD) is not None
    assert (await state.collection("users").get("finn"))["failures"] == 0
    for _ in range(MAX_FAILURES - 1):
        await users.authenticate("finn", "wrong password")
    assert await users.authenticate("finn", PASSWORD) is not None


async def test_disabled_user_cannot_sign_in(users: Users, state: StateStore) -> None:
    await users.create_user("gail", PASSWORD, "admin")
    users_collection = state.collection("users")
    doc = await users_collection.get("gail")
    await users_collection.update("gail", {"disabled": True}, version=doc["version"])
    assert await users.authenticate("gail", PASSWORD) is None


async def test_sign_in_rehashes_with_new_parameters(state: StateStore, fast_passwords: Passwords) -> None:
    from argon2 import PasswordHasher

    await Users(state, passwords=fast_passwords).create_user("hana", PASSWORD, "viewer")
    stronger = Passwords(PasswordHasher(time_cost=2, memory_cost=16, parallelism=1))
    assert await Users(state, passwords=stronger).authenticate("hana", PASSWORD) is not None
    stored = (await state.collection("users").get("hana"))["password_hash"]
    assert not stronger.needs_rehash(stored)
    assert stronger.verify(stored, PASSWORD)
