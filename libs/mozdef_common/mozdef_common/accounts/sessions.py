"""Sign-in sessions: short-lived bearer tokens in the state store's ``sessions`` collection.

A session token reads ``mzs_<id>_<secret>`` (:mod:`.tokens`) and is shown once, at sign-in. The
record holds the user, the role they had when signing in, and when the token expires; keeping it in
the state store rather than signing a self-contained token lets sign-out and disabling a user end
their sessions on every API replica at once. A record::

    {"id": "9c1e...", "user": "alice", "role": "analyst", "secret_sha256": "...",
     "expires": "2026-...", "via": "password", ...}
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from mozdef_common.accounts.roles import Role
from mozdef_common.accounts.tokens import new_secret, secret_matches, split_secret
from mozdef_common.errors import NotFoundError
from mozdef_common.state import Collection, Document, StateStore

COLLECTION = "sessions"
PREFIX = "mzs_"
DEFAULT_TTL = timedelta(hours=1)

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Session:
    id: str
    user: str
    role: Role
    expires: datetime
    via: str


class Sessions:
    """Opens, checks and ends sign-in sessions on any :class:`~mozdef_common.state.StateStore`."""

    def __init__(self, state: StateStore, *, ttl: timedelta = DEFAULT_TTL, clock: Clock = _utcnow) -> None:
        self.collection: Collection = state.collection(COLLECTION)
        self.ttl = ttl
        self.clock = clock

    async def open(self, user: str, role: Role, *, via: str = "password") -> tuple[Session, str]:
        """A new session for ``user`` and its token, which is not stored and cannot be shown again."""
        session_id, token, secret_digest = new_secret(PREFIX)
        expires = self.clock() + self.ttl
        await self.collection.insert(
            {
                "id": session_id,
                "user": user,
                "role": role.value,
                "secret_sha256": secret_digest,
                "expires": expires.isoformat(),
                "via": via,
            }
        )
        return Session(session_id, user, role, expires, via), token

    async def verify(self, token: str) -> Session | None:
        """The live session ``token`` opens; None for unknown, wrong or expired tokens."""
        parts = split_secret(token.strip(), PREFIX)
        if parts is None:
            return None
        session_id, secret = parts
        try:
            doc = await self.collection.get(session_id)
        except NotFoundError:
            secret_matches(None, secret)  # the same work as a real check
            return None
        if not secret_matches(doc.get("secret_sha256"), secret):
            return None
        session = _session(doc)
        if session.expires <= self.clock():
            with contextlib.suppress(NotFoundError):
                await self.collection.delete(session_id)
            return None
        return session

    async def get(self, session_id: str) -> Session | None:
        """The session ``session_id`` names, live or not; None when it was ended."""
        try:
            return _session(await self.collection.get(session_id))
        except NotFoundError:
            return None

    async def close(self, session_id: str) -> None:
        """End one session (sign-out); ending one already gone is fine."""
        with contextlib.suppress(NotFoundError):
            await self.collection.delete(session_id)

    async def close_all(self, user: str) -> int:
        """End every session of ``user`` (disabled, demoted, password changed); how many were open."""
        closed = 0
        while True:
            _, page = await self.collection.find({"user": user}, limit=500)
            if not page:
                return closed
            for doc in page:
                with contextlib.suppress(NotFoundError):
                    await self.collection.delete(doc["id"])
                    closed += 1


def _session(doc: Document) -> Session:
    return Session(
        doc["id"], doc["user"], Role(doc["role"]), datetime.fromisoformat(doc["expires"]), doc["via"]
    )
