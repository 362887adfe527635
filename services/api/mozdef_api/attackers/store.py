"""Writing attacker profiles: the consumer's fold, analysts' changes and merges.

Every write is a read-modify-write at the version read, retried on
:class:`~mozdef_common.errors.ConflictError`: the consumer and analysts touch different fields
(:mod:`.model`), so re-reading and re-applying is always right. An analyst who sends the ``version``
they read gets the 409 instead of the retry.

A merged profile's document stays, frozen, with ``alias_of`` naming the profile that absorbed it, and
:func:`resolve` follows such links, so alerts for an alias update the merged profile. A merge marks
the other profile an alias *before* adding it into the primary (whose ``aliases`` then list it):
alerts arriving meanwhile already go to the primary, and a merge interrupted between the two writes
is finished by running it again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final, Literal

from mozdef_api.attackers.model import COLLECTION, Sighting, combine, empty, fold
from mozdef_common.errors import ConflictError, NotFoundError, StoreUnavailableError
from mozdef_common.state import Collection, Document, StateStore
from mozdef_common.state.modify import modify as modify_document

ATTEMPTS: Final = 8
#: Longer chains than merges make (each merge re-points the aliases it moves).
MAX_HOPS: Final = 8
Change = Callable[[Document], Mapping[str, Any] | None]
Op = Literal["created", "updated"]


def attackers(state: StateStore) -> Collection:
    return state.collection(COLLECTION)


async def prepare(state: StateStore) -> None:
    """The indexes the list reads through (by score, by last seen); cheap when present."""
    collection = attackers(state)
    await collection.ensure_index("alias_of", "rank")
    await collection.ensure_index("alias_of", "last_seen")


async def resolve(collection: Collection, attacker_id: str) -> Document:
    """The profile ``attacker_id`` names, following merges; NotFoundError when there is none."""
    doc = await collection.get(attacker_id)
    for _ in range(MAX_HOPS):
        target = doc.get("alias_of")
        if not target:
            return doc
        doc = await collection.get(str(target))
    raise NotFoundError(f"attacker {attacker_id!r}: aliases form a loop or a chain too long")


async def record(collection: Collection, sighting: Sighting) -> tuple[Op, Document] | None:
    """Count one alert in its attacker's profile (made on first sight); None when already counted."""
    for _ in range(ATTEMPTS):
        try:
            current = await resolve(collection, sighting.address)
        except NotFoundError:
            base = empty(sighting.address)
            try:
                return "created", await collection.insert({**base, **(fold(base, sighting) or {})})
            except ConflictError:  # another replica made it first: count in that one
                continue
        changes = fold(current, sighting)
        if changes is None:
            return None
        try:
            return "updated", await collection.update(current["id"], changes, version=current["version"])
        except (ConflictError, NotFoundError):
            continue
    # Retryable: the stage loop backs off and replays the batch, which writes nothing twice.
    raise StoreUnavailableError(f"attacker {sighting.address!r} kept changing during {ATTEMPTS} attempts")


async def modify(
    collection: Collection, attacker_id: str, change: Change, *, version: int | None = None
) -> tuple[Document, bool]:
    """Apply ``change(current)`` to the profile ``attacker_id`` resolves to; ``(profile, changed)``."""

    async def read(doc_id: str) -> Document:
        return await resolve(collection, doc_id)

    return await modify_document(collection, attacker_id, change, version=version, read=read, what="attacker")


class MergeRefused(ValueError):
    """A merge that cannot be made as asked (the message says why)."""


async def merge(collection: Collection, primary_id: str, others: list[str]) -> tuple[Document, list[str]]:
    """Absorb ``others`` into ``primary_id``; ``(primary, ids newly absorbed)``. Repeating it is harmless."""
    primary = await collection.get(primary_id)
    if primary.get("alias_of"):
        raise MergeRefused(f"{primary_id!r} was merged into {primary['alias_of']!r}: merge into that one")
    absorbed: list[str] = []
    for other_id in dict.fromkeys(others):
        if other_id == primary_id:
            continue
        other = await _claim(collection, other_id, primary_id)

        def change(doc: Document, other: Document = other) -> Mapping[str, Any] | None:
            return combine(doc, other)

        primary, changed = await modify(collection, primary_id, change)
        if changed:
            absorbed.append(other_id)
        for alias in other.get("aliases") or []:  # shorten their chain; resolve() copes meanwhile
            await _point(collection, str(alias), primary_id)
    return primary, absorbed


async def _claim(collection: Collection, other_id: str, primary_id: str) -> Document:
    """Mark ``other_id`` an alias of the primary; answers it as it was counted when marked."""
    other: Document = {"version": 0}
    for _ in range(ATTEMPTS):
        other = await collection.get(other_id)
        owner = other.get("alias_of")
        if owner == primary_id:
            return other
        if owner:
            raise MergeRefused(f"{other_id!r} was merged into {owner!r} already")
        if primary_id in (other.get("aliases") or []):
            raise MergeRefused(f"{primary_id!r} is an alias of {other_id!r}: merge the other way")
        try:
            return await collection.update(other_id, {"alias_of": primary_id}, version=other["version"])
        except ConflictError:  # the consumer counted an alert in it meanwhile: claim that state
            continue
    raise ConflictError(f"attacker {other_id!r} kept changing; try again", current=other["version"])


async def _point(collection: Collection, alias_id: str, primary_id: str) -> None:
    for _ in range(ATTEMPTS):
        try:
            alias = await collection.get(alias_id)
            if alias.get("alias_of") == primary_id:
                return
            await collection.update(alias_id, {"alias_of": primary_id}, version=alias["version"])
            return
        except ConflictError:
            continue
        except NotFoundError:
            return
