"""The day index directories under the store root: finding, opening, and writing them.

One directory per family and UTC day, ``<root>/<family>-YYYYMMDD``. Readers list the root on every
search, so days a writer creates later are found; a directory without ``meta.json`` is a day being
created right now and is skipped until tantivy has written it.

Writers take turns, so several processes can write one day (indexer replicas on one data dir):

* A store writes a day while it holds the day's turn: an ``flock`` on ``<day>/.mozdef-writer.lock``,
  then the index opened and its tantivy writer created. It keeps both between writes, so a lone
  writer pays nothing, and its merges go on in the background; at most ``max_writers`` days are kept,
  the least recently used closed first, and days idle for long are closed after a write.
* A store that finds the turn taken waits, trying again with bounded backoff, and says so by holding
  a shared ``flock`` on ``<day>/.mozdef-writer.want``. The holder looks after each write, and every
  ``HAND_OVER_CHECK_S`` while it does not write, and hands a wanted day over: it closes the writer
  (once its merges are done) and the turn. Then it lets the waiting store take the day before it
  competes again, so two busy writers alternate rather than one starving the other.
* The index is opened after the turn is taken, never before: tantivy reads the committed segments,
  and the list of files it may garbage-collect, when an index opens, so an index opened earlier
  would miss what the previous writer committed (and replace-by-id would miss its ids).
* A write takes its days in name order, and before it waits for one it gives up the days it holds
  but does not use, so two writes never wait on each other in a cycle.
* Tantivy's own lock still guards each day: whatever writes without taking turns (dropping or
  restoring a day, :mod:`.tantivy_dayops`) is refused while a store holds the day, and makes a store
  that wants the day wait.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Final

import tantivy

from mozdef_common.errors import StoreError, StoreUnavailableError
from mozdef_common.store.tantivy_schema import build_schema, register_tokenizers

log = logging.getLogger(__name__)

_FAMILY: Final = re.compile(r"[a-z0-9_]+")
_NAME: Final = re.compile(r"([a-z0-9_]+)-(\d{8})")
#: In each day directory, hidden (tantivy neither manages nor collects files starting with a dot).
TURN_FILE: Final = ".mozdef-writer.lock"
WANT_FILE: Final = ".mozdef-writer.want"
#: Backoff between tries for a day another store holds: doubling from the first pause to the longest.
FIRST_PAUSE_S: Final = 0.002
LONGEST_PAUSE_S: Final = 0.05
#: How often a store that holds days looks, between writes, whether another store waits for one.
HAND_OVER_CHECK_S: Final = 0.1
#: How long a store that handed a day over lets the waiting store take it before competing again.
COURTESY_S: Final = 1.0


def check_family(family: str) -> None:
    if not _FAMILY.fullmatch(family):
        raise StoreError(f"invalid index family {family!r}: lower-case letters, digits and '_'")


@dataclass(slots=True)
class _Turn:
    """A day this store holds: the index opened once the turn was taken, its writer, the turn's lock."""

    index: Any
    writer: Any
    fd: int
    used: float


