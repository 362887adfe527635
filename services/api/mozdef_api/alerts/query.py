"""The pure part of reading alerts: filters as state-store conditions, and the time buckets of the stats.

``q`` is a case-insensitive substring of ``summary``, ``category`` or ``rule_id``, not a Lucene query:
alerts live in the state store (where analysts change them), which matches fields, not full text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Final

from mozdef_common.errors import QueryError
from mozdef_common.event import utc_iso
from mozdef_common.query.timerange import parse_time

TEXT_FIELDS: Final = ("summary", "category", "rule_id")
MAX_BUCKETS: Final = 200
_INTERVAL = re.compile(r"^([1-9][0-9]{0,5})([smhdw])$")
_UNITS: Final = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def time_window(start: str | None, end: str | None, now: datetime) -> dict[str, str]:
    """``{"$gte": start, "$lte": end}`` on stored ``utctimestamp`` strings; bounds are inclusive."""
    window: dict[str, str] = {}
    if start:
        window["$gte"] = utc_iso(parse_time(start, now=now))
    if end:
        window["$lte"] = utc_iso(parse_time(end, now=now))
    return window


def alert_filter(
    *,
    q: str | None = None,
    severity: Sequence[str] = (),
    status: Sequence[str] = (),
    rule_id: str | None = None,
    category: str | None = None,
    assignee: str | None = None,
    start: str | None = None,
    end: str | None = None,
    now: datetime,
) -> dict[str, Any]:
    """The ``where`` of :meth:`Collection.find` that the list filters name (all must hold)."""
    where: dict[str, Any] = {}
    if severity:
        where["severity"] = {"$in": sorted({s.upper() for s in severity})}
    if status:
        where["status"] = {"$in": sorted(set(status))}
    for name, value in (("rule_id", rule_id), ("category", category), ("assignee", assignee)):
        if value is not None:
            where[name] = value
    window = time_window(start, end, now)
    if window:
        where["utctimestamp"] = window
    if q and q.strip():
        where["$or"] = [{name: {"$icontains": q.strip()}} for name in TEXT_FIELDS]
    return where


def parse_interval(text: str) -> timedelta:
    """``30s``, ``15m``, ``1h``, ``1d``, ``1w`` as a duration; :class:`QueryError` otherwise."""
    match = _INTERVAL.fullmatch(text.strip())
    if not match:
        raise QueryError(f"invalid interval {text!r}: a number and one unit of s m h d w, like 1h")
    return timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2)])


def bucket_starts(start: datetime, end: datetime, interval: timedelta) -> list[datetime]:
    """Starts of the buckets covering ``[start, end]``, aligned on multiples of ``interval``.

    Aligned on the epoch (like date histograms), so the same alert falls in the same bucket whatever
    window a chart asks for. At most :data:`MAX_BUCKETS`: each bucket costs one store call.
    """
    if end < start:
        raise QueryError("end is before start")
    step = int(interval.total_seconds())
    first = datetime.fromtimestamp(int(start.timestamp()) // step * step, start.tzinfo)
    count = int((end - first) / interval) + 1
    if count > MAX_BUCKETS:
        raise QueryError(f"{count} buckets: at most {MAX_BUCKETS}, use a wider interval or a shorter window")
    return [first + interval * i for i in range(count)]
