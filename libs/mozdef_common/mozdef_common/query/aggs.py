"""Aggregations: one spec, the same response shape on every store.

Placeholder of the query issue's aggregation model; the definitions below are the contract the
stores and the API share, filled in by that issue.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal, TypeAlias

MetricKind = Literal["stats", "min", "max", "avg", "sum", "cardinality"]


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
    ``cardinality`` counts distinct values of any field."""

    kind: MetricKind
    field: str


Agg: TypeAlias = TermsAgg | DateHistogramAgg | HistogramAgg | MetricAgg
