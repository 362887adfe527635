"""MozDef's event schema, kept: the top-level fields, their types and their defaults.

The hot path handles events as plain dicts; this module only names what those dicts hold.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from typing import Final

#: Top-level string fields of a normalized event.
STRING_FIELDS: Final = (
    "utctimestamp",
    "receivedtimestamp",
    "timestamp",
    "category",
    "source",
    "summary",
    "hostname",
    "processid",
    "processname",
    "severity",
    "eventsource",
)
#: Every top-level field a normalized event may hold; anything else moves under ``details``.
TOP_LEVEL_FIELDS: Final = frozenset((*STRING_FIELDS, "id", "tags", "details", "mozdef"))

#: Defaults for fields an incoming event leaves out (MozDef's, kept).
DEFAULTS: Final[dict[str, str]] = {
    "category": "event",
    "source": "UNKNOWN",
    "summary": "",
    "hostname": "UNKNOWN",
    "processid": "",
    "processname": "UNKNOWN",
    "severity": "INFO",
    "eventsource": "",
}

SEVERITIES: Final = (
    "DEBUG",
    "INFO",
    "NOTICE",
    "WARNING",
    "ERROR",
    "CRITICAL",
    "ALERT",
    "EMERGENCY",
)


def new_event_id() -> str:
    """A new event id: 48 bits of milliseconds then 80 random bits, hex (UUIDv7-like, sortable)."""
    ms = time.time_ns() // 1_000_000
    return f"{ms:012x}{os.urandom(10).hex()}"


def utc_iso(dt: datetime) -> str:
    """ISO-8601 in UTC with microseconds and a ``+00:00`` offset, the one form events store."""
    return dt.astimezone(UTC).isoformat(timespec="microseconds")


def utcnow_iso() -> str:
    return utc_iso(datetime.now(UTC))


def index_day(utctimestamp: str) -> str:
    """``YYYYMMDD`` of a stored ISO timestamp (the daily index an event belongs to)."""
    return utctimestamp[0:4] + utctimestamp[5:7] + utctimestamp[8:10]
