"""The aggregation cases: an Elasticsearch-style spec, the events its query selects (a predicate),
and the exact response, computed by hand with :mod:`.agg_shapes`."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from mozdef_common.types import Event
from tests.conformance.agg_shapes import (
    Events,
    date_histogram,
    date_ms,
    details_keys,
    fixed,
    histogram,
    stats,
    terms,
    values_of,
)
from tests.conformance.semantics import numbers, paths, strings


@dataclass(frozen=True, slots=True)
class AggCase:
    id: str
    q: str
    select: Callable[[Event], bool]
    spec: dict[str, Any]
    expect: Callable[[Events], dict[str, Any]]
    start: str | None = None
    end: str | None = None
    #: A known bug of the embedded store: xfail(strict=True) there, with this reason.
    xfail: str | None = None


NY = ZoneInfo("America/New_York")
PLUS2 = timezone(timedelta(hours=2))


def _day(local: datetime) -> datetime:
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _next_day(begin: datetime) -> datetime:
    # Calendar days: the next local midnight (23 or 25 hours across a DST change).
    nxt = (begin.replace(tzinfo=None) + timedelta(days=1)).replace(tzinfo=begin.tzinfo)
    return nxt


def _hour(local: datetime) -> datetime:
    return local.replace(minute=0, second=0, microsecond=0)


def _week(local: datetime) -> datetime:
    return _day(local) - timedelta(days=local.weekday())


def _month(local: datetime) -> datetime:
    return _day(local).replace(day=1)


def _next_month(begin: datetime) -> datetime:
    return begin.replace(year=begin.year + begin.month // 12, month=begin.month % 12 + 1)


def _every(step: timedelta) -> Callable[[datetime], datetime]:
    return lambda begin: begin + step


def _is(category: str) -> Callable[[Event], bool]:
    return lambda e: e["category"] == category


AGG_CASES = [
    AggCase(
        "a01-terms-category-all",
        "*",
        lambda e: True,
        {"c": {"terms": {"field": "category"}}},
        lambda ev: {"c": terms(ev, lambda e: [e["category"]], 10)},
    ),
    AggCase(
        "a02-terms-hostname-top3-other",
        "*",
        lambda e: True,
        {"h": {"terms": {"field": "hostname", "size": 3}}},
        lambda ev: {"h": terms(ev, lambda e: [e["hostname"]], 3)},
    ),
    AggCase(
        "a03-terms-tags-multivalued-missing",
        "*",
        lambda e: True,
        {"t": {"terms": {"field": "tags", "size": 5}}},
        lambda ev: {"t": terms(ev, lambda e: e["tags"], 5)},
    ),
    AggCase(
        "a04-terms-severity-filtered",
        "category:windows",
        _is("windows"),
        {"s": {"terms": {"field": "severity", "size": 4}}},
        lambda ev: {"s": terms(ev, lambda e: [e["severity"]], 4)},
    ),
    AggCase(
        "a05-terms-details-string",
        "category:firewall OR category:proxy",
        lambda e: e["category"] in ("firewall", "proxy"),
        {"a": {"terms": {"field": "details.action"}}},
        lambda ev: {"a": terms(ev, details_keys("action"), 10)},
    ),
    AggCase(
        "a06-terms-details-numbers-and-strings",
        "category:firewall",
        _is("firewall"),
        {"p": {"terms": {"field": "details.destinationport", "size": 20}}},
        lambda ev: {"p": terms(ev, details_keys("destinationport"), 20)},
    ),
    AggCase(
        "a06b-terms-details-username",
        "category:authentication",
        _is("authentication"),
        {"u": {"terms": {"field": "details.username", "size": 5}}},
        lambda ev: {"u": terms(ev, details_keys("username"), 5)},
    ),
    AggCase(
        "a06c-terms-details-type-conflict-strings-only",
        "*",
        lambda e: True,
        {"u": {"terms": {"field": "details.user", "size": 6}}},
        lambda ev: {"u": terms(ev, details_keys("user"), 6)},
    ),
    AggCase(
        "a06d-terms-details-integers",
        "category:authentication",
        _is("authentication"),
        {"p": {"terms": {"field": "details.sourceport", "size": 3}}},
        lambda ev: {"p": terms(ev, details_keys("sourceport"), 3)},
    ),
    AggCase(
        "a07-terms-details-nested-object-leaf",
        "*",
        lambda e: True,
        {"u": {"terms": {"field": "details.user.name", "size": 4}}},
        lambda ev: {"u": terms(ev, details_keys("user.name"), 4)},
    ),
    AggCase(
        "a08-terms-details-numbers",
        "category:proxy",
        _is("proxy"),
        {"s": {"terms": {"field": "details.http.status"}}},
        lambda ev: {"s": terms(ev, details_keys("http.status"), 10)},
    ),
    AggCase(
        "a09-terms-booleans-are-not-counted",
        "category:authentication",
        _is("authentication"),
        {"b": {"terms": {"field": "details.success"}}},
        # Booleans make no bucket, and an event that has the field is not missing it.
        lambda ev: {
            "b": {
                "buckets": [],
                "sum_other_doc_count": 0,
                "missing": sum("success" not in paths(e) for e in ev),
            }
        },
    ),
    AggCase(
        "a10-terms-in-a-window",
        "*",
        lambda e: True,
        {"c": {"terms": {"field": "category", "size": 2}}},
        lambda ev: {"c": terms(ev, lambda e: [e["category"]], 2)},
        start="2026-11-21T06:00:00Z",
        end="2026-11-21T18:00:00Z",
    ),
    AggCase(
        "a11-terms-nothing-matches",
        "category:nothing-at-all",
        lambda e: False,
        {"c": {"terms": {"field": "category"}}, "s": {"stats": {"field": "details.bytes"}}},
        lambda ev: {"c": terms(ev, lambda e: [e["category"]], 10), "s": stats([])},
    ),
    AggCase(
        "a12-date-histogram-fixed-1d",
        "*",
        lambda e: True,
        {"d": {"date_histogram": {"field": "utctimestamp", "fixed_interval": "1d"}}},
        lambda ev: {"d": date_histogram(ev, fixed(timedelta(days=1), UTC), _every(timedelta(days=1)), UTC)},
    ),
    AggCase(
        "a13-date-histogram-fixed-6h-filtered",
        "category:cloudtrail",
        _is("cloudtrail"),
        {"d": {"date_histogram": {"fixed_interval": "6h"}}},
        lambda ev: {"d": date_histogram(ev, fixed(timedelta(hours=6), UTC), _every(timedelta(hours=6)), UTC)},
    ),
    AggCase(
        "a14-date-histogram-calendar-day-new-york",
        "*",
        lambda e: True,
        {"d": {"date_histogram": {"calendar_interval": "day", "time_zone": "America/New_York"}}},
        lambda ev: {"d": date_histogram(ev, _day, _next_day, NY, utc_zone=False)},
    ),
    AggCase(
        "a15-date-histogram-calendar-hour-min-doc-count",
        "category:windows AND severity:CRITICAL",
        lambda e: e["category"] == "windows" and e["severity"] == "CRITICAL",
        {"d": {"date_histogram": {"calendar_interval": "1h", "min_doc_count": 1}}},
        lambda ev: {"d": date_histogram(ev, _hour, _every(timedelta(hours=1)), UTC, min_doc_count=1)},
    ),
    AggCase(
        "a16-date-histogram-empty-buckets-filled",
        "category:windows AND severity:CRITICAL",
        lambda e: e["category"] == "windows" and e["severity"] == "CRITICAL",
        {"d": {"date_histogram": {"fixed_interval": "30m"}}},
        lambda ev: {
            "d": date_histogram(ev, fixed(timedelta(minutes=30), UTC), _every(timedelta(minutes=30)), UTC)
        },
    ),
    AggCase(
        "a17-date-histogram-receivedtimestamp",
        "category:proxy",
        _is("proxy"),
        {"d": {"date_histogram": {"field": "receivedtimestamp", "fixed_interval": "12h"}}},
        lambda ev: {
            "d": date_histogram(
                ev,
                fixed(timedelta(hours=12), UTC),
                _every(timedelta(hours=12)),
                UTC,
                field="receivedtimestamp",
            )
        },
    ),
    AggCase(
        "a18-date-histogram-week-offset-zone",
        "*",
        lambda e: True,
        {"d": {"date_histogram": {"calendar_interval": "week", "time_zone": "+02:00"}}},
        lambda ev: {"d": date_histogram(ev, _week, _every(timedelta(days=7)), PLUS2, utc_zone=False)},
    ),
    AggCase(
        "a19-date-histogram-month",
        "*",
        lambda e: True,
        {"d": {"date_histogram": {"calendar_interval": "month"}}},
        lambda ev: {"d": date_histogram(ev, _month, _next_month, UTC)},
    ),
    AggCase(
        "a20-date-histogram-fixed-1d-offset-zone",
        "*",
        lambda e: True,
        {"d": {"date_histogram": {"fixed_interval": "1d", "time_zone": "+02:00"}}},
        lambda ev: {
            "d": date_histogram(
                ev, fixed(timedelta(days=1), PLUS2), _every(timedelta(days=1)), PLUS2, utc_zone=False
            )
        },
    ),
    AggCase(
        "a21-histogram-bytes",
        "category:firewall",
        _is("firewall"),
        {"h": {"histogram": {"field": "details.bytes", "interval": 10000}}},
        lambda ev: {"h": histogram(ev, "bytes", 10000)},
    ),
    AggCase(
        "a22-histogram-status-min-doc-count",
        "*",
        lambda e: True,
        {"h": {"histogram": {"field": "details.http.status", "interval": 100, "min_doc_count": 1}}},
        lambda ev: {"h": histogram(ev, "http.status", 100, min_doc_count=1)},
    ),
    AggCase(
        "a23-histogram-float-interval",
        "category:proxy",
        _is("proxy"),
        {"h": {"histogram": {"field": "details.duration", "interval": 0.5}}},
        lambda ev: {"h": histogram(ev, "duration", 0.5)},
    ),
    AggCase(
        "a24-stats-bytes",
        "category:firewall",
        _is("firewall"),
        {"s": {"stats": {"field": "details.bytes"}}},
        lambda ev: {"s": stats(values_of(ev, "bytes"))},
    ),
    AggCase(
        "a25-min-max-avg-sum",
        "category:proxy",
        _is("proxy"),
        {
            "mn": {"min": {"field": "details.duration"}},
            "mx": {"max": {"field": "details.duration"}},
            "av": {"avg": {"field": "details.duration"}},
            "sm": {"sum": {"field": "details.duration"}},
        },
        lambda ev: {
            "mn": {"value": float(min(values_of(ev, "duration")))},
            "mx": {"value": float(max(values_of(ev, "duration")))},
            "av": {"value": sum(values_of(ev, "duration")) / len(values_of(ev, "duration"))},
            "sm": {"value": float(sum(values_of(ev, "duration")))},
        },
    ),
    AggCase(
        "a26-metrics-of-nothing",
        "category:proxy",
        _is("proxy"),
        {"mn": {"min": {"field": "details.eventid"}}, "sm": {"sum": {"field": "details.eventid"}}},
        lambda ev: {"mn": {"value": None}, "sm": {"value": 0.0}},
    ),
    AggCase(
        "a27-stats-on-a-date",
        "category:windows",
        _is("windows"),
        {"s": {"stats": {"field": "utctimestamp"}}},
        lambda ev: {"s": stats(date_ms(ev, "utctimestamp"))},
    ),
    AggCase(
        "a28-cardinality-keyword",
        "*",
        lambda e: True,
        {"c": {"cardinality": {"field": "hostname"}}},
        lambda ev: {"c": {"value": len({e["hostname"] for e in ev})}},
    ),
    AggCase(
        "a29-cardinality-details-and-tags",
        "*",
        lambda e: True,
        {"u": {"cardinality": {"field": "details.username"}}, "t": {"cardinality": {"field": "tags"}}},
        lambda ev: {
            "u": {"value": len({v for e in ev for v in strings(e, "username")})},
            "t": {"value": len({t for e in ev for t in e["tags"]})},
        },
    ),
    AggCase(
        "a30-sub-terms-stats",
        "*",
        lambda e: True,
        {
            "c": {
                "terms": {"field": "category", "size": 3},
                "aggs": {"b": {"stats": {"field": "details.bytes"}}},
            }
        },
        lambda ev: {
            "c": terms(ev, lambda e: [e["category"]], 3, sub=lambda es: {"b": stats(values_of(es, "bytes"))})
        },
    ),
    AggCase(
        "a31-sub-terms-date-histogram",
        "category:authentication",
        _is("authentication"),
        {
            "h": {
                "terms": {"field": "hostname"},
                "aggs": {"d": {"date_histogram": {"fixed_interval": "1d"}}},
            }
        },
        lambda ev: {
            "h": terms(
                ev,
                lambda e: [e["hostname"]],
                10,
                sub=lambda es: {
                    "d": date_histogram(es, fixed(timedelta(days=1), UTC), _every(timedelta(days=1)), UTC)
                },
            )
        },
    ),
    AggCase(
        "a32-sub-date-histogram-terms",
        "category:firewall",
        _is("firewall"),
        {
            "d": {
                "date_histogram": {"calendar_interval": "day"},
                "aggs": {"a": {"terms": {"field": "details.action", "size": 2}}},
            }
        },
        lambda ev: {
            "d": date_histogram(
                ev, _day, _next_day, UTC, sub=lambda es: {"a": terms(es, details_keys("action"), 2)}
            )
        },
    ),
    AggCase(
        "a33-sub-histogram-cardinality",
        "category:proxy",
        _is("proxy"),
        {
            "h": {
                "histogram": {"field": "details.http.status", "interval": 100, "min_doc_count": 1},
                "aggs": {"u": {"cardinality": {"field": "details.destination"}}},
            }
        },
        lambda ev: {
            "h": {
                "buckets": [
                    {
                        **bucket,
                        "u": {
                            "value": len(
                                {
                                    v
                                    for e in ev
                                    if any(
                                        math.floor(s / 100) * 100 == bucket["key"]
                                        for s in numbers(e, "http.status")
                                    )
                                    for v in strings(e, "destination")
                                }
                            )
                        },
                    }
                    for bucket in histogram(ev, "http.status", 100, min_doc_count=1)["buckets"]
                ]
            }
        },
    ),
]
