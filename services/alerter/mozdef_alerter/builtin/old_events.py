"""``mozdef.pipeline.old_events``: events that arrive long after they happened.

A Python rule because the query language compares a field with a value, never two fields of one
event: "``utctimestamp`` more than an hour before ``receivedtimestamp``" cannot be a query. A query
against the clock (``utctimestamp:<now-1h``) would be, but it would measure the alerter's own lag too
and fire on every replay of an archive; the difference between the two timestamps enrichment wrote
is what says a shipper (or a relay before ingest) is holding events back, or a host's clock is
wrong. Lag inside the pipeline after ingest is the bus lag metric's job, not an alert's.

Registered like every Python rule, in the ``mozdef.rules`` entry point group.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Final

from mozdef_common.store.common import parse_utc
from mozdef_common.types import Event

MAX_LAG: Final = timedelta(hours=1)


def lag_of(event: Event) -> timedelta | None:
    """How long after it happened ``event`` reached ingest, or None when a timestamp is unreadable."""
    happened = parse_utc(event.get("utctimestamp"))
    received = parse_utc(event.get("receivedtimestamp"))
    if happened is None or received is None:
        return None
    return received - happened


def describe_lag(lag: timedelta) -> str:
    hours, rest = divmod(int(lag.total_seconds()), 3600)
    if hours >= 48:
        return f"{hours // 24} days"
    return f"{hours} h {rest // 60} min"


class OldEvents:
    id = "mozdef.pipeline.old_events"
    name = "Old events arriving"
    description = (
        "Events that reached ingest more than an hour after their own timestamp: a shipper holding "
        "events back (a full queue, a network outage being caught up), or a host whose clock is wrong. "
        "One alert per source and host per hour."
    )
    query = "*"
    severity = "WARNING"
    category = "pipeline"
    tags = ["pipeline", "lag", "old-events"]
    summary = "Events from {hostname} ({source}) arriving late"
    dedup = {"key": ["source", "hostname"], "window": "1h"}
    max_lag = MAX_LAG

    def on_event(self, event: Event) -> dict[str, Any] | None:
        lag = lag_of(event)
        if lag is None or lag <= self.max_lag:
            return None
        host, source = event.get("hostname"), event.get("source")
        return {
            "summary": f"Events from {host} ({source}) arrive {describe_lag(lag)} after they happened",
            "group": {"source": source, "hostname": host},
        }
