"""Local users in the state store's ``users`` collection, with sign-in throttling.

A user document::

    {"id": "alice", "name": "alice", "role": "analyst", "password_hash": "$argon2id$...",
     "disabled": false, "failures": 0, "first_failure": null, "locked_until": null, ...}

The id is the normalized name, so names are unique by construction (the store refuses a second
insert with the same id). After :data:`MAX_FAILURES` wrong passwords within :data:`FAILURE_WINDOW`,
sign-in is refused for :data:`LOCKOUT` whatever the password; the counter lives in the document so
every API replica sees it. :meth:`Users.authenticate` answers None for a missing user, a disabled
one, a locked one and a wrong password alike, after the same argon2 work.

Users signed in through OpenID Connect get a record too (``"source": "oidc"``, no password hash), so
admins can list and disable them; such a record never accepts a password, and a provider's user never
takes over a local account of the same name.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from mozdef_common.accounts.passwords import Passwords, check_policy
from mozdef_common.accounts.roles import Role, parse_role
from mozdef_common.errors import AccountError, ConflictError, NotFoundError
from mozdef_common.state import Collection, Document, StateStore

COLLECTION = "users"
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
_NAME = re.compile(r"[a-z0-9][a-z0-9._@-]{0,63}")

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def normalize_name(name: str) -> str:
    """The id of user ``name``: trimmed, lower case; AccountError when it is not a usable name."""
    normalized = name.strip().lower()
    if not _NAME.fullmatch(normalized):
        raise AccountError(
            f"bad user name {name!r}: 1-64 of a-z 0-9 . _ @ -, starting with a letter or digit"
        )
    return normalized


@dataclass(frozen=True, slots=True)
class User:
    """A user as callers see it: never the password hash."""

    id: str
    name: str
    role: Role
    disabled: bool
    created: str
    source: str = "local"

    @classmethod
    def from_document(cls, doc: Document) -> User:
        return cls(
            id=doc["id"],
            name=doc["name"],
            role=Role(doc["role"]),
            disabled=bool(doc.get("disabled")),
            created=doc["created"],
            source=doc.get("source") or "local",
        )


class Users:
    """Creates users and signs them in, on any :class:`~mozdef_common.state.StateStore`."""

    def __init__(
        self, state: StateStore, *, passwords: Passwords | None = None, clock: Clock = _utcnow
    ) -> None:
        self.collection: Collection = state.collection(COLLECTION)
        self.passwords = passwords or Passwords()
        self.clock = clock

    async def create_user(self, name: str, password: str, role: Role | str) -> User:
        """A new user; AccountError for a bad name, role or password, or a name already taken."""
        user_id = normalize_name(name)
        checked_role = parse_role(role)
        check_policy(password)
        password_hash = await asyncio.to_thread(self.passwords.hash, password)
        try:
            doc = await self.collection.insert(
                {
                    "id": user_id,
                    "name": user_id,
                    "role": checked_role.value,
                    "password_hash": password_hash,
                    "disabled": False,
                    "failures": 0,
                    "first_failure": None,
                    "locked_until": None,
                }
            )
        except ConflictError:
            raise AccountError(f"user {user_id!r} exists already") from None
        return User.from_document(doc)

    async def get(self, name: str) -> User | None:
        doc = await self._find(name)
        return None if doc is None else User.from_document(doc)

    async def authenticate(self, name: str, password: str) -> User | None:
        """The user when ``password`` is theirs and they may sign in now; None otherwise."""
        doc = await self._find(name)
        if doc is None or not doc.get("password_hash"):
            await asyncio.to_thread(self.passwords.verify_missing, password)
            return None
        now = self.clock()
        if _locked(doc, now):
            await asyncio.to_thread(self.passwords.verify_missing, password)
            return None
        ok = await asyncio.to_thread(self.passwords.verify, doc["password_hash"], password)
        if not ok:
            await self._record_failure(doc, now)
            return None
        if doc.get("disabled"):
            return None
        await self._record_success(doc, password)
        return User.from_document(doc)

    async def any_user(self) -> bool:
        """Whether any user exists (``mozdef up`` creates the first admin when none does)."""
        total, _ = await self.collection.find(limit=1)
        return total > 0

    async def list_users(self) -> list[User]:
        """Every user, newest first, without password hashes."""
        users: list[User] = []
        while True:
            total, page = await self.collection.find(limit=500, offset=len(users))
            users.extend(User.from_document(doc) for doc in page)
            if not page or len(users) >= total:
                return users

    async def update(
        self,
        name: str,
        *,
        role: Role | str | None = None,
        disabled: bool | None = None,
        password: str | None = None,
    ) -> tuple[User, bool]:
        """Change a user; ``(user, changed)``. NotFoundError for no such user, AccountError for bad values.

        A new password also clears a lockout: the admin who set it vouches for the person.
        """
        checked_role = None if role is None else parse_role(role)
        changes: dict[str, Any] = {}
        if password is not None:
            check_policy(password)
            changes["password_hash"] = await asyncio.to_thread(self.passwords.hash, password)
            changes.update(failures=0, first_failure=None, locked_until=None)
        user_id = normalize_name(name)
        while True:
            doc = await self.collection.get(user_id)
            if password is not None and doc.get("source", "local") != "local":
                raise AccountError(f"user {user_id!r} signs in through {doc['source']}: it has no password")
            wanted = dict(changes)
            if checked_role is not None and checked_role.value != doc["role"]:
                wanted["role"] = checked_role.value
            if disabled is not None and disabled != bool(doc.get("disabled")):
                wanted["disabled"] = disabled
            if not wanted:
                return User.from_document(doc), False
            try:
                doc = await self.collection.update(user_id, wanted, version=doc["version"])
            except ConflictError:
                continue  # changed meanwhile (a failed sign-in counted): apply ours to the new version
            return User.from_document(doc), True

    async def upsert_external(self, name: str, role: Role, source: str) -> tuple[User, bool]:
        """The record of a user ``source`` (``"oidc"``) vouched for, with ``role``; ``(user, role changed)``.

        AccountError when the name belongs to a local account or the user is disabled.
        """
        user_id = normalize_name(name)
        try:
            doc = await self.collection.insert(
                {
                    "id": user_id,
                    "name": user_id,
                    "role": role.value,
                    "password_hash": None,
                    "disabled": False,
                    "source": source,
                }
            )
            return User.from_document(doc), False
        except ConflictError:
            pass
        doc = await self.collection.get(user_id)
        if doc.get("source", "local") != source:
            raise AccountError(f"user {user_id!r} is a local account: {source} may not sign it in")
        if doc.get("disabled"):
            raise AccountError(f"user {user_id!r} is disabled")
        if doc["role"] == role.value:
            return User.from_document(doc), False
        with contextlib.suppress(ConflictError):
            doc = await self.collection.update(user_id, {"role": role.value}, version=doc["version"])
        return User.from_document(doc), True

    async def _find(self, name: str) -> Document | None:
        try:
            return await self.collection.get(normalize_name(name))
        except (AccountError, NotFoundError):
            return None

    async def _record_failure(self, doc: Document, now: datetime) -> None:
        for _ in range(3):  # another replica may count a failure at the same moment: read again
            first = _parse(doc.get("first_failure"))
            if first is None or now - first > FAILURE_WINDOW:
                changes: dict[str, Any] = {"failures": 1, "first_failure": now.isoformat()}
            else:
                changes = {"failures": int(doc.get("failures") or 0) + 1}
            if changes["failures"] >= MAX_FAILURES:
                changes.update(failures=0, first_failure=None, locked_until=(now + LOCKOUT).isoformat())
            try:
                await self.collection.update(doc["id"], changes, version=doc["version"])
                return
            except ConflictError:
                doc = await self.collection.get(doc["id"])
            except NotFoundError:
                return

    async def _record_success(self, doc: Document, password: str) -> None:
        changes: dict[str, Any] = {}
        if doc.get("failures") or doc.get("locked_until"):
            changes.update(failures=0, first_failure=None, locked_until=None)
        if self.passwords.needs_rehash(doc["password_hash"]):
            changes["password_hash"] = await asyncio.to_thread(self.passwords.hash, password)
        if changes:
            # A concurrent change wins; the next sign-in tries again.
            with contextlib.suppress(ConflictError, NotFoundError):
                await self.collection.update(doc["id"], changes, version=doc["version"])


def _parse(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def _locked(doc: Document, now: datetime) -> bool:
    until = _parse(doc.get("locked_until"))
    return until is not None and now < until
