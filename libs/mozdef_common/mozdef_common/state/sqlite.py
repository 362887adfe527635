"""The embedded state store: one SQLite file in the data dir, documents as JSON text.

WAL mode and ``synchronous=FULL``: what a call returned is on disk. Calls run on one worker thread
per store so the event loop never waits on the disk. The schema is versioned (:mod:`.sqlite_schema`);
queries are translated by :mod:`.sqlite_sql`, one statement per call so a page and its total come from
the same snapshot.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import orjson

from mozdef_common.errors import ConflictError, NotFoundError, StoreUnavailableError
from mozdef_common.event import new_event_id, utcnow_iso
from mozdef_common.state.base import RESERVED, Document, check_collection_name, check_counter_name
from mozdef_common.state.query import Sort, Where, count_key, parse_paths, parse_sort, parse_where
from mozdef_common.state.sqlite_schema import migrate
from mozdef_common.state.sqlite_sql import (
    ICONTAINS,
    Sql,
    count_by_source,
    icontains,
    index_sql,
    order_sql,
)

T = TypeVar("T")


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
            db.create_function(ICONTAINS, 2, icontains, deterministic=True)
            try:
                migrate(db, self.path)
            except BaseException:
                db.close()
                raise
            return db

        self._db = await self._run(connect)

    async def close(self) -> None:
        if self._db is not None:
            await self._run(self._db.close)
            self._db = None
        self._worker.shutdown(wait=True)

    def collection(self, name: str) -> SqliteCollection:
        return SqliteCollection(self, check_collection_name(name))

    async def increment(self, name: str, by: int = 1) -> int:
        check_counter_name(name, by)
        # One statement: the read and the write of the counter cannot be split by another writer.
        row = await self._run(
            lambda: (
                self.db()
                .execute(
                    "INSERT INTO counters (name, value) VALUES (?, ?) "
                    "ON CONFLICT (name) DO UPDATE SET value = value + excluded.value RETURNING value",
                    (name, by),
                )
                .fetchone()
            )
        )
        return int(row[0])

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
        self,
        where: Where | None = None,
        *,
        limit: int = 100,
        offset: int = 0,
        sort: Sort | None = None,
    ) -> tuple[int, list[Document]]:
        sql = Sql()
        condition = sql.where(parse_where(where))
        order = order_sql(parse_sort(sort))
        keys = ", ".join(f"{expr} AS k{i}" for i, (expr, _) in enumerate(order))
        inner = ", ".join(f"{expr} {way}" for expr, way in order)
        outer = ", ".join(f"page.k{i} {way}" for i, (_, way) in enumerate(order))
        # The LEFT JOIN keeps the total when the page is empty: one statement, one snapshot.
        statement = (
            f"SELECT total.n, page.body FROM (SELECT count(*) AS n FROM documents "  # noqa: S608
            f"WHERE documents.collection = ? AND {condition}) AS total "
            f"LEFT JOIN (SELECT documents.body AS body, {keys} FROM documents "
            f"WHERE documents.collection = ? AND {condition} ORDER BY {inner} LIMIT ? OFFSET ?) AS page "
            f"ON 1 ORDER BY {outer}"
        )
        # SQLite integers are 64-bit; past that no page exists anyway, so clamp rather than overflow.
        args = [self.name, *sql.args, self.name, *sql.args, _clamp(limit), _clamp(offset)]

        def find() -> tuple[int, list[Document]]:
            rows = self.store.db().execute(statement, args).fetchall()
            return int(rows[0][0]), [orjson.loads(r[1]) for r in rows if r[1] is not None]

        return await self.store._run(find)

    async def count(self, where: Where | None = None) -> int:
        sql = Sql()
        condition = sql.where(parse_where(where))
        statement = f"SELECT count(*) FROM documents WHERE documents.collection = ? AND {condition}"  # noqa: S608
        row = await self.store._run(
            lambda: self.store.db().execute(statement, [self.name, *sql.args]).fetchone()
        )
        return int(row[0])

    async def count_by(self, path: str, where: Where | None = None) -> dict[str, int]:
        (path,) = parse_paths([path], "count by")
        sql = Sql()
        condition = sql.where(parse_where(where))
        statement = (
            f"SELECT j.type, j.value, count(*) FROM documents, {count_by_source(path)} AS j "  # noqa: S608
            f"WHERE documents.collection = ? AND {condition} AND j.type != 'null' GROUP BY j.type, j.value"
        )
        rows = await self.store._run(
            lambda: self.store.db().execute(statement, [self.name, *sql.args]).fetchall()
        )
        counts: dict[str, int] = {}
        for kind, value, n in rows:
            if kind in ("true", "false"):
                value = kind == "true"
            elif kind in ("array", "object"):
                value = orjson.loads(value)  # re-rendered by orjson, as MongoDB's values are
            key = count_key(value)
            counts[key] = counts.get(key, 0) + int(n)
        return counts

    async def ensure_index(self, *paths: str) -> None:
        statement = index_sql(parse_paths(paths, "index"))
        await self.store._run(lambda: self.store.db().execute(statement))

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


def _clamp(n: int) -> int:
    return max(0, min(n, 2**62))
