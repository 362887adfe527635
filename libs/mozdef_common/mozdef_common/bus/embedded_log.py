"""One topic of the embedded bus on disk: a SQLite file that every process on the machine shares.

``<dir>/<topic>.db`` runs in WAL mode with ``synchronous=FULL``: a transaction that returned has been
fsync'd, so what :meth:`TopicLog.append` acknowledged survives kill -9 and power loss. Processes take
turns on the write lock (``busy_timeout``); readers never wait for writers. Tables:

* ``batches(base, count, ts, size, data)``: the log, one row per produced batch, its records packed
  by :mod:`.embedded_codec`; message ``base + i`` is the batch's ``i``-th record. Offsets come from
  ``state.next_offset``, never from SQLite's rowid, so they are never reused after a trim.
* ``state``: one row, ``next_offset``, ``low`` (first offset still kept) and ``bytes`` (sum of the sizes
  kept), maintained in the same transaction as every append and trim, so fullness costs one row read.
  A batch is trimmed once every group committed all of it; a topic no group reads keeps its newest
  ``max_bytes`` (size retention, as Kafka does), so producers never block on a topic nobody reads.
* ``groups(name, committed, owner, owner_pid, owner_host, lease_until)``: each consumer group's
  committed offset and its read lease (see :class:`Member`).

Every method here blocks; the async layer (:mod:`.embedded`) calls them from a worker thread.
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mozdef_common.bus.base import Message, Record
from mozdef_common.bus.embedded_codec import pack, unpack
from mozdef_common.errors import BusFullError, BusUnavailableError

#: 2: batches packed by column (see :mod:`.embedded_codec`); files of format 1 are refused.
SCHEMA_VERSION = 2
#: ``(committed, owner, owner_pid, owner_host, lease_until)``
_GroupRow = tuple[int, str | None, int | None, str | None, float]
_TOPIC_NAME = re.compile(r"^[A-Za-z0-9._-]{1,200}$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (
    base INTEGER PRIMARY KEY,
    count INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    next_offset INTEGER NOT NULL,
    low INTEGER NOT NULL,
    bytes INTEGER NOT NULL
);
INSERT OR IGNORE INTO state (id, next_offset, low, bytes) VALUES (1, 0, 0, 0);
CREATE TABLE IF NOT EXISTS groups (
    name TEXT PRIMARY KEY,
    committed INTEGER NOT NULL,
    owner TEXT,
    owner_pid INTEGER,
    owner_host TEXT,
    lease_until REAL NOT NULL DEFAULT 0
);
"""


def topic_path(directory: Path, topic: str) -> Path:
    if not _TOPIC_NAME.match(topic):
        raise ValueError(f"invalid topic name {topic!r}: use letters, digits, '.', '_' and '-'")
    return directory / f"{topic}.db"


@dataclass(frozen=True, slots=True)
class Member:
    """A consumer instance as the lease table knows it.

    Only the member holding a group's lease on a topic reads it; the others get nothing until the
    holder releases it (close), lets it expire (no poll or commit for ``ttl``), or dies: a holder whose
    process no longer exists on this host loses the lease at once, so a restart after kill -9 resumes
    without waiting for the expiry.
    """

    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    pid: int = field(default_factory=os.getpid)
    host: str = field(default_factory=socket.gethostname)


@dataclass(slots=True)
class Lease:
    held: bool
    #: The group's committed offset when the lease changed hands (where the new holder starts).
    committed: int = 0
    taken_over: bool = False
    until: float = 0.0


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


