"""Whole-day operations of the embedded store: drop a day index, rebuild one from events.

Both take the day's tantivy writer lock before touching it, so a day the indexer (another process)
is writing is refused rather than pulled from under it; a day this store itself writes has its
writer handed over (:meth:`DayIndexes.release`).

* Dropping renames the directory to a hidden name first (readers list only ``<family>-YYYYMMDD``),
  so searches stop seeing it at once, then deletes it.
* Loading builds the day in a hidden staging directory, commits, checks the document count against
  what the caller expects, and only then renames it into place: a restore that fails its check is
  never searchable.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Final

import tantivy

from mozdef_common.errors import EventError, StoreError, StoreUnavailableError
from mozdef_common.store.tantivy_days import DayIndexes
from mozdef_common.store.tantivy_schema import build_schema, register_tokenizers, to_document
from mozdef_common.types import Event

log = logging.getLogger(__name__)
#: The writer heap of a restore: one batch at a time, far below the indexer's.
LOAD_HEAP_BYTES: Final = 64_000_000


def drop_day(days: DayIndexes, name: str) -> int:
    """Remove the day index ``name``; how many events it held (0 when absent)."""
    path = days.root / name
    if not path.is_dir():
        return 0
    writer = days.release(name)
    if writer is None:
        writer = _lock(path, name)
    try:
        count = _count(path)
        hidden = days.root / f".dropping-{name}-{os.getpid()}"
        os.rename(path, hidden)
    finally:
        _close(writer)
    # Out of sight already; a failure here leaves only a hidden directory behind, never a half day.
    shutil.rmtree(hidden, ignore_errors=True)
    return count


def load_day(
    days: DayIndexes,
    name: str,
    day: str,
    batches: Iterable[Sequence[Event]],
    expected: int,
    progress: Callable[[int], None] | None,
) -> int:
    """Build ``name`` (its day is ``day``, YYYYMMDD) from ``batches``; see the module docstring."""
    final = days.root / name
    if (final / "meta.json").is_file():
        if _count(final) > 0:
            raise StoreError(f"{name} already holds events: prune it before restoring it")
        drop_day(days, name)  # an empty day a writer created: make way
    staging = days.root / f".restoring-{name}"
    shutil.rmtree(staging, ignore_errors=True)  # left by a restore that crashed
    staging.mkdir(parents=True)
    try:
        count = _build(staging, name, day, batches, progress)
        if count != expected:
            raise StoreError(f"{name}: {count} events loaded where {expected} were expected; not restored")
        days.release(name)
        with contextlib.suppress(OSError):
            final.rmdir()  # an empty directory a writer created and never used
        try:
            os.rename(staging, final)
        except OSError as exc:
            raise StoreError(f"{name} appeared while restoring it (a late event?): {exc}") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def _build(
    path: Path,
    name: str,
    day: str,
    batches: Iterable[Sequence[Event]],
    progress: Callable[[int], None] | None,
) -> int:
    index = tantivy.Index(build_schema(), path=str(path))
    register_tokenizers(index)
    writer = index.writer(heap_size=LOAD_HEAP_BYTES, num_threads=1)
    seen: set[str] = set()
    try:
        for batch in batches:
            for event in batch:
                try:
                    event_id, event_day, doc = to_document(event)
                except EventError as exc:
                    raise StoreError(f"{name}: an event cannot be restored: {exc}") from None
                if event_day != day:
                    raise StoreError(f"{name}: event {event_id} belongs to {event_day}, not {day}")
                if event_id in seen:
                    raise StoreError(f"{name}: event {event_id} appears twice")
                seen.add(event_id)
                writer.add_json(doc)
            if progress is not None:
                progress(len(seen))
        writer.commit()
    except BaseException:
        writer.rollback()
        raise
    finally:
        _close(writer)
    index.reload()
    return int(index.searcher().num_docs)


def _lock(path: Path, name: str) -> Any:
    try:
        index = tantivy.Index.open(str(path))
        return index.writer(heap_size=15_000_000, num_threads=1)
    except ValueError as exc:
        if "LockBusy" in str(exc):
            raise StoreUnavailableError(
                f"{name} is being written by another process (the indexer); retry once it is idle"
            ) from None
        raise StoreError(f"cannot open {name}: {exc}") from exc


def _count(path: Path) -> int:
    try:
        index = tantivy.Index.open(str(path))
    except ValueError:
        return 0
    return int(index.searcher().num_docs)


def _close(writer: Any) -> None:
    # Nothing is pending: this only releases the lock file.
    with contextlib.suppress(ValueError, OSError):
        writer.wait_merging_threads()
