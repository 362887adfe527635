"""Streaming rules' state in the state store: one JSON value per key, loaded and saved per batch.

A batch loads the keys it touches (:meth:`KeyedState.load`), changes them in memory
(:meth:`KeyedState.put`), and saves them all (:meth:`KeyedState.save`) after its alerts are
delivered and before its offsets are committed, so a restart resumes from the last committed batch
with the state that batch left. Values are stored as JSON text: the backends then agree on keys that
MongoDB would refuse (``details.username``) and on nesting.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import orjson

from mozdef_common.errors import ConflictError, NotFoundError
from mozdef_common.state.base import Collection

Value = Any


def doc_id(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:40]


class KeyedState:
    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self._values: dict[str, Value] = {}
        self._versions: dict[str, int] = {}
        self._dirty: set[str] = set()

    async def load(self, keys: Iterable[str]) -> None:
        """Read ``keys`` from the store (forgetting what the previous batch held)."""
        self._values.clear()
        self._versions.clear()
        self._dirty.clear()
        for key in set(keys):
            try:
                document = await self.collection.get(doc_id(key))
            except NotFoundError:
                continue
            self._values[key] = orjson.loads(document["value"])
            self._versions[key] = int(document["version"])

    def get(self, key: str) -> Value | None:
        return self._values.get(key)

    def put(self, key: str, value: Value | None) -> None:
        """Set (or with None, drop) the value of ``key``; written by :meth:`save`."""
        if value is None:
            self._values.pop(key, None)
        else:
            self._values[key] = value
        self._dirty.add(key)

    async def save(self) -> None:
        """Write every changed key; a concurrent writer's version loses (last batch wins)."""
        for key in sorted(self._dirty):
            await self._save(key, self._values.get(key))
        self._dirty.clear()

    async def _save(self, key: str, value: Value | None) -> None:
        ident = doc_id(key)
        version = self._versions.get(key)
        for _ in range(5):
            try:
                if value is None:
                    if version is not None:
                        await self.collection.delete(ident)
                    return
                body = {"key": key, "value": orjson.dumps(value).decode()}
                if version is None:
                    self._versions[key] = int(
                        (await self.collection.insert({"id": ident, **body}))["version"]
                    )
                else:
                    updated = await self.collection.update(ident, body, version=version)
                    self._versions[key] = int(updated["version"])
                return
            except ConflictError:
                version = await self._current_version(ident)
            except NotFoundError:
                version = None
        raise ConflictError(f"state key {key!r} kept changing under the alerter", current=0)

    async def _current_version(self, ident: str) -> int | None:
        try:
            return int((await self.collection.get(ident))["version"])
        except NotFoundError:
            return None
