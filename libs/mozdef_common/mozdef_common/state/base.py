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

Filters (``where``)
-------------------
A mapping of paths to conditions, all of which must hold. A path is a dotted name into nested objects
(``"dates.closed"``), each part ``[A-Za-z_][A-Za-z0-9_]*``, and never starts with ``_id``; anything else
raises ValueError naming it. A condition is

* a plain value: the field equals it exactly, as JSON: ``"x"`` never matches ``["x"]`` (use
  ``$contains``), ``true`` never matches ``1``, ``1`` matches ``1.0``; arrays and objects match when
  they are equal in order. ``None`` matches null and missing fields alike (updates remove keys set to
  None, so the two mean the same);
* an operator object, every operator of which must hold: ``$eq`` (as a plain value, and the way to
  compare with an object), ``$ne`` (not equal, so missing fields match), ``$in`` (a list: equal to any),
  ``$gt`` ``$gte`` ``$lt`` ``$lte`` (a string or a number, comparing only with fields of the same kind;
  ISO timestamps compare as strings), ``$exists`` (true or false; a null field exists), ``$contains``
  (the field is an array with an element equal to this scalar), ``$icontains`` (the field is a string
  holding this one, ignoring case). Any other key raises ValueError naming it.

The top-level key ``"$or"`` takes a non-empty list of filters, one of which must hold.

Order (``sort``)
----------------
``(path, 1 | -1)`` pairs, newest ``updated`` first when none are given, ties broken by ``id`` ascending
so pages are stable. Missing and null fields sort first ascending and last descending; numbers sort
before strings. Booleans, arrays and objects in a sort field order differently on each backend.

Counting
--------
``count_by(path)`` counts matching documents per value of ``path``; an array counts each element once.
Missing and null values are not counted. Keys are strings: a string as itself, anything else as its
compact JSON (``true``, ``3``, ``1.5``, ``{"a":1}``), so the string ``"true"`` and ``true`` share a key.

Known differences between backends: a path through an array (``a.b`` where ``a`` is a list of objects)
finds nothing on SQLite and searches the elements on MongoDB; arrays nested in arrays compare by JSON
text on SQLite; case folding for ``$icontains`` beyond ASCII follows Python on SQLite and PCRE on MongoDB.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Protocol

from mozdef_common.state.query import Sort, Where

Document = dict[str, Any]
RESERVED = frozenset({"id", "version", "created", "updated"})
# MongoDB keeps counters in ``state_counters``, which a collection named ``counters`` would share.
RESERVED_COLLECTIONS = frozenset({"counters"})
_COLLECTION = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_COUNTER = re.compile(r"^[A-Za-z0-9_.:-]{1,120}$")


def check_collection_name(name: str) -> str:
    if not _COLLECTION.fullmatch(name):
        raise ValueError(f"collection name {name!r}: lower-case letters, digits and '_'")
    if name in RESERVED_COLLECTIONS:
        raise ValueError(f"collection name {name!r} is reserved for the store")
    return name


def check_counter_name(name: str, by: int) -> None:
    if not _COUNTER.fullmatch(name):
        raise ValueError(f"counter name {name!r}: letters, digits and '_', '.', ':' or '-'")
    if isinstance(by, bool) or not isinstance(by, int) or not -(2**62) <= by <= 2**62:
        raise ValueError(f"counter {name!r} is incremented by an integer, not {by!r}")


class Collection(Protocol):
    async def insert(self, document: Mapping[str, Any]) -> Document: ...

    async def get(self, doc_id: str) -> Document:
        """The document; NotFoundError when there is none."""
        ...

    async def find(
        self,
        where: Where | None = None,
        *,
        limit: int = 100,
        offset: int = 0,
        sort: Sort | None = None,
    ) -> tuple[int, list[Document]]:
        """``(total, page)``: how many documents match ``where`` and ``limit`` of them from ``offset``."""
        ...

    async def count(self, where: Where | None = None) -> int:
        """How many documents match ``where``."""
        ...

    async def count_by(self, path: str, where: Where | None = None) -> dict[str, int]:
        """How many documents matching ``where`` hold each value of ``path`` (see the module's rules)."""
        ...

    async def ensure_index(self, *paths: str) -> None:
        """An index on ``paths`` (in order) for this collection; cheap when it exists already."""
        ...

    async def update(self, doc_id: str, changes: Mapping[str, Any], *, version: int) -> Document:
        """Apply ``changes`` (top-level keys; None removes one) if ``version`` is still current."""
        ...

    async def delete(self, doc_id: str) -> None: ...


class StateStore(Protocol):
    async def start(self) -> None:
        """Connect, and on SQLite migrate the schema; refuses a data dir written by a newer MozDef."""
        ...

    async def close(self) -> None: ...

    def collection(self, name: str) -> Collection: ...

    async def increment(self, name: str, by: int = 1) -> int:
        """Add ``by`` to the counter ``name`` (0 when new) atomically; its new value."""
        ...