class TopicLog:
    """Blocking access to one topic's file through one SQLite connection (one thread at a time)."""

    def __init__(self, directory: Path, topic: str, *, max_bytes: int, busy_timeout_s: float) -> None:
        self.topic = topic
        self.max_bytes = max_bytes
        path = topic_path(directory, topic)
        self._db = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False, timeout=busy_timeout_s
        )
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
            # Takes effect on a new file only. A batch's blob is an overflow chain of pages, each
            # copied, checksummed and framed in the WAL and then copied again by checkpoints: the
            # largest pages cut the CPU of a 2,000-message append by about 40% (measured), while a
            # commit of a few bytes costs the same (its fsync dominates, not the page size).
            self._db.execute("PRAGMA page_size = 65536")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = FULL")
            # Checkpoint every 500 pages (32 MB) rather than SQLite's 1000 pages of 4 KiB: fewer
            # fsyncs of the main file per batch.
            self._db.execute("PRAGMA wal_autocheckpoint = 500")
            self._db.execute("PRAGMA journal_size_limit = 67108864")
            self._db.execute("PRAGMA cache_size = -16000")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:  # a new file (or one whose creator died before committing the schema)
                # executescript commits any open transaction first, so the script carries its own.
                self._db.executescript(
                    f"BEGIN IMMEDIATE; {_SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
                )
            elif version != SCHEMA_VERSION:
                # Reading another format's blobs would hand consumers garbage: refuse, and say how to fix.
                raise BusUnavailableError(
                    f"embedded bus file {path} has format {version}, this MozDef reads format "
                    f"{SCHEMA_VERSION}: drain it with the MozDef that wrote it, or delete it",
                    topic=topic,
                )
        except BaseException:
            self._db.close()
            raise

    def close(self) -> None:
        self._db.close()

    def ping(self) -> None:
        self._db.execute("SELECT next_offset FROM state").fetchone()

    # -- producing ---------------------------------------------------------------------------------

    def append(self, records: Sequence[Record]) -> tuple[int, int]:
        """Append ``records`` durably; return the first and next offsets. Raises BusFullError."""
        ts = time.time_ns() // 1_000_000
        data = pack(records)
        size = len(data)
        with self._transaction():
            next_offset, _, stored = self._state()
            if stored and stored + size > self.max_bytes:
                self._trim()  # what was consumed since the last periodic trim frees room now
                if not self._has_groups():
                    # Nobody has subscribed (mozdef.indexed before an alerter runs): behave like
                    # Kafka's size retention and let the oldest go rather than block the producer.
                    self._evict_oldest(stored + size - self.max_bytes)
                next_offset, _, stored = self._state()
            if stored and stored + size > self.max_bytes:
                full = BusFullError(
                    f"embedded bus full: {stored} bytes not yet consumed by every group "
                    f"(limit {self.max_bytes}), batch of {size} bytes refused",
                    topic=self.topic,
                )
            else:
                full = None
                self._db.execute(
                    "INSERT INTO batches (base, count, ts, size, data) VALUES (?, ?, ?, ?, ?)",
                    (next_offset, len(records), ts, size, data),
                )
                self._db.execute(
                    "UPDATE state SET next_offset = ?, bytes = bytes + ?",
                    (next_offset + len(records), size),
                )
        if full is not None:
            raise full  # after the trim above was committed
        return next_offset, next_offset + len(records)

    # -- consuming ---------------------------------------------------------------------------------

    def read(self, start: int, limit: int) -> list[Message]:
        """Up to ``limit`` messages from offset ``start`` on (or from the earliest kept, if later)."""
        first = self._db.execute("SELECT max(base) FROM batches WHERE base <= ?", (start,)).fetchone()[0]
        cursor = self._db.execute(
            "SELECT base, count, ts, data FROM batches WHERE base >= ? ORDER BY base",
            (start if first is None else first,),
        )
        out: list[Message] = []
        try:
            while len(out) < limit:
                row = cursor.fetchone()
                if row is None:
                    break
                base, count, ts, data = row
                skip = max(0, start - base)
                if skip < count:
                    out.extend(unpack(self.topic, base, count, ts, data, skip=skip, limit=limit - len(out)))
        finally:
            cursor.close()  # ends the read snapshot at once
        return out

    def join(self, group: str) -> None:
        """Register ``group`` (from the earliest kept message) so trimming waits for it from now on."""
        with self._transaction():
            self._ensure_group(group)

    def acquire(self, group: str, member: Member, ttl_s: float) -> Lease:
        """Take or renew ``group``'s lease for ``member`` unless another live member holds it."""
        now = time.time()
        row = self._group_row(group)
        if row is not None and not self._can_take(row, member, now):
            return Lease(held=False)  # read-only fast path: no write lock, no fsync
        with self._transaction():
            self._ensure_group(group)
            row = self._group_row(group)
            assert row is not None
            if not self._can_take(row, member, now):
                return Lease(held=False)
            self._db.execute(
                "UPDATE groups SET owner = ?, owner_pid = ?, owner_host = ?, lease_until = ? WHERE name = ?",
                (member.id, member.pid, member.host, now + ttl_s, group),
            )
        committed, owner = row[0], row[1]
        return Lease(held=True, committed=committed, taken_over=owner != member.id, until=now + ttl_s)

    def commit(self, group: str, member: Member, offset: int, *, ttl_s: float, trim: bool) -> float | None:
        """Store ``offset`` for ``group`` and renew the lease; None if ``member`` lost the lease."""
        now = time.time()
        with self._transaction():
            row = self._group_row(group)
            if row is None or row[1] != member.id:
                return None
            next_offset = self._state()[0]
            self._db.execute(
                "UPDATE groups SET committed = ?, lease_until = ? WHERE name = ?",
                (min(offset, next_offset), now + ttl_s, group),
            )
            if trim:
                self._trim()
        return now + ttl_s

    def release(self, group: str, member: Member) -> None:
        with self._transaction():
            self._db.execute(
                "UPDATE groups SET owner = NULL, owner_pid = NULL, owner_host = NULL, lease_until = 0 "
                "WHERE name = ? AND owner = ?",
                (group, member.id),
            )

    def lag(self, group: str) -> int:
        next_offset, low, _ = self._state()
        row = self._group_row(group)
        committed = low if row is None else row[0]
        return max(0, next_offset - max(committed, low))

    def trim(self) -> int:
        """Delete what every known group has committed; return how many messages went."""
        with self._transaction():
            return self._trim()

    def stats(self) -> tuple[int, int, int]:
        """``(next_offset, low, bytes)``."""
        return self._state()

    # -- plumbing ----------------------------------------------------------------------------------

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    def _state(self) -> tuple[int, int, int]:
        next_offset, low, stored = self._db.execute("SELECT next_offset, low, bytes FROM state").fetchone()
        return int(next_offset), int(low), int(stored)

    def _group_row(self, group: str) -> _GroupRow | None:
        row = self._db.execute(
            "SELECT committed, owner, owner_pid, owner_host, lease_until FROM groups WHERE name = ?",
            (group,),
        ).fetchone()
        return None if row is None else (row[0], row[1], row[2], row[3], row[4])

    def _ensure_group(self, group: str) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO groups (name, committed) SELECT ?, low FROM state",
            (group,),
        )

    @staticmethod
    def _can_take(
        row: tuple[int, str | None, int | None, str | None, float], member: Member, now: float
    ) -> bool:
        _, owner, pid, host, until = row
        if owner is None or owner == member.id or until < now:
            return True
        if host == member.host and pid is not None and pid != member.pid:
            return not _process_alive(pid)
        return False

    def _has_groups(self) -> bool:
        return self._db.execute("SELECT 1 FROM groups LIMIT 1").fetchone() is not None

    def _evict_oldest(self, needed: int) -> None:
        freed = 0
        end = None
        for base, count, size in self._db.execute(
            "SELECT base, count, size FROM batches ORDER BY base"
        ).fetchall():
            if freed >= needed:
                break
            freed += size
            end = base + count
        if end is not None:
            self._db.execute("DELETE FROM batches WHERE base < ?", (end,))
            self._db.execute("UPDATE state SET low = max(low, ?), bytes = bytes - ?", (end, freed))

    def _trim(self) -> int:
        floor = self._db.execute("SELECT min(committed) FROM groups").fetchone()[0]
        if floor is None:
            return 0  # nobody consumes this topic yet: keep everything for the first group
        # "base < floor" lets SQLite walk the primary key instead of every row.
        count, freed, end = self._db.execute(
            "SELECT coalesce(sum(count), 0), coalesce(sum(size), 0), max(base + count) FROM batches "
            "WHERE base < :floor AND base + count <= :floor",
            {"floor": floor},
        ).fetchone()
        if not count:
            return 0
        self._db.execute(
            "DELETE FROM batches WHERE base < :floor AND base + count <= :floor", {"floor": floor}
        )
        self._db.execute("UPDATE state SET low = max(low, ?), bytes = bytes - ?", (end, freed))
        return int(count)


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: take the write lock up front so reads inside stay consistent."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if exc_type is None:
            self._db.execute("COMMIT")
        else:
            self._db.execute("ROLLBACK")
