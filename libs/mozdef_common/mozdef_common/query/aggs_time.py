"""Time buckets of ``date_histogram``, shared by every store: intervals, time zones, bucket starts.

A bucket starts on local wall-clock time in the aggregation's zone (see :mod:`.aggs`): the start of
a fixed interval is the local time rounded down to a multiple of the interval since
1970-01-01T00:00 local, the start of a calendar interval the start of the local minute, hour,
day, ISO week, month, quarter or year. Local starts are turned back into UTC with the zone's
offset at that wall time (zoneinfo, ``fold=0``), so a DST day lasts 23 or 25 hours.
Times here are integers: microseconds since the epoch, as the tantivy store keeps them.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Final

from mozdef_common.errors import QueryError

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_NAIVE: Final = datetime(1970, 1, 1)
_MICRO: Final = timedelta(microseconds=1)
_FIXED: Final = re.compile(r"(\d{1,9})(ms|s|m|h|d)")
_FIXED_UNITS: Final = {"ms": 1_000, "s": 1_000_000, "m": 60_000_000, "h": 3_600_000_000, "d": 86_400_000_000}
_OFFSET: Final = re.compile(r"([+-])(\d{2}):(\d{2})")
CALENDAR_UNITS: Final = ("minute", "hour", "day", "week", "month", "quarter", "year")
_CALENDAR_ALIASES: Final = {"1m": "minute", "1h": "hour", "1d": "day", "1w": "week", "1M": "month"}
_CALENDAR_ALIASES_MORE: Final = {"1q": "quarter", "1y": "year"}


def parse_fixed_interval(text: str) -> int:
    """Microseconds of a fixed interval like ``30s``, ``5m``, ``1h``, ``1d``, ``500ms``."""
    match = _FIXED.fullmatch(text.strip())
    if not match or int(match.group(1)) == 0:
        raise QueryError(f"fixed_interval {text!r}: write a positive number and one of ms s m h d, like 5m")
    return int(match.group(1)) * _FIXED_UNITS[match.group(2)]


def parse_calendar_interval(text: str) -> str:
    """The calendar unit ``text`` names (``month`` or ``1M`` -> ``month``)."""
    unit = _CALENDAR_ALIASES.get(text) or _CALENDAR_ALIASES_MORE.get(text) or text
    if unit not in CALENDAR_UNITS:
        raise QueryError(
            f"calendar_interval {text!r}: use one of {', '.join(CALENDAR_UNITS)} (or 1m 1h 1d 1w 1M 1q 1y)"
        )
    return unit


def check_time_zone(name: str) -> tzinfo:
    """The zone of an IANA name (``Europe/Paris``), ``UTC`` or an offset ``±HH:MM``."""
    if name in ("UTC", "Z"):
        return UTC
    match = _OFFSET.fullmatch(name)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        hours, minutes = int(match.group(2)), int(match.group(3))
        if hours > 18 or minutes > 59:
            raise QueryError(f"time_zone {name!r}: offsets range from -18:00 to +18:00")
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise QueryError(f"time_zone {name!r}: use an IANA name like Europe/Paris, UTC, or +01:00") from None


def key_as_string(key_ms: int, zone: tzinfo) -> str:
    """A bucket key as Elasticsearch prints it: ``2026-11-27T00:00:00.000Z`` or ``…+01:00``."""
    local = (_EPOCH + timedelta(milliseconds=key_ms)).astimezone(zone)
    offset = local.utcoffset() or timedelta(0)
    if not offset:
        suffix = "Z"
    else:
        minutes = int(offset.total_seconds()) // 60
        sign = "-" if minutes < 0 else "+"
        suffix = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return f"{local:%Y-%m-%dT%H:%M:%S}.{local.microsecond // 1000:03d}{suffix}"


class Buckets:
    """Bucket starts of one date_histogram: ``floor`` an instant, ``next`` start after a start."""

    def __init__(self, fixed_interval: str | None, calendar_interval: str | None, time_zone: str) -> None:
        self.zone = check_time_zone(time_zone)
        self.fixed = parse_fixed_interval(fixed_interval) if fixed_interval else None
        self.unit = parse_calendar_interval(calendar_interval) if calendar_interval else None
        if (self.fixed is None) == (self.unit is None):
            raise QueryError("give exactly one of fixed_interval and calendar_interval")

    @property
    def is_utc_fixed(self) -> bool:
        """Buckets are plain multiples of the interval since the epoch (a histogram computes them)."""
        if self.fixed is None:
            return self.unit in ("minute", "hour", "day") and self._offset_free()
        return self._offset_free()

    @property
    def width(self) -> int:
        """The width in microseconds of every bucket, when :attr:`is_utc_fixed`."""
        if self.fixed is not None:
            return self.fixed
        return {"minute": 60_000_000, "hour": 3_600_000_000, "day": 86_400_000_000}[self.unit or ""]

    def _offset_free(self) -> bool:
        return self.zone is UTC or self.zone.utcoffset(None) == timedelta(0)

    def floor(self, micros: int) -> int:
        local = self._local(micros)
        if self.fixed is not None:
            since = (local - _EPOCH_NAIVE) // _MICRO
            return self._utc(_EPOCH_NAIVE + timedelta(microseconds=since - since % self.fixed))
        return self._utc(self._calendar_floor(local))

    def next(self, start: int) -> int:
        """The start of the bucket after the one starting at ``start`` (always later)."""
        local = self._local(start)
        if self.fixed is not None:
            candidate = self._utc(local + timedelta(microseconds=self.fixed))
        else:
            candidate = self._utc(_add_unit(self._calendar_floor(local), self.unit or ""))
        # A DST gap or fold can map two local starts to one instant: step past it.
        return candidate if candidate > start else start + (self.fixed or 3_600_000_000)

    def starts(self, lo: int, hi: int, limit: int) -> list[int]:
        """Bucket starts covering [lo, hi], plus the end of the last bucket; QueryError past limit."""
        out = [self.floor(lo)]
        while out[-1] <= hi:
            if len(out) > limit:
                raise QueryError(f"date_histogram would make more than {limit} buckets: widen the interval")
            out.append(self.next(out[-1]))
        return out

    def _local(self, micros: int) -> datetime:
        return (_EPOCH + timedelta(microseconds=micros)).astimezone(self.zone).replace(tzinfo=None)

    def _utc(self, local: datetime) -> int:
        return (local.replace(tzinfo=self.zone) - _EPOCH) // _MICRO

    def _calendar_floor(self, local: datetime) -> datetime:
        unit = self.unit
        if unit == "minute":
            return local.replace(second=0, microsecond=0)
        if unit == "hour":
            return local.replace(minute=0, second=0, microsecond=0)
        day = local.replace(hour=0, minute=0, second=0, microsecond=0)
        if unit == "day":
            return day
        if unit == "week":
            return day - timedelta(days=day.weekday())
        if unit == "month":
            return day.replace(day=1)
        if unit == "quarter":
            return day.replace(day=1, month=(day.month - 1) // 3 * 3 + 1)
        return day.replace(day=1, month=1)


def _add_unit(local: datetime, unit: str) -> datetime:
    if unit in ("minute", "hour", "day", "week"):
        step = {"minute": timedelta(minutes=1), "hour": timedelta(hours=1)}.get(unit)
        return local + (step or timedelta(days=7 if unit == "week" else 1))
    months = {"month": 1, "quarter": 3, "year": 12}[unit]
    index = local.year * 12 + local.month - 1 + months
    return local.replace(year=index // 12, month=index % 12 + 1)
