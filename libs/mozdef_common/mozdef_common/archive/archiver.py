"""Archives of the embedded store: a family's day to one file, checked, pruned, restored.

The rules that keep data safe:

* a day is archived only once it is over (never today's, still being written);
* creating writes the file, reads it back and compares count and checksum with what was written
  *and* with the live day's count before the manifest (which makes the archive exist) is written;
* pruning needs an archive that reads back to its manifest now and whose count is the live day's
  count now (an event that arrived late since is not lost); ``force`` skips this, on purpose;
* restoring loads into a hidden day that becomes searchable only once the store counted exactly
  the manifest's events and the file's checksum matched (:func:`.files.checked_batches`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Final

from mozdef_common.archive.days import archive_id, check_family, day_count, day_window, store_days, today_utc
from mozdef_common.archive.errors import ArchiveCorrupt, ArchiveNotFound, ArchiveRefused
from mozdef_common.archive.files import ArchiveWriter, checked_batches, scan
from mozdef_common.archive.manifest import (
    DATA_SUFFIX,
    MANIFEST_SUFFIX,
    Manifest,
    manifest_path,
    read_manifest,
    write_manifest,
)
from mozdef_common.event import utc_iso
from mozdef_common.query.ast import MatchAll
from mozdef_common.store import EventStore, SearchRequest

log = logging.getLogger(__name__)
#: Events per search page of an export.
PAGE: Final = 5_000

#: ``progress(step, done, total)``: the step ("export", "verify", "restore"), events done, events in all.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class DayStatus:
    """A family's day as archives see it: its archive (if any) and the events the store holds now."""

    family: str
    day: date
    live: int
    archive: Manifest | None


