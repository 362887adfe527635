"""The manifest of an archive: what the archive file must hold, written beside it.

``<archive dir>/<family>-YYYYMMDD.manifest.json``, JSON::

    {"format": "mozdef-archive", "version": 1, "id": "events-20260102", "family": "events",
     "day": "2026-01-02", "index": "events-20260102", "file": "events-20260102.ndjson.gz",
     "count": 1234, "sha256": "<hex of the uncompressed NDJSON>", "bytes": 56789,
     "created": "<ISO-8601>", "verified": "<ISO-8601>", "restored": null}

``sha256`` covers the uncompressed content, so the check holds whatever the compression; ``verified``
is when the file was last read back and found to match the live day; ``restored`` when the day was
last restored from it. The manifest is written after its file and replaced atomically: an archive
without a manifest is unfinished and ignored.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from mozdef_common.archive.errors import ArchiveCorrupt

FORMAT: Final = "mozdef-archive"
VERSION: Final = 1
MANIFEST_SUFFIX: Final = ".manifest.json"
DATA_SUFFIX: Final = ".ndjson.gz"


class Manifest(BaseModel):
    """What an archive holds and how to check it (see the module docstring)."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["mozdef-archive"] = FORMAT
    version: Literal[1] = VERSION
    id: str
    family: str
    day: str
    index: str
    file: str
    count: int
    sha256: str
    bytes: int
    created: str
    verified: str | None = None
    restored: str | None = None


def manifest_path(folder: Path, archive_id: str) -> Path:
    return folder / f"{archive_id}{MANIFEST_SUFFIX}"


def read_manifest(path: Path) -> Manifest:
    try:
        return Manifest.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        raise ArchiveCorrupt(f"{path.name} is not a valid manifest: {exc.errors()[0]['msg']}") from None


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Write (or replace) the manifest atomically and durably."""
    final = manifest_path(folder, manifest.id)
    temporary = final.with_name(f".{final.name}.tmp")
    with temporary.open("wb") as out:
        out.write(manifest.model_dump_json(indent=2).encode() + b"\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, final)
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
