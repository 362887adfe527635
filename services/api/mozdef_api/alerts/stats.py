"""``GET /api/v1/alerts/stats``: alert counts for charts, by severity per time bucket and by category.

One store count per bucket plus three for the totals, so the buckets are capped
(:data:`~.query.MAX_BUCKETS`) and a too fine interval is refused rather than slow.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request

from mozdef_api.alerts.query import bucket_starts, parse_interval
from mozdef_api.alerts.schemas import AlertStats, Bucket, StatsParams
from mozdef_api.alerts.store import alerts
from mozdef_common.event import utc_iso
from mozdef_common.query.timerange import parse_time

router = APIRouter()


@router.get("/stats", response_model=AlertStats, summary="Alert counts by severity over time and by category")
async def alert_stats(request: Request, params: Annotated[StatsParams, Query()]) -> AlertStats:
    start, end, interval = params.start, params.end, params.interval
    now = datetime.now(UTC)
    since, until = parse_time(start, now=now), parse_time(end, now=now)
    step = parse_interval(interval)
    starts = bucket_starts(since, until, step)
    collection = alerts(request.app.state.state)
    window = {"utctimestamp": {"$gte": utc_iso(since), "$lte": utc_iso(until)}}
    total = await collection.count(window)
    by_severity = await collection.count_by("severity", window)
    by_category = await collection.count_by("category", window)
    buckets: list[Bucket] = []
    for first in starts:
        # The outer window's bounds still hold, so the first and last buckets are clipped to it.
        bounds = {"$gte": utc_iso(max(first, since)), "$lt": utc_iso(first + step), "$lte": utc_iso(until)}
        where = {"utctimestamp": bounds}
        counts = await collection.count_by("severity", where) if total else {}
        buckets.append(Bucket(start=utc_iso(first), total=sum(counts.values()), by_severity=counts))
    return AlertStats(
        start=utc_iso(since),
        end=utc_iso(until),
        interval=interval,
        total=total,
        by_severity=by_severity,
        by_category=by_category,
        buckets=buckets,
    )
