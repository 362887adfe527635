"""The distributed state store: MongoDB through PyMongo's async API.

The database is the one the URL names (``mongodb://host/<db>``, ``mozdef`` when it names none); each
state collection is the MongoDB collection ``state_<name>``. A document's ``id`` is its ``_id``, so the
primary key is the unique index; the other index, ``(updated desc, _id)``, serves ``find``'s default
order. It is created when a collection is first used (collections are named by callers, not known at
start); callers add the indexes their filters need with ``ensure_index``. Filters are translated by
:mod:`.mongo_filter`. Counters live in ``state_counters``, one document per name.

``update`` is one atomic ``find_one_and_update`` on ``{_id, version}``: the version check and the write
cannot be split by another writer. TLS and every other client option come from the URL.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from pymongo import ASCENDING, DESCENDING, AsyncMongoClient, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import (
    ConfigurationError,
    ConnectionFailure,
    DuplicateKeyError,
    ExecutionTimeout,
    OperationFailure,
    PyMongoError,
    WTimeoutError,
)

from mozdef_common.errors import ConfigError, ConflictError, NotFoundError, StoreError, StoreUnavailableError
from mozdef_common.event import new_event_id, utcnow_iso
from mozdef_common.state.base import RESERVED, Document, check_collection_name, check_counter_name
from mozdef_common.state.mongo_filter import count_by_pipeline, field, to_filter, to_sort
from mozdef_common.state.query import Sort, Where, count_key, parse_paths, parse_sort, parse_where

Raw = dict[str, Any]
PREFIX = "state_"
DEFAULT_DATABASE = "mozdef"
SERVER_SELECTION_TIMEOUT_MS = 5000
COUNTERS = PREFIX + "counters"
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
_ORDER = [("updated", DESCENDING), ("_id", ASCENDING)]
# Codes MongoDB answers when the credentials are refused: the store is unusable, not the request wrong.
_AUTH_CODES = frozenset({13, 18})


def redact(url: str) -> str:
    """``url`` fit for messages and logs: no user, password or query (where secrets may sit)."""
    parts = urlsplit(url)
    hosts = parts.netloc.rpartition("@")[2]
    return f"{parts.scheme}://{'***@' if '@' in parts.netloc else ''}{hosts}{parts.path}"


class MongoStateStore:
    def __init__(self, url: str) -> None:
        self.url = url
        self._where = redact(url)
        self._password = unquote(urlsplit(url).password or "")
        self._client: AsyncMongoClient[Raw] | None = None
        self._db: AsyncDatabase[Raw] | None = None
        self._indexed: set[str] = set()

    async def start(self) -> None:
        options: dict[str, Any] = {"appname": "mozdef"}
        given = {key.lower() for key, _ in parse_qsl(urlsplit(self.url).query)}
        if "serverselectiontimeoutms" not in given:  # the URL's own choice wins over our default
            options["serverSelectionTimeoutMS"] = SERVER_SELECTION_TIMEOUT_MS
        try:
            client: AsyncMongoClient[Raw] = AsyncMongoClient(self.url, **options)
        except (ConfigurationError, ValueError) as exc:  # PyMongo raises both for a malformed URL
            raise ConfigError(f"state store {self._where}: {self._scrub(exc)}") from None
        self._client = client
        self._db = client.get_default_database(DEFAULT_DATABASE)
        with self.translate():
            try:
                await client.admin.command("ping")  # fail at start-up, not at the first analyst's click
            except BaseException:
                await self.close()
                raise

    async def close(self) -> None:
        if self._client is not None:
            client, self._client, self._db = self._client, None, None
            await client.close()

    def collection(self, name: str) -> MongoCollection:
        return MongoCollection(self, check_collection_name(name))

    async def increment(self, name: str, by: int = 1) -> int:
        check_counter_name(name, by)
        if self._db is None:
            raise StoreUnavailableError("the state store is not started")
        counters = self._db[COUNTERS]
        with self.translate():
            for attempt in range(2):
                try:
                    found = await counters.find_one_and_update(
                        {"_id": name},
                        {"$inc": {"value": by}},
                        upsert=True,
                        return_document=ReturnDocument.AFTER,
                    )
                    break
                except DuplicateKeyError:
                    # Two first increments raced to insert the counter: the loser's retry updates it.
                    if attempt:
                        raise
        assert found is not None  # an upsert returning the document after always finds one
        return int(found["value"])

    async def raw(self, name: str) -> AsyncCollection[Raw]:
        """The MongoDB collection behind ``name``, its index made on first use."""
        if self._db is None:
            raise StoreUnavailableError("the state store is not started")
        raw = self._db[PREFIX + name]
        if name not in self._indexed:
            with self.translate():
                await raw.create_index(_ORDER, name="by_updated")
            self._indexed.add(name)
        return raw

    @contextmanager
    def translate(self) -> Iterator[None]:
        """PyMongo's errors as MozDef's, with the server named but never its credentials."""
        try:
            yield
        except (ConnectionFailure, ExecutionTimeout, WTimeoutError) as exc:
            raise StoreUnavailableError(f"state store {self._where}: {self._scrub(exc)}") from None
        except OperationFailure as exc:
            kind = StoreUnavailableError if exc.code in _AUTH_CODES else StoreError
            raise kind(f"state store {self._where}: {self._scrub(exc)}") from None
        except PyMongoError as exc:
            raise StoreError(f"state store {self._where}: {self._scrub(exc)}") from None

    def _scrub(self, exc: BaseException) -> str:
        # PyMongo's messages name hosts, not passwords; this holds even if one day one echoes the URL.
        text = str(exc).replace(self.url, self._where)
        return text.replace(self._password, "***") if self._password else text


def _checked(key: str, what: str) -> str:
    # Keys reach MongoDB as field names: '$' would be an operator and '.' a path, so only plain names.
    if not _KEY.fullmatch(key) or key == "_id":
        raise ValueError(f"cannot {what} {key!r}: letters, digits and '_' only ('_id' is the store's)")
    return key


def _document(raw: Raw) -> Document:
    doc: Document = {"id": raw.pop("_id"), **raw}
    return doc


class MongoCollection:
    def __init__(self, store: MongoStateStore, name: str) -> None:
        self.store = store
        self.name = name

    async def insert(self, document: Mapping[str, Any]) -> Document:
        now = utcnow_iso()
        fields = {_checked(k, "store"): v for k, v in document.items() if k not in RESERVED}
        doc_id = str(document.get("id") or new_event_id())
        raw = await self.store.raw(self.name)
        with self.store.translate():
            try:
                await raw.insert_one({"_id": doc_id, **fields, "version": 1, "created": now, "updated": now})
            except DuplicateKeyError:
                raise ConflictError(f"{self.name} {doc_id!r} exists already", current=0) from None
        return {**fields, "id": doc_id, "version": 1, "created": now, "updated": now}

    async def get(self, doc_id: str) -> Document:
        raw = await self.store.raw(self.name)
        with self.store.translate():
            found = await raw.find_one({"_id": doc_id})
        if found is None:
            raise NotFoundError(f"no {self.name} with id {doc_id!r}")
        return _document(found)

    async def find(
        self,
        where: Where | None = None,
        *,
        limit: int = 100,
        offset: int = 0,
        sort: Sort | None = None,
    ) -> tuple[int, list[Document]]:
        query = to_filter(parse_where(where))
        order = to_sort(parse_sort(sort))
        raw = await self.store.raw(self.name)
        with self.store.translate():
            total = await raw.count_documents(query)
            if limit < 1 or offset >= total:  # MongoDB reads limit 0 as "no limit"
                return total, []
            page = await raw.find(query).sort(order).skip(max(0, offset)).limit(min(limit, 2**62)).to_list()
        return total, [_document(found) for found in page]

    async def count(self, where: Where | None = None) -> int:
        query = to_filter(parse_where(where))
        raw = await self.store.raw(self.name)
        with self.store.translate():
            return await raw.count_documents(query)

    async def count_by(self, path: str, where: Where | None = None) -> dict[str, int]:
        (path,) = parse_paths([path], "count by")
        pipeline = count_by_pipeline(path, to_filter(parse_where(where)))
        raw = await self.store.raw(self.name)
        counts: dict[str, int] = {}
        with self.store.translate():
            cursor = await raw.aggregate(pipeline)
            async for group in cursor:
                key = count_key(group["_id"])
                counts[key] = counts.get(key, 0) + int(group["n"])  # 1 and 1.0 may arrive as two groups
        return counts

    async def ensure_index(self, *paths: str) -> None:
        checked = parse_paths(paths, "index")
        raw = await self.store.raw(self.name)
        if checked == ("id",):
            return  # MongoDB indexes _id itself, and refuses a second index on it alone
        keys = [(field(p), ASCENDING) for p in checked]
        if "id" not in checked:
            keys.append(("_id", ASCENDING))  # the tie-break of every order, so sorted pages use the index
        readable = "_".join(p.replace(".", "_") for p in checked)[:40]
        digest = hashlib.sha256("\0".join(checked).encode()).hexdigest()[:12]
        with self.store.translate():
            await raw.create_index(keys, name=f"by_{readable}_{digest}")

    async def update(self, doc_id: str, changes: Mapping[str, Any], *, version: int) -> Document:
        sets: Raw = {"updated": utcnow_iso()}
        unsets: Raw = {}
        for key, value in changes.items():
            if key in RESERVED:
                continue
            if value is None:
                unsets[_checked(key, "remove")] = ""
            else:
                sets[_checked(key, "change")] = value
        operations: Raw = {"$set": sets, "$inc": {"version": 1}}
        if unsets:
            operations["$unset"] = unsets
        raw = await self.store.raw(self.name)
        with self.store.translate():
            changed = await raw.find_one_and_update(
                {"_id": doc_id, "version": version}, operations, return_document=ReturnDocument.AFTER
            )
            if changed is not None:
                return _document(changed)
            current = await raw.find_one({"_id": doc_id}, {"version": 1})
        if current is None:
            raise NotFoundError(f"no {self.name} with id {doc_id!r}")
        raise ConflictError(
            f"{self.name} {doc_id!r} is at version {current['version']}, not {version}: "
            "someone changed it since you read it",
            current=current["version"],
        )

    async def delete(self, doc_id: str) -> None:
        raw = await self.store.raw(self.name)
        with self.store.translate():
            result = await raw.delete_one({"_id": doc_id})
        if not result.deleted_count:
            raise NotFoundError(f"no {self.name} with id {doc_id!r}")
