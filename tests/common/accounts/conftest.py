"""Accounts run on the real SQLite state store in the test's own data dir."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from mozdef_common.accounts import Passwords
from mozdef_common.settings import CommonSettings
from mozdef_common.state import StateStore, open_state_store


@pytest.fixture
async def state(tmp_path: Path) -> AsyncIterator[StateStore]:
    store = open_state_store(CommonSettings(data_dir=tmp_path))
    await store.start()
    yield store
    await store.close()


@pytest.fixture
def fast_passwords() -> Passwords:
    """argon2id with the smallest parameters: the same code path, milliseconds per hash."""
    return Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