class Archiver:
    """Archive operations over one event store (a writing one, for prune and restore) and a folder."""

    def __init__(
        self, store: EventStore, folder: Path, *, clock: Callable[[], datetime] | None = None
    ) -> None:
        self.store = store
        self.folder = folder
        self._clock = clock or (lambda: datetime.now(UTC))

    async def close(self) -> None:
        """Nothing to release: the store is the caller's."""

    # -- reading -------------------------------------------------------------------------------

    async def days(self) -> list[DayStatus]:
        """Every archived or live day, oldest first."""
        live = await store_days(self.store)
        archived = {(m.family, date.fromisoformat(m.day)): m for m in self.manifests()}
        keys = sorted(set(live) | set(archived), key=lambda k: (k[1], k[0]))
        return [DayStatus(f, d, live.get((f, d), 0), archived.get((f, d))) for f, d in keys]

    def manifests(self) -> list[Manifest]:
        if not self.folder.is_dir():
            return []
        found = []
        for path in sorted(self.folder.glob(f"*{MANIFEST_SUFFIX}")):
            try:
                found.append(read_manifest(path))
            except ArchiveCorrupt as exc:
                log.warning("skipping %s", exc)
        return found

    def manifest(self, family: str, day: date) -> Manifest:
        path = manifest_path(self.folder, archive_id(check_family(family), day))
        if not path.is_file():
            raise ArchiveNotFound(f"no archive of {family} on {day}", archive=archive_id(family, day))
        return read_manifest(path)

    def verify(self, manifest: Manifest, progress: Progress | None = None) -> None:
        """Read the archive file back: :class:`ArchiveCorrupt` unless count and checksum match."""
        path = self.folder / manifest.file
        if not path.is_file():
            raise ArchiveCorrupt(f"{manifest.file} is missing", archive=manifest.id)
        count, sha = scan(path, None if progress is None else lambda n: progress("verify", n, manifest.count))
        if count != manifest.count or sha != manifest.sha256:
            raise ArchiveCorrupt(
                f"{manifest.file} holds {count} events with checksum {sha[:12]}…, its manifest says "
                f"{manifest.count} with {manifest.sha256[:12]}…",
                archive=manifest.id,
            )
        if progress is not None:
            progress("verify", count, manifest.count)

    # -- changing ------------------------------------------------------------------------------

    async def create(self, family: str, day: date, progress: Progress | None = None) -> Manifest:
        """Archive a family's day (replacing an older archive of it only once the new one checks)."""
        ident = archive_id(check_family(family), day)
        if day >= today_utc(self._clock()):
            raise ArchiveRefused(f"{day} is not over yet: only past days are archived", archive=ident)
        live = await day_count(self.store, family, day)
        if live == 0:
            raise ArchiveRefused(f"the store holds no {family} on {day}: nothing to archive", archive=ident)
        self.folder.mkdir(parents=True, exist_ok=True)
        writer = ArchiveWriter(self.folder / f"{ident}{DATA_SUFFIX}")
        try:
            index = await self._export(writer, family, day, live, progress)
            writer.close()
            count, sha = scan(
                writer.temporary, None if progress is None else lambda n: progress("verify", n, live)
            )
            if progress is not None:
                progress("verify", count, live)
            now_live = await day_count(self.store, family, day)
            if (count, sha) != (writer.count, writer.sha256) or count != now_live:
                raise ArchiveRefused(
                    f"{ident}: wrote {writer.count} events, read back {count}, the store holds {now_live} "
                    "now (the day changed while it was archived?): try again",
                    archive=ident,
                )
            size = writer.finish()
        except BaseException:
            writer.discard()
            raise
        now = utc_iso(self._clock())
        manifest = Manifest(
            id=ident,
            family=family,
            day=day.isoformat(),
            index=index or ident,
            file=writer.final.name,
            count=count,
            sha256=sha,
            bytes=size,
            created=now,
            verified=now,
        )
        write_manifest(self.folder, manifest)
        log.info("archived %s: %d events, %d bytes, sha256 %s", ident, count, size, sha)
        return manifest

    async def prune(self, family: str, day: date, *, force: bool = False) -> int:
        """Drop a family's day from the store; the events it held. See the module docstring."""
        ident = archive_id(check_family(family), day)
        live = await day_count(self.store, family, day)
        if not force and live:  # an empty (or absent) day has nothing to lose
            try:
                manifest = self.manifest(family, day)
            except ArchiveNotFound:
                raise ArchiveRefused(
                    f"{ident} has no archive: create one first (or force the prune to lose the day)",
                    archive=ident,
                ) from None
            self.verify(manifest)
            if manifest.count != live:
                raise ArchiveRefused(
                    f"{ident} holds {live} events, its archive {manifest.count}: archive it again first",
                    archive=ident,
                )
            write_manifest(self.folder, manifest.model_copy(update={"verified": utc_iso(self._clock())}))
        dropped = await self.store.drop_day(family, day)
        log.warning("pruned %s: %d events dropped%s", ident, dropped, " (forced)" if force else "")
        return dropped

    async def restore(self, family: str, day: date, progress: Progress | None = None) -> Manifest:
        """Load a family's day back from its archive; searchable once checked. The updated manifest."""
        manifest = self.manifest(family, day)
        live = await day_count(self.store, family, day)
        if live:
            raise ArchiveRefused(
                f"{manifest.id} is in the store already ({live} events): prune it before restoring it",
                archive=manifest.id,
            )
        path = self.folder / manifest.file
        if not path.is_file():
            raise ArchiveCorrupt(f"{manifest.file} is missing", archive=manifest.id)
        batches = checked_batches(path, manifest.count, manifest.sha256)
        report = None if progress is None else (lambda n: progress("restore", n, manifest.count))
        count = await self.store.load_day(family, day, batches, manifest.count, report)
        restored = manifest.model_copy(update={"restored": utc_iso(self._clock())})
        write_manifest(self.folder, restored)
        log.info("restored %s: %d events", manifest.id, count)
        return restored

    async def _export(
        self, writer: ArchiveWriter, family: str, day: date, total: int, progress: Progress | None
    ) -> str | None:
        """Every event of the day, oldest first, page after page; the source index's name."""
        start, end = day_window(day)
        after = None
        index = None
        while True:
            page = await self.store.search(
                SearchRequest(
                    query=MatchAll(),
                    start=start,
                    end=end,
                    size=PAGE,
                    sort=(("utctimestamp", "asc"),),
                    family=family,
                    search_after=after,
                )
            )
            for hit in page.hits:
                writer.add(hit)
                index = index or hit.index
            if progress is not None:
                progress("export", writer.count, total)
            if len(page.hits) < PAGE:
                return index
            after = page.hits[-1].sort
