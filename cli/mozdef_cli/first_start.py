"""What `mozdef up` does on a first start: the first admin and a shipper key, printed once.

"First start" means the state store holds no user. The admin's password is random (a person chose
nothing yet, so nothing guessable ships); it and the key are printed once, here, and never again:
later starts find a user and create nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from mozdef_common.accounts import ApiKeys, Role, Users
from mozdef_common.settings import CommonSettings
from mozdef_common.state import open_state_store

ADMIN = "admin"
SHIPPER_KEY = "default-shipper"


@dataclass(frozen=True, slots=True)
class FirstCredentials:
    admin: str
    password: str
    key_name: str
    key: str

    def banner(self) -> list[str]:
        return [
            "  first start: these credentials are shown once, now; keep them somewhere safe",
            f"    sign in     user {self.admin}, password {self.password}",
            f"    ship events API key {self.key} ({self.key_name}, shipper role):",
            "                'Authorization: Bearer <key>' (or ApiKey, or Basic with the key as password)",
        ]


async def first_start(settings: CommonSettings) -> FirstCredentials | None:
    """Create the admin and the shipper key when no user exists yet; None on any later start."""
    state = open_state_store(settings)
    await state.start()
    try:
        users = Users(state)
        if await users.any_user():
            return None
        password = secrets.token_urlsafe(18)
        await users.create_user(ADMIN, password, Role.ADMIN)
        _, key = await ApiKeys(state).create_key(SHIPPER_KEY, Role.SHIPPER)
        return FirstCredentials(ADMIN, password, SHIPPER_KEY, key)
    finally:
        await state.close()
