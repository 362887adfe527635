"""Incident metrics: MTTD, MTTA, MTTC, MTTR and counts, over the incidents opened in a period.

The arithmetic is pure functions over incident and alert documents (tested on hand-built cases);
``GET /api/v1/stats/incidents`` loads the period's incidents page by page and the alerts they link to
in batches, then hands them over. docs/incidents.md defines each figure.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from mozdef_api.auth import Principal, requires
from mozdef_common.accounts import Action
from mozdef_common.event import utc_iso
from mozdef_common.query.timerange import parse_time

Reader = Annotated[Principal, Depends(requires(Action.READ))]
router = APIRouter(prefix="/api/v1/stats", tags=["stats"])
PAGE: Final = 1000
MAX_DAYS_FILLED: Final = 400  # past this, days without incidents are left out rather than listed as 0

Doc = Mapping[str, Any]


class Durations(BaseModel):
    """Seconds between two moments over the incidents that have both; None when none has."""

    mean_s: float | None
    median_s: float | None
    count: int


class IncidentStats(BaseModel):
    start: str
    end: str
    total: int
    mttd: Durations
    mtta: Durations
    mttc: Durations
    mttr: Durations
    by_phase: dict[str, int]
    by_severity: dict[str, int]
    by_veris_category: dict[str, int]
    opened_per_day: dict[str, int]


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None  # a hand-edited document: leave it out of the figure rather than fail the report


def summarize(seconds: Sequence[float]) -> Durations:
    if not seconds:
        return Durations(mean_s=None, median_s=None, count=0)
    return Durations(
        mean_s=statistics.fmean(seconds), median_s=statistics.median(seconds), count=len(seconds)
    )


def intervals(incidents: Iterable[Doc], start: str, end: str) -> list[float]:
    """Seconds from ``dates[start]`` to ``dates[end]`` of each incident holding both, negatives left out."""
    found: list[float] = []
    for incident in incidents:
        dates = incident.get("dates") or {}
        begin, finish = _time(dates.get(start)), _time(dates.get(end))
        if begin is not None and finish is not None and finish >= begin:
            found.append((finish - begin).total_seconds())
    return found


def alert_ids(incidents: Iterable[Doc]) -> set[str]:
    return {
        str(link["target"]) for i in incidents for link in i.get("links", []) if link.get("kind") == "alert"
    }


def acknowledgements(incidents: Iterable[Doc], alerts: Mapping[str, Doc]) -> list[float]:
    """Per incident linked to acknowledged alerts: its first acknowledgement minus its first alert's time."""
    found: list[float] = []
    for incident in incidents:
        linked = [alerts[i] for i in sorted(alert_ids([incident])) if i in alerts]
        fired = [t for t in (_time(a.get("utctimestamp")) for a in linked) if t is not None]
        acked = [t for t in (_time((a.get("acknowledged") or {}).get("at")) for a in linked) if t is not None]
        if fired and acked and min(acked) >= min(fired):
            found.append((min(acked) - min(fired)).total_seconds())
    return found


def opened_per_day(incidents: Iterable[Doc], start: datetime, end: datetime) -> dict[str, int]:
    """Incidents per UTC day they were opened, days in order; every day of a short period is listed."""
    counts = Counter(
        str(i["dates"]["opened"])[:10] for i in incidents if (i.get("dates") or {}).get("opened")
    )
    if end - start <= timedelta(days=MAX_DAYS_FILLED):
        day = start.date()
        while day < end.date() or (day == end.date() and end.time() != datetime.min.time()):
            counts.setdefault(day.isoformat(), 0)
            day += timedelta(days=1)
    return dict(sorted(counts.items()))


def incident_stats(
    incidents: Sequence[Doc], alerts: Mapping[str, Doc], start: datetime, end: datetime
) -> IncidentStats:
    """Every figure of the report for ``incidents`` (those opened in [start, end))."""
    categories: Counter[str] = Counter()
    for incident in incidents:
        categories.update({str(path).split(".", 1)[0] for path in incident.get("veris", [])})
    return IncidentStats(
        start=utc_iso(start),
        end=utc_iso(end),
        total=len(incidents),
        mttd=summarize(intervals(incidents, "opened", "reported")),
        mtta=summarize(acknowledgements(incidents, alerts)),
        mttc=summarize(intervals(incidents, "reported", "contained")),
        mttr=summarize(intervals(incidents, "reported", "closed")),
        by_phase=dict(Counter(str(i.get("phase")) for i in incidents)),
        by_severity=dict(Counter(str(i.get("severity")) for i in incidents)),
        by_veris_category=dict(categories),
        opened_per_day=opened_per_day(incidents, start, end),
    )


async def _all(collection: Any, where: Mapping[str, Any]) -> list[Doc]:
    docs: list[Doc] = []
    while True:
        total, page = await collection.find(
            where, limit=PAGE, offset=len(docs), sort=[("number", 1), ("id", 1)]
        )
        docs += page
        if not page or len(docs) >= total:
            return docs


@router.get("/incidents", response_model=IncidentStats, summary="MTTD, MTTA, MTTC, MTTR and counts")
async def incidents_report(
    request: Request,
    _: Reader,
    start: Annotated[str, Query(description="Incidents opened from (ISO-8601 or now-30d).")] = "now-30d",
    end: Annotated[str, Query(description="... until, exclusive.")] = "now",
) -> IncidentStats:
    begin, finish = parse_time(start), parse_time(end)
    state = request.app.state.state
    incidents = await _all(
        state.collection("incidents"), {"dates.opened": {"$gte": utc_iso(begin), "$lt": utc_iso(finish)}}
    )
    wanted = sorted(alert_ids(incidents))
    alerts: dict[str, Doc] = {}
    for at in range(0, len(wanted), PAGE):
        _, found = await state.collection("alerts").find({"id": {"$in": wanted[at : at + PAGE]}}, limit=PAGE)
        alerts.update((str(alert["id"]), alert) for alert in found)
    return incident_stats(incidents, alerts, begin, finish)
