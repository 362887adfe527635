"""The embedded state store: one SQLite file in the data dir, documents as JSON text.

WAL mode and ``synchronous=FULL``: what a call returned is on disk. Calls run on one worker thread
per store so the event loop never waits on the disk.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import orjson

from mozdef_common.errors import ConflictError, NotFoundError, StoreUnavailableError
from mozdef_common.event import new_event_id, utcnow_iso
from mozdef_common.state.base import RESERVED, Document

T = TypeVar("T")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated TEXT NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (collection, id)
);
CREATE INDEX IF NOT EXISTS documents_by_updated ON documents (collection, updated);
"""


class SqliteStateStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mozdef-state")

    async def start(self) -> None:
        def connect() -> sqlite3.Connection:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=10)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.executescript(_SCHEMA)
            return db

        self._db = await self._run(connect)

    async def close(self) -> None:
        if self._db is not None:
            await self._run(self._db.close)
            self._db = None
        self._worker.shutdown(wait=True)

    def collection(self, name: str) -> SqliteCollection:
        if not _NAME.fullmatch(name):
            raise ValueError(f"collection name {name!r}: lower-case letters, digits and '_'")
        return SqliteCollection(self, name)

    async def _run(self, fn: Callable[[], T]) -> T:
        try:
            return await asyncio.get_running_loop().run_in_executor(self._worker, fn)
        except sqlite3.Error as exc:
            raise StoreUnavailableError(f"state store {self.path}: {exc}") from exc

    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise StoreUnavailableError("the state store is not started")
        return self._db


class SqliteCollection:
    def __init__(self, store: SqliteStateStore, name: str) -> None:
        self.store = store
        self.name = name

    async def insert(self, document: Mapping[str, Any]) -> Document:
        now = utcnow_iso()
        doc: Document = {k: v for k, v in document.items() if k not in RESERVED}
        doc.update(id=str(document.get("id") or new_event_id()), version=1, created=now, updated=now)

        def insert() -> None:
            try:
                self.store.db().execute(
                    "INSERT INTO documents (collection, id, version, updated, body) VALUES (?, ?, 1, ?, ?)",
                    (self.name, doc["id"], now, orjson.dumps(doc)),
                )
            except sqlite3.IntegrityError:
                raise ConflictError(f"{self.name} {doc['id']!r} exists already", current=0) from None

        await self.store._run(insert)
        return doc

    async def get(self, doc_id: str) -> Document:
        row = await self.store._run(
            lambda: (
                self.store.db()
                .execute("SELECT body FROM documents WHERE collection = ? AND id = ?", (self.name, doc_id))
                .fetchone()
            )
        )
        if row is None:
            raise NotFoundError(f"no {self.name} with id {doc_id!r}")
        document: Document = orjson.loads(row[0])
        return document

    async def find(
        self, where: Mapping[str, Any] | None = None, *, limit: int = 100, offset: int = 0
    ) -> tuple[int, list[Document]]:
        clauses, args = ["collection = ?"], [self.name]
        for key, value in (where or {}).items():
            if not _KEY.fullmatch(key):  # keys become JSON paths below: never spliced unchecked
                raise ValueError(f"cannot filter on {key!r}")
            clauses.append(f"json_extract(body, '$.{key}') = json_extract(?, '$')")
            args.append(orjson.dumps(value).decode())
        condition = " AND ".join(clauses)

        def find() -> tuple[int, list[Document]]:
            db = self.store.db()
            total = db.execute(f"SELECT count(*) FROM documents WHERE {condition}", args).fetchone()[0]  # noqa: S608
            rows = db.execute(
                f"SELECT body FROM documents WHERE {condition} ORDER BY updated DESC, id LIMIT ? OFFSET ?",  # noqa: S608
                [*args, limit, offset],
            ).fetchall()
            return int(total), [orjson.loads(r[0]) for r in rows]

        return await self.store._run(find)

    async def update(self, doc_id: str, changes: Mapping[str, Any], *, version: int) -> Document:
        def update() -> Document:
            db = self.store.db()
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute(
                    "SELECT body FROM documents WHERE collection = ? AND id = ?", (self.name, doc_id)
                ).fetchone()
                if row is None:
                    raise NotFoundError(f"no {self.name} with id {doc_id!r}")
                doc: Document = orjson.loads(row[0])
                if doc["version"] != version:
                    raise ConflictError(
                        f"{self.name} {doc_id!r} is at version {doc['version']}, not {version}: "
                        "someone changed it since you read it",
                        current=doc["version"],
                    )
                for key, value in changes.items():
                    if key in RESERVED:
                        continue
                    if value is None:
                        doc.pop(key, None)
                    else:
                        doc[key] = value
                doc["version"] = version + 1
                doc["updated"] = utcnow_iso()
                db.execute(
                    "UPDATE documents SET version = ?, updated = ?, body = ? WHERE collection = ? AND id = ?",
                    (doc["version"], doc["updated"], orjson.dumps(doc), self.name, doc_id),
                )
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
            return doc

        return await self.store._run(update)

    async def delete(self, doc_id: str) -> None:
        def delete() -> int:
            cursor = self.store.db().execute(
                "DELETE FROM documents WHERE collection = ? AND id = ?", (self.name, doc_id)
            )
            return cursor.rowcount

        if not await self.store._run(delete):
            raise NotFoundError(f"no {self.name} with id {doc_id!r}")
