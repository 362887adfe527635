"""Aggregation responses computed by hand, in the shape :mod:`mozdef_common.query.aggs` documents.

Plain Python over a list of events (``Counter``, sorting, flooring); no store code is used.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from mozdef_common.types import Event
from tests.conformance.semantics import numbers, strings

Events = list[Event]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _key_order(item: tuple[Any, int]) -> tuple[int, int, float, str]:
    """doc_count descending, then numbers before strings, numbers by value, strings by code point."""
    key, count = item
    if isinstance(key, str):
        return (-count, 1, 0.0, key)
    return (-count, 0, float(key), "")


def terms(
    events: Events,
    values: Callable[[Event], Iterable[Any]],
    size: int,
    sub: Callable[[Events], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Each event counted once per distinct value; the top ``size``; the rest and the missing."""
    counts: Counter[Any] = Counter()
    missing = 0
    for event in events:
        distinct = set(values(event))
        counts.update(distinct)
        missing += not distinct
    ranked = sorted(counts.items(), key=_key_order)
    buckets = []
    for key, count in ranked[:size]:
        bucket: dict[str, Any] = {"key": key, "doc_count": count}
        if sub is not None:
            bucket.update(sub([e for e in events if key in set(values(e))]))
        buckets.append(bucket)
    return {
        "buckets": buckets,
        "sum_other_doc_count": sum(count for _, count in ranked[size:]),
        "missing": missing,
    }


_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


def _number_key(value: float) -> Any:
    return int(value) if float(value).is_integer() else value


def details_keys(path: str) -> Callable[[Event], list[Any]]:
    """Terms keys under details, as query/aggs.py documents them: strings as strings, numbers and
    strings of JSON number text as numbers (integral ones as int), "true"/"false" not counted."""

    def keys(event: Event) -> list[Any]:
        out: list[Any] = []
        for text in strings(event, path):
            if text in ("true", "false"):
                continue
            out.append(_number_key(float(text)) if _JSON_NUMBER.fullmatch(text) else text)
        out += [_number_key(v) for v in numbers(event, path)]
        return out

    return keys


def stamp(event: Event, field: str) -> datetime:
    return datetime.fromisoformat(event[field])


def _ms(instant: datetime) -> int:
    return (instant - EPOCH) // timedelta(milliseconds=1)


def _key_as_string(start_ms: int, zone: tzinfo, utc_zone: bool) -> str:
    instant = EPOCH + timedelta(milliseconds=start_ms)
    if utc_zone:
        return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"
    local = instant.astimezone(zone)
    offset = local.strftime("%z")
    return local.strftime("%Y-%m-%dT%H:%M:%S.") + f"{local.microsecond // 1000:03d}{offset[:3]}:{offset[3:]}"


def date_histogram(
    events: Events,
    start_of: Callable[[datetime], datetime],
    step: Callable[[datetime], datetime],
    zone: tzinfo,
    *,
    field: str = "utctimestamp",
    min_doc_count: int = 0,
    utc_zone: bool = True,
    sub: Callable[[Events], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Buckets keyed by their local start (``start_of`` an instant in ``zone``), first to last filled."""
    groups: dict[datetime, Events] = {}
    for event in events:
        local = stamp(event, field).astimezone(zone)
        groups.setdefault(start_of(local), []).append(event)
    if not groups:
        return {"buckets": []}
    starts = []
    current, last = min(groups), max(groups)
    while current <= last:
        starts.append(current)
        current = step(current)
    buckets = []
    for begin in starts:
        members = groups.get(begin, [])
        if len(members) < max(min_doc_count, 0) or (min_doc_count > 0 and not members):
            continue
        key = _ms(begin)
        bucket: dict[str, Any] = {
            "key": key,
            "key_as_string": _key_as_string(key, zone, utc_zone),
            "doc_count": len(members),
        }
        if sub is not None:
            bucket.update(sub(members))
        buckets.append(bucket)
    return {"buckets": buckets}


def fixed(width: timedelta, zone: tzinfo) -> Callable[[datetime], datetime]:
    """Multiples of ``width`` since 1970-01-01T00:00 local time."""

    def start_of(local: datetime) -> datetime:
        wall = local.replace(tzinfo=None)
        since = wall - datetime(1970, 1, 1)
        floored = datetime(1970, 1, 1) + (since // width) * width
        return floored.replace(tzinfo=zone)

    return start_of


def histogram(events: Events, path: str, interval: float, min_doc_count: int = 0) -> dict[str, Any]:
    counts: Counter[float] = Counter()
    for event in events:
        for value in numbers(event, path):
            counts[math.floor(value / interval) * interval] += 1
    if not counts:
        return {"buckets": []}
    keys = sorted(counts)
    buckets = []
    key = keys[0]
    while key <= keys[-1]:
        if counts[key] >= max(min_doc_count, 1) or min_doc_count == 0:
            buckets.append({"key": float(key), "doc_count": counts[key]})
        key += interval
    return {"buckets": buckets}


def values_of(events: Events, path: str) -> list[float]:
    return [v for e in events for v in numbers(e, path)]


def stats(values: list[float]) -> dict[str, Any]:
    if not values:
        return {"count": 0, "min": None, "max": None, "avg": None, "sum": 0.0}
    return {
        "count": len(values),
        "min": float(min(values)),
        "max": float(max(values)),
        "avg": sum(values) / len(values),
        "sum": float(sum(values)),
    }


def date_ms(events: Events, field: str) -> list[float]:
    return [float(_ms(stamp(e, field))) for e in events]
