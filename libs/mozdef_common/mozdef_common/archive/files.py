"""The archive file: gzip-compressed NDJSON, one line per event, ``{"id", "index", "source"}``.

NDJSON rather than a copy of the tantivy directory: it survives tantivy format changes and restores
into OpenSearch too. Lines are written in (utctimestamp, id) order; the checksum is the SHA-256 of
the uncompressed lines, computed while writing and again on every read.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

import orjson

from mozdef_common.archive.errors import ArchiveCorrupt
from mozdef_common.store import Hit
from mozdef_common.types import Event

#: gzip level 6: most of level 9's ratio on JSON for a third of its CPU.
LEVEL: Final = 6
BATCH: Final = 2_000


class ArchiveWriter:
    """Writes hits to a temporary file; :meth:`finish` makes it durable under its final name."""

    def __init__(self, final: Path) -> None:
        self.final = final
        self.temporary = final.with_name(f".{final.name}.tmp")
        self.count = 0
        self._sha = hashlib.sha256()
        self._raw = self.temporary.open("wb")
        self._gzip = gzip.GzipFile(fileobj=self._raw, mode="wb", compresslevel=LEVEL, mtime=0)

    def add(self, hit: Hit) -> None:
        line = orjson.dumps({"id": hit.id, "index": hit.index, "source": hit.source}) + b"\n"
        self._sha.update(line)
        self._gzip.write(line)
        self.count += 1

    @property
    def sha256(self) -> str:
        return self._sha.hexdigest()

    def close(self) -> None:
        """Flush and close; the data sits durably in the temporary file."""
        self._gzip.close()
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self._raw.close()

    def finish(self) -> int:
        """Move the closed file to its final name; its size in bytes."""
        os.replace(self.temporary, self.final)
        return self.final.stat().st_size

    def discard(self) -> None:
        if not self._raw.closed:
            self._gzip.close()
            self._raw.close()
        self.temporary.unlink(missing_ok=True)


def read_lines(path: Path) -> Iterator[tuple[bytes, dict[str, Any]]]:
    """Every line of an archive file with its parsed record; :class:`ArchiveCorrupt` if unreadable."""
    try:
        with gzip.open(path, "rb") as data:
            for number, line in enumerate(data, 1):
                try:
                    record = orjson.loads(line)
                except orjson.JSONDecodeError:
                    raise ArchiveCorrupt(f"{path.name}: line {number} is not JSON") from None
                if not isinstance(record, dict) or not isinstance(record.get("source"), dict):
                    raise ArchiveCorrupt(f"{path.name}: line {number} is not an archived event")
                yield line, record
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise ArchiveCorrupt(f"{path.name} cannot be read: {exc}") from None


def scan(path: Path, progress: Callable[[int], None] | None = None) -> tuple[int, str]:
    """(lines, SHA-256 of the uncompressed content) of an archive file."""
    sha = hashlib.sha256()
    count = 0
    for line, _ in read_lines(path):
        sha.update(line)
        count += 1
        if progress is not None and count % 10_000 == 0:
            progress(count)
    return count, sha.hexdigest()


def checked_batches(path: Path, count: int, sha256: str) -> Iterator[list[Event]]:
    """The archived events in batches; after the last one, raises :class:`ArchiveCorrupt` if the
    content did not match ``count`` and ``sha256``, so a store loading them aborts before the day is
    made searchable."""
    sha = hashlib.sha256()
    seen = 0
    batch: list[Event] = []
    for line, record in read_lines(path):
        sha.update(line)
        seen += 1
        batch.append(record["source"])
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if seen != count or sha.hexdigest() != sha256:
        raise ArchiveCorrupt(
            f"{path.name} holds {seen} events with checksum {sha.hexdigest()[:12]}…, its manifest says "
            f"{count} with {sha256[:12]}…: not restored"
        )
    if batch:
        yield batch
