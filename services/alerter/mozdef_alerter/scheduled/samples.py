"""The events behind one finding: a sample, newest first, and the first and last time seen.

One search per finding (findings are few: they become alerts), with ``min``/``max`` aggregations on
``utctimestamp`` so first and last seen are exact however many events the group holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from mozdef_alerter.scheduled.groups import Window
from mozdef_common.query.aggs import Agg, MetricAgg
from mozdef_common.query.ast import Node
from mozdef_common.store.base import EventStore, SearchRequest

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_TIMES: Final[dict[str, Agg]] = {
    "first": MetricAgg("min", "utctimestamp"),
    "last": MetricAgg("max", "utctimestamp"),
}


@dataclass(slots=True)
class Described:
    total: int
    events: list[dict[str, Any]]
    first_seen: str | None
    last_seen: str | None


async def describe(store: EventStore, query: Node, window: Window, size: int) -> Described:
    """``size`` events matching ``query`` in ``window`` (newest first), their total and time span."""
    result = await store.search(
        SearchRequest(query, start=window.start, end=window.end, size=size, aggs=_TIMES)
    )
    aggs = result.aggregations or {}
    return Described(
        total=result.total,
        events=[{"id": h.id, "index": h.index, "source": h.source} for h in result.hits],
        first_seen=iso_of_ms(aggs.get("first", {}).get("value")),
        last_seen=iso_of_ms(aggs.get("last", {}).get("value")),
    )


def iso_of_ms(value: float | None) -> str | None:
    """Epoch milliseconds (what date min/max answer) as ISO-8601 UTC with microseconds."""
    if value is None:
        return None
    return (_EPOCH + timedelta(milliseconds=value)).isoformat()


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat()
