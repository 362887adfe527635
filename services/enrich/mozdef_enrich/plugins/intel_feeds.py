"""Indicator feeds: the files of ``MOZDEF_INTEL_DIR``, read into :class:`.intel_index.Indicator` s.

Every regular file of the folder is a feed named by its file name, except hidden files (``.x``), files
starting with ``_`` and editor backups (``x~``). A ``.csv`` file is CSV; any other is plain text.

Plain text: one indicator per line; ``#`` starts a comment (whole line or after the value); blank lines
are skipped. The type is inferred per line:

* ``user:<name>``: a user;
* a value with ``/``: a network (``cidr``, host bits cleared);
* an IPv4 or IPv6 address: ``ip``;
* 32, 40, 64 or 128 hex digits: a ``hash`` (MD5, SHA-1, SHA-256, SHA-512);
* anything else that is a DNS name (``*.example.org`` for subdomains only): a ``domain``.

CSV: a header row naming an ``indicator`` (or ``value``) column, and optionally ``type`` (``ip``, ``cidr``,
``domain``, ``user``, ``hash`` and common aliases such as ``ipv4``, ``hostname``, ``sha256``; empty: inferred
as above), ``source``, ``confidence`` and ``description``, which matches carry. Column names are
case-insensitive; other columns are ignored.

A line that yields no indicator is skipped and counted (with its line number in the log); the rest of
the file still loads. A CSV file without an indicator column counts as one bad line and loads nothing.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from mozdef_common.lists.entries import InvalidEntry, canonical_value
from mozdef_enrich.plugins.intel_index import Indicator

log = logging.getLogger(__name__)

_HEX_LENGTHS: Final = frozenset((32, 40, 64, 128))
_HEX_DIGITS: Final = frozenset("0123456789abcdefABCDEF")
_TYPE_ALIASES: Final = {
    **{name: "ip" for name in ("ip", "ipv4", "ipv6", "ip-src", "ip-dst", "ip_address", "address", "addr")},
    **{name: "cidr" for name in ("cidr", "network", "netblock", "subnet", "ip-range")},
    **{name: "domain" for name in ("domain", "hostname", "host", "fqdn", "dns")},
    **{name: "user" for name in ("user", "username", "account")},
    **{name: "hash" for name in ("hash", "md5", "sha1", "sha256", "sha512", "filehash", "file-hash")},
}
_EXTRA_COLUMNS: Final = ("source", "confidence", "description")
# A description is for the analyst reading the match, not a document: keep events small.
_TEXT_MAX: Final = 300
_LOGGED_LINES: Final = 10


@dataclass(slots=True, frozen=True)
class FeedFile:
    """What one file gave: its indicators and the line numbers that gave none."""

    indicators: tuple[Indicator, ...]
    bad_lines: tuple[int, ...]


def infer(text: str) -> tuple[str, str]:
    """``(type, canonical value)`` of one plain-text indicator; InvalidEntry when it is none."""
    if text[:5].lower() == "user:":
        return "user", canonical_value("user", text[5:])
    if "/" in text:
        return "cidr", canonical_value("cidr", text)
    if _is_address(text):
        return "ip", canonical_value("ip", text)
    if len(text) in _HEX_LENGTHS and _HEX_DIGITS.issuperset(text):
        return "hash", text.lower()
    if (
        text.rstrip(".").rpartition(".")[2].isdigit()
    ):  # 999.1.1.1: a bad address, no top-level domain is a number
        raise InvalidEntry(f"{text!r} is neither an address nor a domain")
    return "domain", canonical_value("domain", text)


def parse_text(text: str, feed: str) -> FeedFile:
    """The indicators of a plain-text feed named ``feed``."""
    origin = {"feed": feed}
    found: list[Indicator] = []
    bad: list[int] = []
    for number, line in enumerate(text.splitlines(), 1):
        value = line.split("#", 1)[0].strip()
        if not value:
            continue
        try:
            kind, canonical = infer(value)
        except InvalidEntry:
            bad.append(number)
            continue
        found.append(Indicator(kind, canonical, origin))
    return FeedFile(tuple(found), tuple(bad))


def parse_csv(text: str, feed: str) -> FeedFile:
    """The indicators of a CSV feed named ``feed`` (see the module docstring for its columns)."""
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    columns = {name.strip().lower(): i for i, name in enumerate(header or ())}
    column = columns.get("indicator", columns.get("value"))
    if column is None:
        log.warning("intel feed %s: no 'indicator' or 'value' column in the header %r", feed, header)
        return FeedFile((), (1,))
    kind_column = columns.get("type")
    extras = [(name, columns[name]) for name in _EXTRA_COLUMNS if name in columns]
    origin = {"feed": feed}
    found: list[Indicator] = []
    bad: list[int] = []
    for row in rows:
        number = rows.line_num
        if not row or (len(row) == 1 and not row[0].strip()) or row[0].lstrip().startswith("#"):
            continue
        try:
            found.append(_row(row, column, kind_column, extras, origin))
        except (InvalidEntry, IndexError):
            bad.append(number)
    return FeedFile(tuple(found), tuple(bad))


def _row(
    row: list[str],
    column: int,
    kind_column: int | None,
    extras: Sequence[tuple[str, int]],
    origin: dict[str, str],
) -> Indicator:
    value = row[column].strip()
    if not value:
        raise InvalidEntry("empty indicator")
    given = row[kind_column].strip().lower() if kind_column is not None and kind_column < len(row) else ""
    if given:
        kind = _TYPE_ALIASES.get(given)
        if kind is None:
            raise InvalidEntry(f"unknown type {given!r}")
        if kind == "user" and value[:5].lower() == "user:":
            value = value[5:]
        canonical = canonical_value(kind, value)
    else:
        kind, canonical = infer(value)
    extra = {name: row[i].strip()[:_TEXT_MAX] for name, i in extras if i < len(row) and row[i].strip()}
    return Indicator(kind, canonical, origin, extra)


def _is_address(text: str) -> bool:
    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            socket.inet_pton(family, text)
        except OSError:
            continue
        return True
    return False


Signature = tuple[int, int]


class FeedFolder:
    """The feeds of one folder, read again file by file when a file's size or mtime changes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._files: dict[str, tuple[Signature, FeedFile]] = {}

    @property
    def bad_lines(self) -> dict[str, int]:
        """How many lines each feed skipped, by file name."""
        return {name: len(feed.bad_lines) for name, (_, feed) in self._files.items() if feed.bad_lines}

    def indicators(self) -> Iterator[Indicator]:
        for _, feed in self._files.values():
            yield from feed.indicators

    def scan(self) -> bool:
        """Read the files that are new or changed and forget removed ones; whether anything changed."""
        current = dict(self._list())
        changed = current.keys() != self._files.keys()
        for name in list(self._files):
            if name not in current:
                del self._files[name]
        for name, signature in current.items():
            known = self._files.get(name)
            if known is not None and known[0] == signature:
                continue
            feed = self._read(name)
            if feed is None:  # unreadable right now (being replaced): keep what we had, look again later
                continue
            self._files[name] = (signature, feed)
            changed = True
        return changed

    def _list(self) -> Iterator[tuple[str, Signature]]:
        try:
            entries = list(os.scandir(self.folder))
        except OSError as exc:
            log.warning("intel feeds: cannot list %s: %s", self.folder, exc)
            return
        for entry in entries:
            name = entry.name
            if name.startswith((".", "_")) or name.endswith("~"):
                continue
            try:
                if not entry.is_file():
                    continue
                stat = entry.stat()
            except OSError:  # removed between listing and stat
                continue
            yield name, (stat.st_mtime_ns, stat.st_size)

    def _read(self, name: str) -> FeedFile | None:
        path = self.folder / name
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            log.warning("intel feed %s: cannot read: %s", path, exc)
            return None
        feed = parse_csv(text, name) if name.lower().endswith(".csv") else parse_text(text, name)
        if feed.bad_lines:
            shown = ", ".join(map(str, feed.bad_lines[:_LOGGED_LINES]))
            more = "…" if len(feed.bad_lines) > _LOGGED_LINES else ""
            log.warning("intel feed %s: skipped %d bad line(s): %s%s", path, len(feed.bad_lines), shown, more)
        log.info("intel feed %s: %d indicator(s)", path, len(feed.indicators))
        return feed
