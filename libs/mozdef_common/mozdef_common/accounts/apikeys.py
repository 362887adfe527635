"""API keys for shippers and integrators, in the state store's ``apikeys`` collection.

A key reads ``mzd_<id>_<secret>`` (:mod:`.tokens`); only the SHA-256 of the secret is stored. The
plaintext is returned once, by :meth:`ApiKeys.create_key`, and never again.

A record::

    {"id": "3f2a...", "name": "syslog-shipper", "role": "shipper", "secret_sha256": "...",
     "revoked": null, "last_used": "2026-...", ...}
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from mozdef_common.accounts.roles import Role, parse_role
from mozdef_common.accounts.tokens import new_secret, secret_matches, split_secret
from mozdef_common.errors import AccountError, ConflictError, NotFoundError
from mozdef_common.state import Collection, Document, StateStore

COLLECTION = "apikeys"
PREFIX = "mzd_"
LAST_USED_GRANULARITY = timedelta(minutes=1)  # at most one write per key per minute

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def split_key(presented: str) -> tuple[str, str] | None:
    """``(id, secret)`` of a key in the ``mzd_<id>_<secret>`` form; None for anything else."""
    return split_secret(presented, PREFIX)


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A key as callers see it: never the secret nor its hash."""

    id: str
    name: str
    role: Role
    created: str
    revoked: str | None
    last_used: str | None

    @classmethod
    def from_document(cls, doc: Document) -> ApiKey:
        return cls(
            id=doc["id"],
            name=doc["name"],
            role=Role(doc["role"]),
            created=doc["created"],
            revoked=doc.get("revoked"),
            last_used=doc.get("last_used"),
        )


class ApiKeys:
    """Creates, checks, lists and revokes API keys on any :class:`~mozdef_common.state.StateStore`."""

    def __init__(self, state: StateStore, *, clock: Clock = _utcnow) -> None:
        self.collection: Collection = state.collection(COLLECTION)
        self.clock = clock

    async def create_key(self, name: str, role: Role | str) -> tuple[ApiKey, str]:
        """The new key's record and its plaintext, which is not stored and cannot be shown again."""
        name = name.strip()
        if not name or len(name) > 100:
            raise AccountError("an API key needs a name of 1-100 characters")
        checked_role = parse_role(role)
        key_id, plaintext, secret_digest = new_secret(PREFIX)
        doc = await self.collection.insert(
            {
                "id": key_id,
                "name": name,
                "role": checked_role.value,
                "secret_sha256": secret_digest,
                "revoked": None,
                "last_used": None,
            }
        )
        return ApiKey.from_document(doc), plaintext

    async def verify_key(self, presented: str) -> ApiKey | None:
        """The record of a live key ``presented`` is; None for unknown, revoked or wrong keys."""
        parts = split_key(presented.strip())
        if parts is None:
            return None
        key_id, secret = parts
        try:
            doc: Document | None = await self.collection.get(key_id)
        except NotFoundError:
            doc = None
        matches = secret_matches(None if doc is None else doc.get("secret_sha256"), secret)
        if doc is None or not matches or doc.get("revoked"):
            return None
        await self._touch(doc)
        return ApiKey.from_document(doc)

    async def revoke(self, key_id: str) -> ApiKey:
        """Revoke the key (again is fine); AccountError when there is no such key."""
        try:
            doc = await self.collection.get(key_id)
            if not doc.get("revoked"):
                changes = {"revoked": self.clock().isoformat()}
                doc = await self.collection.update(key_id, changes, version=doc["version"])
        except NotFoundError:
            raise AccountError(f"no API key {key_id!r}") from None
        except ConflictError:
            return await self.revoke(key_id)
        return ApiKey.from_document(doc)

    async def list_keys(self, *, include_revoked: bool = True) -> list[ApiKey]:
        """Every key, newest first, without secrets."""
        keys: list[ApiKey] = []
        offset = 0
        while True:
            total, page = await self.collection.find(limit=500, offset=offset)
            keys.extend(ApiKey.from_document(doc) for doc in page)
            offset += len(page)
            if not page or offset >= total:
                break
        return [key for key in keys if include_revoked or key.revoked is None]

    async def _touch(self, doc: Document) -> None:
        now = self.clock()
        last = doc.get("last_used")
        if isinstance(last, str) and now - datetime.fromisoformat(last) < LAST_USED_GRANULARITY:
            return
        # ConflictError, NotFoundError: another request recorded it, or the key was just removed.
        with contextlib.suppress(ConflictError, NotFoundError):
            await self.collection.update(doc["id"], {"last_used": now.isoformat()}, version=doc["version"])