class DayIndexes:
    """Thread-safe cache of opened day indexes, and the days a writing store holds the turn of."""

    def __init__(
        self,
        root: Path,
        *,
        writable: bool,
        heap_bytes: int = 128_000_000,
        max_writers: int = 4,
        turn_wait_s: float = 30.0,
    ) -> None:
        self.root = root
        self.writable = writable
        self.heap_bytes = heap_bytes
        self.max_writers = max_writers
        #: How long a write waits for a day another store holds before it is refused (retryable).
        self.turn_wait_s = turn_wait_s
        self.schema = build_schema()
        self._lock = threading.Lock()
        self._indexes: dict[str, Any] = {}
        self._turns: OrderedDict[str, _Turn] = OrderedDict()
        self._handed: dict[str, float] = {}  # day → when this store handed it over
        self._writing = threading.Lock()  # held through a write: days are handed over between writes
        self._in_use: set[str] = set()  # the days the write in progress asked for
        self._watcher: threading.Thread | None = None
        self._stopping = threading.Event()

    # -- reading -------------------------------------------------------------------------------

    def names(
        self, family: str | None = None, start: date | None = None, end: date | None = None
    ) -> list[str]:
        """Complete day indexes, oldest first, of one family (or all) whose day is in [start, end]."""
        try:
            entries = list(self.root.iterdir())
        except FileNotFoundError:
            return []
        lo = start.strftime("%Y%m%d") if start else "00000000"
        hi = end.strftime("%Y%m%d") if end else "99999999"
        found = []
        for entry in entries:
            match = _NAME.fullmatch(entry.name)
            if not match or (family is not None and match.group(1) != family):
                continue
            if lo <= match.group(2) <= hi and (entry / "meta.json").is_file():
                found.append((match.group(2), entry.name))
        return [name for _, name in sorted(found)]

    def reader(self, name: str) -> Any | None:
        """The index ``name`` reloaded to its last commit, or None if it cannot be opened now."""
        with self._lock:
            index = self._indexes.get(name)
        try:
            if index is None:
                index = tantivy.Index.open(str(self.root / name))
                index.config_reader("manual")
                with self._lock:
                    index = self._indexes.setdefault(name, index)
            index.reload()
        except (ValueError, OSError):
            # Half-created by a writer right now, or removed by retention: skip it this time.
            with self._lock:
                self._indexes.pop(name, None)
            return None
        return index

    # -- writing -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Around one write: no day is handed over during it; wanted days are handed over after it."""
        with self._writing:
            self._in_use.clear()
            try:
                yield
            finally:
                self._in_use.clear()
                self._hand_over_wanted()

    def writer(self, name: str) -> tuple[Any, Any]:
        """``(index, writer)`` of a day, created if new; the caller serializes writes (:meth:`writing`)
        and, within a write, asks for days in name order."""
        if not self.writable:
            raise StoreError("this event store was opened read-only")
        with self._lock:
            turn = self._turns.pop(name, None)
            if turn is not None:
                turn.used = time.monotonic()
                self._turns[name] = turn
        if turn is None:
            turn = self._take_turn(name)
            evicted = []
            with self._lock:
                self._indexes[name] = turn.index
                self._turns[name] = turn
                while len(self._turns) > self.max_writers:
                    evicted.append(self._turns.popitem(last=False)[1])
            for old in evicted:
                _end(old)
            self._watch()
        self._in_use.add(name)
        return turn.index, turn.writer

    def release(self, name: str) -> Any | None:
        """Forget the day ``name`` (it is being dropped or replaced): its cached index, and its writer,
        returned still holding tantivy's lock on the day for the caller to close (None if none was open)."""
        with self._lock:
            self._indexes.pop(name, None)
            turn = self._turns.pop(name, None)
        if turn is None:
            return None
        os.close(turn.fd)
        return turn.writer

    def close_idle(self, idle_seconds: float) -> None:
        cutoff = time.monotonic() - idle_seconds
        self._end_turns(lambda name, turn: turn.used < cutoff)

    def close(self) -> None:
        self._stopping.set()
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.join()
        self._stopping.clear()
        self._end_turns(lambda name, turn: True)
        with self._lock:
            self._indexes.clear()

    def _end_turns(self, which: Callable[[str, _Turn], bool]) -> list[str]:
        """End the turns ``which(name, turn)`` selects; their names."""
        with self._lock:
            names = [name for name, turn in self._turns.items() if which(name, turn)]
            turns = [self._turns.pop(name) for name in names]
        for turn in turns:
            _end(turn)
        return names

    def _hand_over_wanted(self) -> None:
        with self._lock:
            held = list(self._turns)
        wanted = {name for name in held if _waited_for(self.root / name / WANT_FILE)}
        if wanted:
            for name in self._end_turns(lambda name, turn: name in wanted):
                self._handed[name] = time.monotonic()

    def _watch(self) -> None:
        """Start the thread that hands wanted days over while this store does not write (once)."""
        with self._lock:
            if self._watcher is not None:
                return
            self._watcher = threading.Thread(target=self._watching, name="mozdef-day-turns", daemon=True)
        self._watcher.start()

    def _watching(self) -> None:
        while not self._stopping.wait(HAND_OVER_CHECK_S):
            if not self._writing.acquire(blocking=False):
                continue  # the write's end hands over
            try:
                self._hand_over_wanted()
            except Exception:  # the next look may succeed; a dead watcher would starve other writers
                log.exception("handing days over to other writers failed")
            finally:
                self._writing.release()

    def _take_turn(self, name: str) -> _Turn:
        path = self.root / name
        self._give_way(name, path)
        deadline = time.monotonic() + self.turn_wait_s
        pause = FIRST_PAUSE_S
        want: int | None = None
        try:
            while True:
                turn = _try_turn(path, self.schema, self.heap_bytes)
                if turn is not None:
                    return turn
                if want is None:
                    # Holding a later day that this write does not use while waiting for this one
                    # could be waiting on the store that waits for it: give those up first.
                    self._end_turns(self._unused)
                    want = _ask(path / WANT_FILE)
                if time.monotonic() >= deadline:
                    raise StoreUnavailableError(
                        f"{name} is being written by another writer; gave up after {self.turn_wait_s:g}s"
                    )
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE_S)
        finally:
            if want is not None:
                os.close(want)

    def _unused(self, name: str, turn: _Turn) -> bool:
        return name not in self._in_use

    def _give_way(self, name: str, path: Path) -> None:
        """Just handed ``name`` over? Then let the store waiting for it take it first."""
        handed = self._handed.pop(name, None)
        if handed is None:
            return
        pause = FIRST_PAUSE_S
        while time.monotonic() < handed + COURTESY_S and _waited_for(path / WANT_FILE):
            time.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE_S)


