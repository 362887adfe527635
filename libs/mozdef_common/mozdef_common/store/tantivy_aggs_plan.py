"""One aggregation of the model turned into tantivy aggregation JSON, and tantivy's answer read back.

A :class:`Plan` knows the columns of its field (see :mod:`.tantivy_schema`), the buckets of a
histogram once the field's bounds are known (:meth:`Plan.prepare`), the tantivy spec to send
(:meth:`Plan.spec`) and how to turn the answer into a partial (:meth:`Plan.read`).
"""

from __future__ import annotations

import math
import re
from typing import Any, Final

import tantivy

from mozdef_common.errors import QueryError
from mozdef_common.query.aggs import (
    CARDINALITY_EXACT,
    MAX_BUCKETS,
    Agg,
    DateHistogramAgg,
    HistogramAgg,
    MetricAgg,
    TermsAgg,
)
from mozdef_common.query.aggs_time import Buckets
from mozdef_common.query.fields import DETAILS, DETAILS_RANGE, FieldKind, details_path, field_kind
from mozdef_common.query.tantivy_compile import details_values
from mozdef_common.store.tantivy_aggs_parts import (
    CardPart,
    HistPart,
    Key,
    Part,
    StatsPart,
    TermsPart,
    number_key,
    string_key,
)
from mozdef_common.store.tantivy_schema import AGGREGATABLE_PATHS, DETAILS_KEYWORD

_SEGMENT: Final = re.compile(r"[A-Za-z0-9_@-]+")
_SEP: Final = "\x1f"
#: Terms each day lists for a terms aggregation without sub-aggregations.
LONG_LIST: Final = 1_000


