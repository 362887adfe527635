"""Reading and writing list entries in the state store, shared by the api routes and the alerter.

An entry's id is derived from its list-independent key (type and canonical value), so two writers
adding the same value at the same moment meet on one document instead of creating two: the second
insert conflicts and becomes an update.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, Final, Literal

from mozdef_common.errors import ConflictError, NotFoundError, StoreUnavailableError
from mozdef_common.event import utc_iso
from mozdef_common.lists.entries import LISTS, active, canonical_value, expired, later
from mozdef_common.state import Collection, Document, StateStore

#: Most entries a feed or a purge reads at once; far above what a firewall list holds.
FEED_LIMIT: Final = 1_000_000
_ATTEMPTS: Final = 8

Op = Literal["created", "updated"]


def list_collection(state: StateStore, name: str) -> Collection:
    if name not in LISTS:
        raise ValueError(f"unknown list {name!r}: use one of {LISTS}")
    return state.collection(name)


async def prepare(state: StateStore) -> None:
    """The indexes listings, feeds and purges read through."""
    for name in LISTS:
        collection = state.collection(name)
        await collection.ensure_index("type", "value")
        await collection.ensure_index("expires")


def entry_id(kind: str, value: str) -> str:
    """The id of the entry for ``(kind, value)``; ``value`` already canonical. URL-safe (no '/')."""
    digest = hashlib.sha256(f"{kind}\0{value}".encode()).hexdigest()[:24]
    return f"{kind}-{digest}"


async def add_entry(
    collection: Collection,
    *,
    kind: str,
    value: str,
    reason: str,
    source: str,
    expires: str | None,
    actor: str,
    keep_later: bool = False,
) -> tuple[Op, Document]:
    """Add ``value`` or refresh its entry; ``keep_later`` keeps an existing later expiry (actions
    only ever extend a block, an analyst may shorten one). InvalidEntry for a bad value."""
    canonical = canonical_value(kind, value)
    doc_id = entry_id(kind, canonical)
    fields: dict[str, Any] = {
        "type": kind,
        "value": canonical,
        "reason": reason,
        "source": source,
        "expires": expires,
        "actor": actor,
    }
    for _ in range(_ATTEMPTS):
        try:
            current = await collection.get(doc_id)
        except NotFoundError:
            try:
                return "created", await collection.insert({"id": doc_id, **fields})
            except ConflictError:  # another writer added it first: refresh theirs
                continue
        changes = dict(fields)
        if keep_later and current.get("type") == kind:
            changes["expires"] = later(current.get("expires"), expires)
        try:
            return "updated", await collection.update(doc_id, changes, version=current["version"])
        except (ConflictError, NotFoundError):
            continue
    raise StoreUnavailableError(f"list entry {doc_id!r} kept changing during {_ATTEMPTS} attempts")


async def active_entries(collection: Collection, now: datetime, kinds: list[str] | None) -> list[Document]:
    """Every unexpired entry (of ``kinds`` when given), in one query, oldest first."""
    where: dict[str, Any] = dict(active(now))
    if kinds:
        where["type"] = {"$in": kinds}
    _, docs = await collection.find(where, limit=FEED_LIMIT, sort=[("created", 1)])
    return docs


async def purge_expired(state: StateStore, now: datetime) -> dict[str, int]:
    """Delete the entries of every list whose expiry is past; how many went, per list."""
    purged: dict[str, int] = {}
    for name in LISTS:
        collection = state.collection(name)
        _, docs = await collection.find(expired(now), limit=FEED_LIMIT)
        count = 0
        cutoff = utc_iso(now)
        for doc in docs:
            try:
                # Read again: an entry refreshed since the query (a new block) must stay.
                current = await collection.get(doc["id"])
                if current.get("expires") is None or current["expires"] > cutoff:
                    continue
                await collection.delete(doc["id"])
                count += 1
            except NotFoundError:  # another replica purged it first
                pass
        purged[name] = count
    return purged