def day_range(start: datetime | None, end: datetime | None) -> tuple[date | None, date | None]:
    """The UTC days a time window touches (naive datetimes are UTC)."""

    def utc_day(dt: datetime | None) -> date | None:
        if dt is None:
            return None
        return (dt if dt.tzinfo is None else dt.astimezone(UTC)).date()

    return utc_day(start), utc_day(end)


def _try_turn(path: Path, schema: Any, heap_bytes: int) -> _Turn | None:
    """The day's turn, or None if another writer holds it (or the day was just dropped: try again)."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd = os.open(path / TURN_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except FileNotFoundError:
        return None  # renamed away by a drop between the two calls
    except OSError as exc:
        raise StoreUnavailableError(f"cannot open {path.name} for writing: {exc}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    try:
        index = tantivy.Index(schema, path=str(path), reuse=True)
        register_tokenizers(index)
        index.config_reader("manual")
        # One indexing thread per writer: each thread cuts its own segment at every commit, and
        # on a small machine shared with the other stages, twice the segments meant twice the
        # merging for no gain (measured: 1,000-event commits cost 154 ms of CPU with two
        # threads, 62 ms with one; 20,000-event batches the same either way).
        writer = index.writer(heap_size=heap_bytes, num_threads=1)
    except (ValueError, OSError) as exc:
        os.close(fd)
        if "LockBusy" in str(exc) or not path.is_dir():
            return None  # written by something that does not take turns, or dropped meanwhile
        raise StoreUnavailableError(f"cannot open {path.name} for writing: {exc}") from exc
    turn = _Turn(index, writer, fd, time.monotonic())
    if not _same_file(path / TURN_FILE, fd):
        _end(turn)  # the day was dropped (renamed away) after its turn file was locked: again
        return None
    return turn


def _ask(want_file: Path) -> int | None:
    """Say this store waits for the day (a shared lock, held until the descriptor is closed)."""
    try:
        fd = os.open(want_file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError:
        return None  # the day is being dropped: there is no holder to ask
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)  # waits only while a holder is looking (an instant)
    except OSError:
        os.close(fd)
        return None
    return fd


def _waited_for(want_file: Path) -> bool:
    """Whether a store waits for the day (holds a shared lock on its want file)."""
    try:
        fd = os.open(want_file, os.O_RDWR | os.O_CLOEXEC)
    except OSError:
        return False  # no such file (nobody ever waited), or the day is being dropped
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # and with it the exclusive lock just taken, if it was
    return False


def _same_file(turn_file: Path, fd: int) -> bool:
    try:
        now = os.stat(turn_file)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)


def _end(turn: _Turn) -> None:
    # Every write already committed: this lets running merges finish and releases tantivy's lock
    # file, then the turn.
    try:
        with contextlib.suppress(ValueError, OSError):
            turn.writer.wait_merging_threads()
    finally:
        os.close(turn.fd)  # closing the descriptor releases its flock
