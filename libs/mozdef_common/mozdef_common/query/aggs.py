"""Aggregations: one spec, the same response shape on every store.

Request (what an API user sends, Elasticsearch-style; :func:`parse_aggs` turns it into the model)::

    {"by_host": {"terms": {"field": "hostname", "size": 5},
                 "aggs": {"per_hour": {"date_histogram": {"field": "utctimestamp", "fixed_interval": "1h"}}}}}

==================  ==========================================================================
kind                parameters (anything else is refused)
==================  ==========================================================================
terms               field (keyword or details.<path>), size 1..1000 (default 10)
date_histogram      field (utctimestamp, receivedtimestamp, timestamp; default utctimestamp),
                    exactly one of fixed_interval (``<n>ms|s|m|h|d``) or calendar_interval
                    (minute hour day week month quarter year, or 1m 1h 1d 1w 1M 1q 1y),
                    time_zone (IANA name or ``±HH:MM``, default UTC), min_doc_count (default 0)
histogram           field (details.<path> holding numbers), interval > 0, min_doc_count (default 0)
stats min max       field (details.<path> holding numbers, or a date field: epoch milliseconds)
avg sum
cardinality         field (keyword, date, or details.<path>)
==================  ==========================================================================

At most :data:`MAX_AGGS` aggregations in a request (sub-aggregations included); bucket kinds
(terms, date_histogram, histogram) may hold ``aggs`` of any kind, one level deep only; a
histogram may not produce more than :data:`MAX_BUCKETS` buckets (the store refuses it with a
:class:`~mozdef_common.errors.QueryError` when it runs).

Response (``SearchResult.aggregations``: name -> result; both stores produce exactly this, no more keys)

* terms -> ``{"buckets": [{"key": k, "doc_count": n, <sub name>: <sub result>, ...}],
  "sum_other_doc_count": n, "missing": n}``. Keys of keyword fields are strings; under details,
  string values give string keys and numbers give number keys (an integral number is a JSON
  integer: ``22`` and ``22.0`` are the same key ``22``), and so does a string that is JSON number
  text (``"22"`` is the key ``22``: OpenSearch keeps details values as text and cannot tell them
  apart); booleans, the strings "true" and "false", and objects are not counted.
  Order: doc_count descending, then key ascending (numbers before strings, numbers by value,
  strings by code point). A multi-valued field (tags, a list under details) counts an event once
  per distinct value. ``sum_other_doc_count`` is the sum of the doc_counts of values left out;
  ``missing`` the matching events that do not have the field at all (an event whose only values
  there are booleans is neither in a bucket nor missing: OpenSearch sees it as present).
* date_histogram -> ``{"buckets": [{"key": epoch ms (int), "key_as_string": str, "doc_count": n,
  ...}]}`` in key order. A bucket starts on local wall-clock time in ``time_zone``: fixed intervals
  at multiples of the interval since 1970-01-01T00:00 local time, calendar intervals at the start
  of the local minute, hour, day, ISO week (Monday), month, quarter or year (DST-correct: a day
  may last 23 or 25 hours). ``key`` is that start as UTC epoch milliseconds, ``key_as_string`` the
  same instant as ``YYYY-MM-DDTHH:MM:SS.mmmZ`` in UTC, ``YYYY-MM-DDTHH:MM:SS.mmm±HH:MM`` in any
  other zone (:func:`mozdef_common.query.aggs_time.key_as_string`). With min_doc_count 0 every
  bucket from the first non-empty one to the last non-empty one is present, empty ones included
  (as Elasticsearch does without extended_bounds); otherwise only buckets with at least
  min_doc_count events. No matching event: no buckets.
* histogram -> ``{"buckets": [{"key": float, "doc_count": n, ...}]}``, key = floor(value /
  interval) * interval, in key order, empty buckets filled as for date_histogram.
* stats -> ``{"count": int, "min": float|null, "max": float|null, "avg": float|null, "sum": float}``
  (count 0: min, max, avg null and sum 0.0, as Elasticsearch).
* min, max, avg -> ``{"value": float|null}`` (null when no value); sum -> ``{"value": float}``
  (0.0 when no value).
* cardinality -> ``{"value": int}``: exact up to :data:`CARDINALITY_EXACT` distinct values,
  approximate above (HyperLogLog; OpenSearch: ``precision_threshold`` at least that).

Values counted: each value of the field in each matching event inside the search's start/end,
across every daily index the window touches.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal, TypeAlias

from mozdef_common.errors import QueryError
from mozdef_common.query.aggs_time import check_time_zone, parse_calendar_interval, parse_fixed_interval
from mozdef_common.query.fields import DATE_FIELDS, FieldKind, field_kind

MetricKind = Literal["stats", "min", "max", "avg", "sum", "cardinality"]
METRIC_KINDS: Final[tuple[MetricKind, ...]] = ("stats", "min", "max", "avg", "sum", "cardinality")
BUCKET_KINDS: Final = ("terms", "date_histogram", "histogram")

MAX_AGGS: Final = 10
MAX_TERMS_SIZE: Final = 1000
MAX_BUCKETS: Final = 10_000
CARDINALITY_EXACT: Final = 10_000


@dataclass(frozen=True, slots=True)
class TermsAgg:
    """Top ``size`` values of a keyword field, with the count of events missing it and of the rest."""

    field: str
    size: int = 10
    aggs: dict[str, Agg] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DateHistogramAgg:
    """Events per time bucket: ``fixed_interval`` ('30s', '5m', '1h', '1d') or ``calendar_interval``
    ('minute', 'hour', 'day', 'week', 'month', 'quarter', 'year') in ``time_zone``."""

    field: str = "utctimestamp"
    fixed_interval: str | None = None
    calendar_interval: str | None = None
    time_zone: str = "UTC"
    min_doc_count: int = 0
    aggs: dict[str, Agg] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class HistogramAgg:
    """Events per numeric bucket of width ``interval``."""

    field: str
    interval: float
    min_doc_count: int = 0
    aggs: dict[str, Agg] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MetricAgg:
    """One number (or, for stats, count/min/max/avg/sum) over a numeric or date field;
    ``cardinality`` counts distinct values of any aggregatable field."""

    kind: MetricKind
    field: str


Agg: TypeAlias = TermsAgg | DateHistogramAgg | HistogramAgg | MetricAgg
BucketAgg: TypeAlias = TermsAgg | DateHistogramAgg | HistogramAgg


def parse_aggs(spec: Mapping[str, Any]) -> dict[str, Agg]:
    """The model of an Elasticsearch-style ``aggs`` object; :class:`QueryError` names the
    aggregation and the problem."""
    if not isinstance(spec, Mapping):
        raise QueryError("aggs must be an object of named aggregations")
    parsed = _parse_level(spec, parent=None)
    total = sum(1 + len(getattr(a, "aggs", {})) for a in parsed.values())
    if total > MAX_AGGS:
        raise QueryError(f"too many aggregations: {total}, at most {MAX_AGGS} (sub-aggregations included)")
    return parsed


def _parse_level(spec: Mapping[str, Any], parent: str | None) -> dict[str, Agg]:
    out: dict[str, Agg] = {}
    for name, body in spec.items():
        where = f"aggregation {name!r}" + (f" (under {parent!r})" if parent else "")
        if not isinstance(name, str) or not name or name.startswith("_") or "[" in name or ">" in name:
            raise QueryError(
                f"{where}: a name is a non-empty string not starting with '_' nor holding [ or >"
            )
        if not isinstance(body, Mapping):
            raise QueryError(f'{where}: expected an object like {{"terms": {{"field": ...}}}}')
        kinds = [k for k in body if k != "aggs"]
        unknown = [k for k in kinds if k not in (*BUCKET_KINDS, *METRIC_KINDS)]
        if unknown or len(kinds) != 1:
            raise QueryError(
                f"{where}: name exactly one kind of {', '.join((*BUCKET_KINDS, *METRIC_KINDS))}"
                + (f", not {unknown[0]!r}" if unknown else "")
            )
        kind = kinds[0]
        params = body[kind]
        if not isinstance(params, Mapping):
            raise QueryError(f"{where}: the {kind} parameters must be an object")
        subs: dict[str, Agg] = {}
        if "aggs" in body:
            if kind not in BUCKET_KINDS:
                raise QueryError(f"{where}: a {kind} aggregation cannot hold sub-aggregations")
            if parent is not None:
                raise QueryError(f"{where}: only one level of sub-aggregations is supported")
            if not isinstance(body["aggs"], Mapping) or not body["aggs"]:
                raise QueryError(f"{where}: aggs must be a non-empty object of named aggregations")
            subs = _parse_level(body["aggs"], parent=name)
        out[name] = _build(where, kind, params, subs)
    return out


def _build(where: str, kind: str, params: Mapping[str, Any], subs: dict[str, Agg]) -> Agg:
    reader = _Params(where, kind, params)
    if kind == "terms":
        field = reader.field(keyword=True, details=True, date=False)
        size = reader.integer("size", 10, 1, MAX_TERMS_SIZE)
        reader.done()
        return TermsAgg(field, size, subs)
    if kind == "date_histogram":
        field = reader.field(keyword=False, details=False, date=True, default="utctimestamp")
        fixed = reader.text("fixed_interval")
        calendar = reader.text("calendar_interval")
        if (fixed is None) == (calendar is None):
            raise QueryError(f"{where}: give exactly one of fixed_interval and calendar_interval")
        try:
            if fixed is not None:
                parse_fixed_interval(fixed)
            if calendar is not None:
                calendar = parse_calendar_interval(calendar)
            zone = reader.text("time_zone") or "UTC"
            check_time_zone(zone)
        except QueryError as exc:
            raise QueryError(f"{where}: {exc}") from None
        min_count = reader.integer("min_doc_count", 0, 0, 2**31)
        reader.done()
        return DateHistogramAgg(field, fixed, calendar, zone, min_count, subs)
    if kind == "histogram":
        field = reader.field(keyword=False, details=True, date=False)
        interval = reader.number("interval")
        min_count = reader.integer("min_doc_count", 0, 0, 2**31)
        reader.done()
        return HistogramAgg(field, interval, min_count, subs)
    metric: MetricKind = next(k for k in METRIC_KINDS if k == kind)
    field = reader.field(keyword=kind == "cardinality", details=True, date=True)
    reader.done()
    return MetricAgg(metric, field)


class _Params:
    """Reads one aggregation's parameters, refusing unknown ones with the aggregation's name."""

    def __init__(self, where: str, kind: str, params: Mapping[str, Any]) -> None:
        self.where, self.kind, self.params = where, kind, params
        self.seen: set[str] = set()

    def get(self, key: str) -> Any:
        self.seen.add(key)
        return self.params.get(key)

    def field(self, *, keyword: bool, details: bool, date: bool, default: str | None = None) -> str:
        value = self.get("field") or default
        if not isinstance(value, str):
            raise QueryError(f"{self.where}: {self.kind} needs a field")
        try:
            kind = field_kind(value)
        except QueryError as exc:
            raise QueryError(f"{self.where}: {exc}") from None
        allowed = {FieldKind.KEYWORD: keyword, FieldKind.DETAILS: details, FieldKind.DATE: date}
        if not allowed.get(kind, False):
            what = [w for w, ok in (("keyword fields", keyword), ("details.<path>", details)) if ok]
            if date:
                what.append("/".join(DATE_FIELDS))
            raise QueryError(
                f"{self.where}: {self.kind} does not apply to the {kind.value} field {value!r}; "
                f"it applies to {' and '.join(what)}"
            )
        return value

    def text(self, key: str) -> str | None:
        value = self.get(key)
        if value is not None and not isinstance(value, str):
            raise QueryError(f"{self.where}: {key} must be a string")
        return value

    def integer(self, key: str, default: int, lo: int, hi: int) -> int:
        value = self.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise QueryError(f"{self.where}: {key} must be an integer from {lo} to {hi}, not {value!r}")
        return value

    def number(self, key: str) -> float:
        value = self.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < math.inf:
            raise QueryError(f"{self.where}: {key} must be a number above 0, not {value!r}")
        return float(value)

    def done(self) -> None:
        extra = sorted(set(self.params) - self.seen)
        if extra:
            raise QueryError(f"{self.where}: unknown {self.kind} parameter {extra[0]!r}")
