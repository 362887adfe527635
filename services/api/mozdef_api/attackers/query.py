"""The pure part of reading attackers: the list's filters as state-store conditions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mozdef_api.attackers import score
from mozdef_common.event import utc_iso
from mozdef_common.query.timerange import parse_time


def attacker_filter(
    *,
    q: str | None = None,
    min_score: float | None = None,
    category: str | None = None,
    country: str | None = None,
    phase: str | None = None,
    since: str | None = None,
    now: datetime,
) -> dict[str, Any]:
    """The ``where`` of :meth:`Collection.find`; merged profiles (aliases) are never listed."""
    where: dict[str, Any] = {"alias_of": None}
    if q and q.strip():
        where["text"] = {"$icontains": q.strip()}
    if min_score is not None:
        where["rank"] = {"$gte": score.threshold(min_score, now)}
    if category:
        where["category_names"] = {"$contains": category}
    if country:
        where["country_codes"] = {"$contains": country.strip().upper()}
    if phase:
        where["phase"] = phase
    if since:
        where["last_seen"] = {"$gte": utc_iso(parse_time(since, now=now))}
    return where


def attacker_sort(sort: str) -> list[tuple[str, int]]:
    return [("rank", -1), ("id", 1)] if sort == "score" else [("last_seen", -1), ("id", 1)]
