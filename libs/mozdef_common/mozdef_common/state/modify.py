"""Read, change, write with optimistic concurrency: the loop every "apply this change" route needs.

``change(current)`` returns the top-level changes to store, or None (nothing to do). Without a
``version`` the loop reads again and retries when another writer got in first; with one, the caller
edits what it read, so a stale version raises :class:`~mozdef_common.errors.ConflictError` holding the
current document (the API answers 409 with it) instead of retrying.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final

from mozdef_common.errors import ConflictError
from mozdef_common.state.base import Collection, Document

ATTEMPTS: Final = 8
Change = Callable[[Document], Mapping[str, Any] | None]
Read = Callable[[str], Awaitable[Document]]


async def modify(
    collection: Collection,
    doc_id: str,
    change: Change,
    *,
    version: int | None = None,
    read: Read | None = None,
    what: str = "document",
) -> tuple[Document, bool]:
    """Apply ``change`` to ``doc_id`` (found through ``read``, default ``collection.get``);
    ``(document, changed)``."""
    current: Document = {"version": 0}
    for _ in range(ATTEMPTS):
        current = await (read or collection.get)(doc_id)
        if version is not None and current["version"] != version:
            raise ConflictError(
                f"{what} {current['id']!r} is at version {current['version']}, not {version}",
                current=current["version"],
                document=current,
            )
        changes = change(current)
        if not changes:
            return current, False
        try:
            return await collection.update(current["id"], changes, version=current["version"]), True
        except ConflictError:
            if version is not None:
                raise
    raise ConflictError(f"{what} {doc_id!r} kept changing; try again", current=current["version"])
