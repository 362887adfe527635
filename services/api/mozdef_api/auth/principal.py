"""Who is calling: a signed-in user or an API key, with the role that decides what they may do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mozdef_common.accounts import Action, Role, permits


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller of a request or WebSocket.

    ``name`` is the user's name or the API key's name (what timelines and the audit log show);
    ``id`` the user id or key id; ``session`` the id of the sign-in session, for sign-out.
    """

    name: str
    role: Role
    kind: Literal["user", "apikey"]
    id: str
    session: str | None = None

    def may(self, action: Action | str) -> bool:
        return permits(self.role, action)

    @property
    def actor(self) -> str:
        """How the caller is named in timelines and the audit log: keys are marked as such."""
        return self.name if self.kind == "user" else f"apikey:{self.name}"
