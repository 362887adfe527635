"""Families and UTC days as archives and retention name them, and the store's days with their counts."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Final

from mozdef_common.archive.errors import ArchiveError
from mozdef_common.store import EventStore

FAMILIES: Final = ("events", "alerts", "deadletter")
_INDEX: Final = re.compile(r"(.*)-(\d{8})")


def check_family(family: str) -> str:
    if family not in FAMILIES:
        raise ArchiveError(f"unknown family {family!r}: one of {', '.join(FAMILIES)}")
    return family


def parse_day(text: str) -> date:
    """``YYYY-MM-DD`` (or ``YYYYMMDD``) as a date."""
    try:
        if len(text) == 8 and text.isdigit():
            return datetime.strptime(text, "%Y%m%d").date()
        return date.fromisoformat(text)
    except ValueError:
        raise ArchiveError(f"day {text!r} is not YYYY-MM-DD") from None


def archive_id(family: str, day: date) -> str:
    """The id of the archive of a family's day, also the source index name without any prefix."""
    return f"{family}-{day:%Y%m%d}"


def parse_archive_id(text: str) -> tuple[str, date]:
    match = _INDEX.fullmatch(text)
    if not match:
        raise ArchiveError(f"archive id {text!r} is not <family>-YYYYMMDD")
    return check_family(match.group(1)), parse_day(match.group(2))


def day_window(day: date) -> tuple[datetime, datetime]:
    """The first and last microsecond of a UTC day."""
    start = datetime.combine(day, time(), tzinfo=UTC)
    return start, start + timedelta(days=1) - timedelta(microseconds=1)


def today_utc(now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(UTC).date()


async def store_days(store: EventStore) -> dict[tuple[str, date], int]:
    """Every (family, day) the store holds, with its event count. Index names may carry a prefix
    (OpenSearch's ``MOZDEF_OPENSEARCH_INDEX_PREFIX``): the family is the known one they end with."""
    found: dict[tuple[str, date], int] = {}
    for name, count in await store.indices():
        match = _INDEX.fullmatch(name)
        if not match:
            continue
        family = next((f for f in FAMILIES if match.group(1).endswith(f)), None)
        if family is None:
            continue
        try:
            day = datetime.strptime(match.group(2), "%Y%m%d").date()
        except ValueError:
            continue
        found[(family, day)] = found.get((family, day), 0) + count
    return found


async def day_count(store: EventStore, family: str, day: date) -> int:
    """Events the store holds for a family's day (0 when the day is absent)."""
    return (await store_days(store)).get((family, day), 0)
