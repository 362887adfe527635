"""``mozdef archive list|create|restore|prune|retention``: log management from the command line.

Each opens the event store the settings name (``MOZDEF_DATA_DIR``, ``MOZDEF_EVENTS_URL``) and the
archive (``MOZDEF_ARCHIVE_DIR``, or ``MOZDEF_ARCHIVE_REPOSITORY`` on OpenSearch), does one thing and
closes them. Progress goes to stderr, results to stdout; errors are one line on stderr and exit code 2.
Running beside ``mozdef up`` is safe: a day the indexer is writing is refused, not pulled from under it.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import date

from pydantic import ValidationError

from mozdef_common.archive import ArchiveSettings, DayArchives, apply_retention, open_archiver
from mozdef_common.archive.days import FAMILIES, parse_day, today_utc
from mozdef_common.errors import MozdefError
from mozdef_common.store import EventStore, open_event_store


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``archive`` to the ``mozdef`` parser."""
    archive = commands.add_parser("archive", help="archive, prune and restore days of events")
    actions = archive.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("list", help="every day the store or the archive holds, with counts")
    for name, text in (
        ("create", "archive a day (verified: count and checksum)"),
        ("restore", "load an archived day back; searchable once verified"),
        ("prune", "drop a day from the store; needs a verified archive of it"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("--family", required=True, choices=FAMILIES)
        action.add_argument("--day", required=True, help="UTC day, YYYY-MM-DD")
        if name == "prune":
            action.add_argument(
                "--force", action="store_true", help="prune even without a verified archive (the day is lost)"
            )
    actions.add_parser("retention", help="apply the retention limits now (what the api does daily)")


def run(args: argparse.Namespace) -> int:
    """Run the ``archive`` action ``args`` names."""
    try:
        settings = ArchiveSettings()
        if args.action == "list":
            return _with(settings, lambda _, archives: _list(archives))
        if args.action == "retention":
            return _with(settings, lambda store, archives: _retention(settings, store, archives))
        day = parse_day(args.day)
        if args.action == "create":
            return _with(settings, lambda _, archives: _create(archives, args.family, day))
        if args.action == "restore":
            return _with(settings, lambda _, archives: _restore(archives, args.family, day))
        return _with(settings, lambda _, archives: _prune(archives, args.family, day, args.force))
    except ValidationError as exc:
        return _fail(f"bad settings: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}")
    except MozdefError as exc:
        return _fail(str(exc))


def _fail(message: str) -> int:
    print(f"mozdef: error: {message}", file=sys.stderr)
    return 2


def _with(settings: ArchiveSettings, operation: Callable[[EventStore, DayArchives], Awaitable[int]]) -> int:
    async def main() -> int:
        store = open_event_store(settings, writer=True)
        archives = open_archiver(settings, store)
        try:
            return await operation(store, archives)
        finally:
            await archives.close()
            await store.close()

    return asyncio.run(main())


class Progress:
    """One stderr line per step at most every half second, and its last figure."""

    def __init__(self) -> None:
        self._last = 0.0
        self._step = ""

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if step == self._step and now - self._last < 0.5 and done < total:
            return
        self._step, self._last = step, now
        percent = f" ({100 * done // total}%)" if total else ""
        print(f"{step}: {done}/{total} events{percent}", file=sys.stderr)


async def _list(archives: DayArchives) -> int:
    print("family\tday\tlive\tarchived\tarchive_verified\trestored\tlocation")
    for status in await archives.days():
        manifest = status.archive
        archived = "-" if manifest is None else str(manifest.count)
        print(
            f"{status.family}\t{status.day}\t{status.live}\t{archived}\t"
            f"{(manifest and manifest.verified) or '-'}\t{(manifest and manifest.restored) or '-'}\t"
            f"{manifest.file if manifest else '-'}"
        )
    return 0


async def _create(archives: DayArchives, family: str, day: date) -> int:
    manifest = await archives.create(family, day, Progress())
    print(
        f"archived {manifest.id}: {manifest.count} events, sha256 {manifest.sha256 or '-'}, {manifest.file}"
    )
    return 0


async def _restore(archives: DayArchives, family: str, day: date) -> int:
    manifest = await archives.restore(family, day, Progress())
    print(f"restored {manifest.id}: {manifest.count} events, searchable again")
    return 0


async def _prune(archives: DayArchives, family: str, day: date, force: bool) -> int:
    dropped = await archives.prune(family, day, force=force)
    print(f"pruned {family} on {day}: {dropped} events dropped from the store")
    return 0


async def _retention(settings: ArchiveSettings, store: EventStore, archives: DayArchives) -> int:
    policy = settings.retention_policy()
    report = await apply_retention(
        store, policy, today_utc(), archiver=archives if policy.archive_first else None
    )
    for family, day, events in report.dropped:
        print(f"dropped {family} on {day}: {events} events")
    for family, day, reason in report.kept:
        print(f"kept {family} on {day}: {reason}", file=sys.stderr)
    return 1 if report.kept else 0
