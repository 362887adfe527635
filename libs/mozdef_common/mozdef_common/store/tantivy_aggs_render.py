"""Merged partials rendered in the response shape of :mod:`mozdef_common.query.aggs`."""

from __future__ import annotations

import math
from typing import Any

from mozdef_common.query.aggs import DateHistogramAgg, HistogramAgg, MetricAgg, TermsAgg
from mozdef_common.query.aggs_time import key_as_string
from mozdef_common.store.tantivy_aggs_parts import (
    CardPart,
    HistPart,
    Key,
    Part,
    StatsPart,
    Subs,
    TermsPart,
    render_cardinality,
    render_stats,
    render_terms,
)
from mozdef_common.store.tantivy_aggs_plan import Plan


def render(plan: Plan, part: Part | None) -> dict[str, Any]:
    """The response of one aggregation; ``part`` None when no day index was searched."""
    agg = plan.agg

    def subs_of(subs: Subs | None) -> dict[str, Any]:
        return {name: render(sub, (subs or {}).get(name)) for name, sub in plan.subs.items()}

    if isinstance(agg, TermsAgg):
        return render_terms(part if isinstance(part, TermsPart) else TermsPart(), agg.size, subs_of)
    if isinstance(agg, HistogramAgg | DateHistogramAgg):
        hist = part if isinstance(part, HistPart) else HistPart()
        keys = _bucket_keys(plan, hist)
        buckets = []
        for key in keys:
            count = hist.counts.get(key, 0)
            if agg.min_doc_count and count < agg.min_doc_count:
                continue
            bucket: dict[str, Any]
            if isinstance(agg, DateHistogramAgg) and plan.buckets is not None:
                ms = int(key) // 1000
                bucket = {
                    "key": ms,
                    "key_as_string": key_as_string(ms, plan.buckets.zone),
                    "doc_count": count,
                }
            else:
                bucket = {"key": float(key), "doc_count": count}
            buckets.append({**bucket, **subs_of(hist.subs.get(key))})
        return {"buckets": buckets}
    assert isinstance(agg, MetricAgg)
    if agg.kind == "cardinality":
        return render_cardinality(part if isinstance(part, CardPart) else CardPart())
    return render_stats(part if isinstance(part, StatsPart) else StatsPart(), agg.kind, plan.scale)


def _bucket_keys(plan: Plan, hist: HistPart) -> list[Key]:
    """Every bucket from the first non-empty one to the last, in order (empty ones filled)."""
    if not hist.counts:
        return []
    first, last = min(hist.counts, key=float), max(hist.counts, key=float)
    agg = plan.agg
    if isinstance(agg, HistogramAgg):
        # Keys as tantivy computes them, floor(v / interval) * interval, so filled keys match.
        lo, hi = round(float(first) / agg.interval), round(float(last) / agg.interval)
        keys: list[Key] = []
        for i in range(lo, hi + 1):
            key = i * agg.interval
            keys.append(int(key) if key.is_integer() and math.isfinite(key) else key)
        return keys
    assert plan.buckets is not None
    if plan.starts is not None:
        return [s for s in plan.starts[:-1] if int(first) <= s <= int(last)]
    width = plan.buckets.width
    return list(range(int(first), int(last) + 1, width))
