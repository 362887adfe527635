"""Errors of archives and retention, beside the code that raises them::

    MozdefError (mozdef_common.errors)
    └── ArchiveError            an archive operation that cannot be done as asked
        ├── ArchiveNotFound     no archive of that family and day
        ├── ArchiveRefused      refused to protect data (prune without a verified archive, restore
        │                       over a live day, archive of an empty or unfinished day)
        └── ArchiveCorrupt      the archive does not match its manifest (count or checksum)

Store failures underneath stay :class:`~mozdef_common.errors.StoreError`.
"""

from __future__ import annotations

from mozdef_common.errors import MozdefError


class ArchiveError(MozdefError):
    """An archive operation that cannot be done as asked; ``archive`` names the archive."""

    def __init__(self, message: str, *, archive: str | None = None) -> None:
        super().__init__(message)
        self.archive = archive


class ArchiveNotFound(ArchiveError):
    """No archive of that family and day."""


class ArchiveRefused(ArchiveError):
    """Refused because doing it could lose data; the message says what to do instead."""


class ArchiveCorrupt(ArchiveError):
    """The archive file does not match its manifest: it is never restored nor trusted for pruning."""
