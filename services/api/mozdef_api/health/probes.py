"""What the health answer reads from the event store: rates, dead letters, indices.

Every figure is a count (``size`` 0 or 1) restricted by a range on a date field, so the store answers
from its index without loading events. Rates go by ``receivedtimestamp`` (when ingest took the event
in), because ``utctimestamp`` is the event's own clock and a shipper replaying yesterday's logs is
traffic now. The daily indices are picked by ``utctimestamp``, so the search spans ``LATE`` before the
window: an event received now with a timestamp older than that is left out of the rate.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Final

from mozdef_api.health.model import DeadLetters, Family, Rate, Rates, StoreStatus
from mozdef_common.event import utc_iso
from mozdef_common.query.ast import Range
from mozdef_common.store import EventStore
from mozdef_common.store.base import SearchRequest

MINUTE: Final = timedelta(minutes=1)
HOUR: Final = timedelta(hours=1)
DAY: Final = timedelta(days=1)
LATE: Final = timedelta(days=1)


async def _count(store: EventStore, family: str, field: str, now: datetime, window: timedelta) -> int:
    request = SearchRequest(
        query=Range(field, utc_iso(now - window), None),
        start=now - window - (LATE if field != "utctimestamp" else timedelta(0)),
        size=0,
        family=family,
    )
    return (await store.search(request)).total


async def _newest_received(store: EventStore, now: datetime) -> str | None:
    request = SearchRequest(
        query=Range("receivedtimestamp", utc_iso(now - HOUR), None),
        start=now - HOUR - LATE,
        size=1,
        sort=(("receivedtimestamp", "desc"),),
    )
    hits = (await store.search(request)).hits
    value = hits[0].source.get("receivedtimestamp") if hits else None
    return value if isinstance(value, str) else None


def _rate(window: timedelta, events: int, deadletters: int) -> Rate:
    seconds = window.total_seconds()
    return Rate(
        window_s=int(seconds),
        in_per_s=round((events + deadletters) / seconds, 3),
        out_per_s=round(events / seconds, 3),
        events=events,
        deadletters=deadletters,
    )


async def rates(store: EventStore, now: datetime) -> tuple[Rates, DeadLetters]:
    """Events in and out over the last minute and hour, and dead letters stored in the last hour and day."""
    r = "receivedtimestamp"
    ev_min, ev_hour, dl_min, dl_hour, dead_hour, dead_day = await asyncio.gather(
        _count(store, "events", r, now, MINUTE),
        _count(store, "events", r, now, HOUR),
        _count(store, "deadletter", r, now, MINUTE),
        _count(store, "deadletter", r, now, HOUR),
        _count(store, "deadletter", "utctimestamp", now, HOUR),
        _count(store, "deadletter", "utctimestamp", now, DAY),
    )
    newest = await _newest_received(store, now) if ev_hour else None
    return (
        Rates(
            last_minute=_rate(MINUTE, ev_min, dl_min),
            last_hour=_rate(HOUR, ev_hour, dl_hour),
            last_event_received=newest,
        ),
        DeadLetters(last_hour=dead_hour, last_day=dead_day),
    )


def store_status(indices: list[tuple[str, int]]) -> StoreStatus:
    """Index counts and day ranges per family, from ``<family>-YYYYMMDD`` index names."""
    families: dict[str, Family] = {}
    for name, documents in sorted(indices):
        family, _, day = name.rpartition("-")
        if not family or len(day) != 8 or not day.isdigit():
            family, day = name, ""  # not a daily index: counted, with no day
        found = families.setdefault(family, Family(indices=0, documents=0))
        found.indices += 1
        found.documents += documents
        if day:
            iso = f"{day[:4]}-{day[4:6]}-{day[6:]}"
            found.oldest_day = min(found.oldest_day or iso, iso)
            found.newest_day = max(found.newest_day or iso, iso)
    return StoreStatus(reachable=True, families=families, indices=sorted(indices))
