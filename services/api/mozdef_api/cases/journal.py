"""A case's notes and timeline: append-only collections, one document per note or entry.

Both are inserted and never changed, so adding one never conflicts with an edit of the case and
neither ever needs the case's version. Both are read oldest first, ties broken by id (ids are
time-ordered), one store query per page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mozdef_api.cases.kinds import Kind
from mozdef_common.event import utcnow_iso
from mozdef_common.state import Collection, Document, StateStore

OLDEST_FIRST = (("time", 1), ("id", 1))


class Journal:
    def __init__(self, state: StateStore, kind: Kind) -> None:
        self.notes: Collection = state.collection(kind.notes)
        self.timeline: Collection = state.collection(kind.timeline)

    async def prepare(self) -> None:
        """The indexes the pages below read through."""
        for collection in (self.notes, self.timeline):
            await collection.ensure_index("case_id", "time", "id")

    async def add_note(self, case_id: str, text: str, *, author: str | None) -> Document:
        return await self.notes.insert(
            {"case_id": case_id, "author": author, "time": utcnow_iso(), "text": text}
        )

    async def record(
        self,
        case_id: str,
        *,
        actor: str | None,
        action: str,
        version: int | None,
        changes: Sequence[Mapping[str, Any]] = (),
        list_name: str | None = None,
        item_id: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> Document:
        """Add one timeline entry: ``actor`` did ``action`` (``"updated"``, ``"item.added"``…)."""
        entry: dict[str, Any] = {
            "case_id": case_id,
            "time": utcnow_iso(),
            "actor": actor,
            "action": action,
            "case_version": version,  # "version" is the store's own key of this entry
            "changes": [dict(change) for change in changes],
        }
        if list_name is not None:
            entry["list"] = list_name
        if item_id is not None:
            entry["item_id"] = item_id
        if details:
            entry["details"] = dict(details)
        return await self.timeline.insert(entry)

    async def page(
        self, collection: Collection, case_id: str, *, limit: int, offset: int
    ) -> tuple[int, list[Document]]:
        return await collection.find({"case_id": case_id}, limit=limit, offset=offset, sort=OLDEST_FIRST)
