"""The state store contract: collections of JSON documents with ids and versions.

Alerts, incidents, saved searches and the rest of what analysts change live here, on SQLite in the
data dir by default and on MongoDB when users outgrow one machine. A document is a JSON object; the
store owns four keys of it:

* ``id``: given at insert (a new one when the caller gives none), never changed;
* ``version``: 1 at insert, +1 at every update; :meth:`Collection.update` takes the version the
  caller read and raises :class:`~mozdef_common.errors.ConflictError` when it is no longer current
  (optimistic concurrency: two analysts never silently overwrite each other);
* ``created``, ``updated``: ISO-8601 UTC.

Missing ids raise :class:`~mozdef_common.errors.NotFoundError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

Document = dict[str, Any]
RESERVED = frozenset({"id", "version", "created", "updated"})


class Collection(Protocol):
    async def insert(self, document: Mapping[str, Any]) -> Document: ...

    async def get(self, doc_id: str) -> Document:
        """The document; NotFoundError when there is none."""
        ...

    async def find(
        self, where: Mapping[str, Any] | None = None, *, limit: int = 100, offset: int = 0
    ) -> tuple[int, list[Document]]:
        """``(total, page)`` of the documents whose top-level keys equal ``where``, newest first."""
        ...

    async def update(self, doc_id: str, changes: Mapping[str, Any], *, version: int) -> Document:
        """Apply ``changes`` (top-level keys; None removes one) if ``version`` is still current."""
        ...

    async def delete(self, doc_id: str) -> None: ...


class StateStore(Protocol):
    async def start(self) -> None: ...

    async def close(self) -> None: ...

    def collection(self, name: str) -> Collection: ...