class Plan:
    def __init__(self, name: str, agg: Agg) -> None:
        self.name, self.agg = name, agg
        self.subs = {n: Plan(n, a) for n, a in getattr(agg, "aggs", {}).items()}
        self.str_col, self.num_col, self.scale = _columns(name, agg)
        self.buckets: Buckets | None = None
        #: Range buckets (their starts, plus the end of the last) when not a plain histogram.
        self.starts: list[int] | None = None
        self.bounds: tuple[float, float] | None = None
        if isinstance(agg, DateHistogramAgg):
            self.buckets = Buckets(agg.fixed_interval, agg.calendar_interval, agg.time_zone)

    # -- before running ------------------------------------------------------------------------

    def bounded_columns(self) -> list[str]:
        own = [self.num_col] if isinstance(self.agg, DateHistogramAgg | HistogramAgg) and self.num_col else []
        return own + [c for sub in self.subs.values() for c in sub.bounded_columns()]

    def prepare(self, bounds: dict[str, tuple[float, float]]) -> None:
        """Fix the buckets now that the bounds of the field are known; QueryError past MAX_BUCKETS."""
        for sub in self.subs.values():
            sub.prepare(bounds)
        self.bounds = bounds.get(self.num_col or "")
        if self.bounds is None:
            return
        lo, hi = int(self.bounds[0]), int(self.bounds[1])  # microseconds, for date histograms
        if isinstance(self.agg, HistogramAgg):
            low, high = self.bounds
            count = math.floor(high / self.agg.interval) - math.floor(low / self.agg.interval) + 1
            if count > MAX_BUCKETS:
                raise QueryError(
                    f"aggregation {self.name!r}: interval {self.agg.interval} makes {count} buckets "
                    f"from {low} to {high}, at most {MAX_BUCKETS}: widen the interval"
                )
        elif self.buckets is not None:
            if self.buckets.is_utc_fixed:
                width = self.buckets.width
                if hi // width - lo // width + 1 > MAX_BUCKETS:
                    raise QueryError(
                        f"aggregation {self.name!r}: more than {MAX_BUCKETS} buckets: widen the interval"
                    )
            else:
                try:
                    self.starts = self.buckets.starts(lo, hi, MAX_BUCKETS)
                except QueryError as exc:
                    raise QueryError(f"aggregation {self.name!r}: {exc}") from None

    # -- the tantivy spec and its answer -------------------------------------------------------

    def spec(self, *, with_subs: bool = True, terms_size: int | None = None) -> dict[str, Any]:
        """``terms_size``: how many terms each day lists (default ``size * 5 + 100``)."""
        agg = self.agg
        subs = {k: v for sub in self.subs.values() for k, v in sub.spec().items()} if with_subs else {}
        nested = {"aggs": subs} if subs else {}
        if isinstance(agg, TermsAgg):
            # Without sub-aggregations a long list is cheap, and makes the top exact whenever a day
            # holds at most that many values (a tie-heavy tail otherwise decides what a day lists).
            shard = terms_size or max(agg.size * 5 + 100, 0 if self.subs else LONG_LIST)
            return {
                f"{self.name}{_SEP}{tag}": {
                    "terms": {"field": col, "size": shard, "segment_size": shard},
                    **nested,
                }
                for tag, col in (("s", self.str_col), ("n", self.num_col))
                if col
            }
        if isinstance(agg, HistogramAgg | DateHistogramAgg):
            if self.bounds is None:
                return {}  # no value anywhere: nothing to bucket
            if self.starts is not None:
                ranges = [{"from": a, "to": b} for a, b in zip(self.starts, self.starts[1:], strict=False)]
                body: dict[str, Any] = {"range": {"field": self.num_col, "ranges": ranges}}
            else:
                width = agg.interval if isinstance(agg, HistogramAgg) else self.buckets.width  # type: ignore[union-attr]
                body = {"histogram": {"field": self.num_col, "interval": width, "min_doc_count": 1}}
            return {self.name: {**body, **nested}}
        if agg.kind == "cardinality":
            spec = {
                f"{self.name}{_SEP}{tag}": {"terms": {"field": col, "size": CARDINALITY_EXACT + 1}}
                for tag, col in (("s", self.str_col), ("n", self.num_col))
                if col
            }
            spec |= {
                f"{self.name}{_SEP}h{tag}": {"cardinality": {"field": col}}
                for tag, col in (("s", self.str_col), ("n", self.num_col))
                if col
            }
            return spec
        return {self.name: {"stats": {"field": self.num_col}}}

    def read(self, raw: dict[str, Any], *, with_subs: bool = True) -> Part:
        agg = self.agg
        if isinstance(agg, TermsAgg):
            terms = TermsPart()
            floor = 0
            for tag, numeric in (("s", False), ("n", True)):
                result = raw.get(f"{self.name}{_SEP}{tag}")
                if result:
                    other = int(result.get("sum_other_doc_count") or 0)
                    terms.values += other
                    self._read_buckets(terms, result["buckets"], numeric, with_subs)
                    if other:
                        listed = [int(b["doc_count"]) for b in result["buckets"]]
                        floor = max(floor, min(listed, default=other))
            if floor:
                terms.cut_days.append((frozenset(terms.counts), floor))
            return terms
        if isinstance(agg, HistogramAgg | DateHistogramAgg):
            hist = HistPart()
            result = raw.get(self.name)
            if result:
                is_range = self.starts is not None
                buckets = [
                    {**b, "key": b.get("from") if is_range else b["key"]}
                    for b in result["buckets"]
                    if b["doc_count"]
                ]
                self._read_buckets(hist, buckets, True, with_subs)
            return hist
        if agg.kind == "cardinality":
            return self._read_cardinality(raw)
        stats = raw.get(self.name) or {}
        return StatsPart(
            count=int(stats.get("count") or 0),
            total=float(stats.get("sum") or 0.0),
            low=stats.get("min"),
            high=stats.get("max"),
        )

    def _read_buckets(
        self, part: TermsPart | HistPart, buckets: list[Any], numeric: bool, subs: bool
    ) -> None:
        for bucket in buckets:
            key = number_key(bucket["key"]) if numeric else string_key(bucket["key"])
            if key is None:
                continue
            count = int(bucket["doc_count"])
            part.counts[key] = part.counts.get(key, 0) + count
            if isinstance(part, TermsPart):
                part.values += count
            if subs and self.subs:
                part.subs[key] = {n: p.read(bucket) for n, p in self.subs.items()}

    def _read_cardinality(self, raw: dict[str, Any]) -> CardPart:
        card = CardPart()
        for tag, numeric in (("s", False), ("n", True)):
            result = raw.get(f"{self.name}{_SEP}{tag}")
            if not result:
                continue
            keys = [number_key(b["key"]) if numeric else string_key(b["key"]) for b in result["buckets"]]
            card.distinct.update(k for k in keys if k is not None)
            if result.get("sum_other_doc_count"):  # more than the exact limit on this day
                estimate = raw.get(f"{self.name}{_SEP}h{tag}", {}).get("value") or 0.0
                card.beyond += max(0.0, float(estimate) - len(keys))
        return card

    def one_of(self, schema: Any, keys: list[Key]) -> Any:
        """Events holding any of ``keys`` in the field (as terms count them)."""
        if not self.agg.field.startswith(DETAILS + "."):
            return tantivy.Query.term_set_query(schema, self.agg.field, [str(k) for k in keys])
        values = [v for k in keys for v in details_values(str(k))]
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(schema, self.agg.field, v)) for v in values]
        )

    def exists(self, schema: Any) -> Any:
        """Events with a value for the field (what ``missing`` excludes). Booleans under details are
        not counted but are not missing either: OpenSearch holds them as the text "true"."""
        columns = [c for c in (self.str_col, self.num_col) if c]
        queries = [tantivy.Query.exists_query(c, False) for c in columns]
        if self.agg.field.startswith(DETAILS + "."):
            queries += [tantivy.Query.term_query(schema, self.agg.field, b) for b in (True, False)]
        if len(queries) == 1:
            return queries[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])


def plan_of(name: str, agg: Agg) -> Plan:
    return Plan(name, agg)


def _columns(name: str, agg: Agg) -> tuple[str | None, str | None, float]:
    """(string column, number column, unit scale) the aggregation reads; QueryError if none."""
    field = agg.field
    kind = field_kind(field)
    wants_strings = isinstance(agg, TermsAgg) or (isinstance(agg, MetricAgg) and agg.kind == "cardinality")
    if kind is FieldKind.KEYWORD:
        return field, None, 1.0
    if kind is FieldKind.DATE:
        return None, field, 1000.0  # microseconds stored, epoch milliseconds answered
    if kind is not FieldKind.DETAILS:
        raise QueryError(f"aggregation {name!r}: {field!r} is analyzed text and cannot be aggregated")
    path = details_path(field)
    if not all(_SEGMENT.fullmatch(seg) for seg in path.split(".")):
        raise QueryError(f"aggregation {name!r}: path {field!r} may only use letters, digits, '_', '-', '@'")
    numbers = f"{DETAILS_RANGE}.{path}"
    if not wants_strings:
        return None, numbers, 1.0
    if path not in AGGREGATABLE_PATHS:
        listed = ", ".join(f"details.{p}" for p in sorted(AGGREGATABLE_PATHS))
        raise QueryError(
            f"aggregation {name!r}: {field!r} has no column for terms or cardinality on the embedded "
            f"store; these details paths do: {listed} (histogram and stats apply to the numbers of any "
            "details path)"
        )
    return f"{DETAILS_KEYWORD}.{path}", numbers, 1.0
