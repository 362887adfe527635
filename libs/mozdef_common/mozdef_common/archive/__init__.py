"""Log management: retention of whole days, and archives a day can be pruned and restored from.

* :mod:`.archiver`: the embedded (and generic) archive, a gzip NDJSON file per family and day with a
  manifest (:mod:`.manifest`, :mod:`.files`);
* :mod:`.snapshots`: the OpenSearch archive, a snapshot per daily index;
* :mod:`.retention`: the daily drop of days older than each family's limit;
* :func:`open_archiver` picks the archive of the configured store.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from mozdef_common.archive.archiver import Archiver, DayStatus, Progress
from mozdef_common.archive.errors import ArchiveCorrupt, ArchiveError, ArchiveNotFound, ArchiveRefused
from mozdef_common.archive.manifest import Manifest
from mozdef_common.archive.retention import RetentionJob, RetentionPolicy, RetentionReport, apply_retention
from mozdef_common.archive.settings import ArchiveSettings
from mozdef_common.store import EventStore

__all__ = [
    "ArchiveCorrupt",
    "ArchiveError",
    "ArchiveNotFound",
    "ArchiveRefused",
    "ArchiveSettings",
    "Archiver",
    "DayArchives",
    "DayStatus",
    "Manifest",
    "RetentionJob",
    "RetentionPolicy",
    "RetentionReport",
    "apply_retention",
    "open_archiver",
]


class DayArchives(Protocol):
    """What the CLI and REST use, whichever archive sits behind."""

    async def days(self) -> list[DayStatus]: ...

    async def create(self, family: str, day: date, progress: Progress | None = None) -> Manifest: ...

    async def prune(self, family: str, day: date, *, force: bool = False) -> int: ...

    async def restore(self, family: str, day: date, progress: Progress | None = None) -> Manifest: ...

    async def close(self) -> None: ...


def open_archiver(settings: ArchiveSettings, store: EventStore) -> DayArchives:
    """Snapshots when the store is OpenSearch and ``MOZDEF_ARCHIVE_REPOSITORY`` is set; archive files
    in ``MOZDEF_ARCHIVE_DIR`` otherwise (on OpenSearch too: exported and restored through the store)."""
    if settings.archive_repository and not settings.events_url.startswith("tantivy://"):
        from mozdef_common.archive.snapshots import SnapshotArchiver
        from mozdef_common.store.opensearch_settings import opensearch_config

        return SnapshotArchiver(store, opensearch_config(settings), settings.archive_repository)
    return Archiver(store, settings.resolved_archive_dir)
