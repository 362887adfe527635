"""Aggregations (:mod:`mozdef_common.query.aggs`) on the tantivy day indexes.

How each kind runs, per day index, then merged (:mod:`.tantivy_aggs_parts`):

* terms: a tantivy terms aggregation per column of the field (keywords: their own column;
  ``details.<path>``: the strings of ``_details_keyword`` and the numbers of ``_details_range``),
  asking each day for ``size * 5 + 100`` terms (1,000 without sub-aggregations). When a day had
  more, every listed term that could still reach the top (its merged count plus, for each day
  that left it out, that day's smallest listed count) is counted again over the events holding
  one of them, where every day lists them all, so the top counts are exact (unless more than
  MAX_CANDIDATES terms could: a flat tail, summed as listed); a value outside every day's list
  cannot be found (as with Elasticsearch shards). ``sum_other_doc_count`` is exact
  whatever the lists hold (each day's counted values minus the shown ones). ``missing`` is a count
  of the query without the field's columns; under a bucket, the parent aggregation run once more
  over those events gives it per bucket.
* date_histogram: UTC-aligned fixed widths (and minute/hour/day in UTC) are a tantivy histogram on
  the microsecond column; calendar intervals and other zones are a tantivy range aggregation over
  bucket starts computed here with zoneinfo (tantivy has no calendar intervals nor zones; one range
  per bucket, at most MAX_BUCKETS of them). Both need the field's min and max first: one stats pass.
* histogram: a tantivy histogram on ``_details_range``; stats/min/max/avg/sum: tantivy stats.
* cardinality: exact. tantivy's own is HyperLogLog, which neither sums over days nor is exact, so
  the distinct values themselves are collected (a terms aggregation of CARDINALITY_EXACT + 1);
  a day with more adds its HyperLogLog estimate of the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import tantivy

from mozdef_common.errors import QueryError
from mozdef_common.query.aggs import Agg, TermsAgg
from mozdef_common.store.tantivy_aggs_parts import HistPart, Part, TermsPart, merge, term_order
from mozdef_common.store.tantivy_aggs_plan import Plan, plan_of
from mozdef_common.store.tantivy_aggs_render import render

_BOUNDS: Final = "\x1fbounds"
#: Terms counted again at most (beyond, a term that barely missed some day's list may rank short;
#: measured: 1,000 candidates over a day of 1M events cost 700 ms).
MAX_CANDIDATES: Final = 200


def run_aggs(aggs: Mapping[str, Agg], query: Any, searchers: Sequence[Any], schema: Any) -> dict[str, Any]:
    """The response of ``aggs`` over the events ``query`` matches in ``searchers`` (one per day)."""
    plans = {name: plan_of(name, agg) for name, agg in aggs.items()}
    bounds = _bounds(plans, query, searchers)
    for plan in plans.values():
        plan.prepare(bounds)
    spec = {k: v for plan in plans.values() for k, v in plan.spec().items()}
    merged: dict[str, Part] = {}
    for searcher in searchers:
        raw = _aggregate(searcher, query, spec)
        for name, plan in plans.items():
            part = plan.read(raw)
            _add_missing(plan, part, query, searcher, schema)
            merged[name] = part if name not in merged else merge(merged[name], part)
    for name, plan in plans.items():
        top = merged.get(name)
        if isinstance(top, TermsPart) and top.cut_days and top.counts:
            merged[name] = _exact_top(plan, top, query, searchers, schema)
    return {name: render(plan, merged.get(name)) for name, plan in plans.items()}


def _exact_top(plan: Plan, part: TermsPart, query: Any, searchers: Sequence[Any], schema: Any) -> TermsPart:
    """Exact counts (and sub-aggregations) of the top candidates when some day listed only its top
    terms: a value that just missed one day's list would otherwise be counted short. The
    candidates are counted again on the events holding them, where every day lists them all."""
    size = plan.agg.size if isinstance(plan.agg, TermsAgg) else 0
    lowest_top = sorted(part.counts.values(), reverse=True)[:size][-1]
    upper = {
        key: count + sum(floor for listed, floor in part.cut_days if key not in listed)
        for key, count in part.counts.items()
    }
    # Candidates: every term that could still reach the top (threshold algorithm), best first.
    ranked = sorted(upper.items(), key=lambda kv: (-kv[1], term_order(kv[0])))
    candidates = [key for key, bound in ranked if bound >= lowest_top]
    if len(candidates) > MAX_CANDIDATES + size:
        return part  # a flat tail: summing the days' lists is the best estimate affordable
    restricted = tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, query), (tantivy.Occur.Must, plan.one_of(schema, candidates))]
    )
    exact: TermsPart | None = None
    for searcher in searchers:
        listed = len(candidates) + size * 5 + 100  # the candidates, and room for other values of the events
        again = _as_terms(plan.read(_aggregate(searcher, restricted, plan.spec(terms_size=listed))))
        _add_missing(plan, again, restricted, searcher, schema, listed)
        exact = again if exact is None else _as_terms(merge(exact, again))
    wanted = set(candidates)
    counts = {} if exact is None else {k: c for k, c in exact.counts.items() if k in wanted}
    subs = {} if exact is None else {k: v for k, v in exact.subs.items() if k in wanted}
    return TermsPart(counts=counts, subs=subs, values=part.values, missing=part.missing)


def _as_terms(part: Part) -> TermsPart:
    assert isinstance(part, TermsPart)
    return part


def _aggregate(searcher: Any, query: Any, spec: dict[str, Any]) -> dict[str, Any]:
    if not spec:
        return {}
    try:
        result: dict[str, Any] = searcher.aggregate(query, spec)
    except ValueError as exc:
        raise QueryError(f"aggregation cannot run: {exc}") from None
    return result


def _bounds(
    plans: Mapping[str, Plan], query: Any, searchers: Sequence[Any]
) -> dict[str, tuple[float, float]]:
    """min and max of every column a histogram buckets, over the matching events of every day."""
    columns = sorted({c for plan in plans.values() for c in plan.bounded_columns()})
    spec = {f"{_BOUNDS}{i}": {"stats": {"field": c}} for i, c in enumerate(columns)}
    found: dict[str, tuple[float, float]] = {}
    for searcher in searchers:
        raw = _aggregate(searcher, query, spec)
        for i, column in enumerate(columns):
            stats = raw.get(f"{_BOUNDS}{i}", {})
            if stats.get("count"):
                lo, hi = found.get(column, (stats["min"], stats["max"]))
                found[column] = (min(lo, stats["min"]), max(hi, stats["max"]))
    return found


def _add_missing(
    plan: Plan, part: Part, query: Any, searcher: Any, schema: Any, terms_size: int | None = None
) -> None:
    """``missing`` of terms: at the top, one count; under a bucket, the parent re-run per bucket."""
    if isinstance(part, TermsPart):
        try:
            part.missing = searcher.search(_without(query, plan.exists(schema)), 1).count
        except ValueError as exc:  # a day index from before the column existed
            raise QueryError(f"aggregation {plan.name!r} cannot run: {exc}") from None
    if not isinstance(part, TermsPart | HistPart) or not part.subs:
        return
    for sub_name, sub_plan in plan.subs.items():
        if not isinstance(sub_plan.agg, TermsAgg):
            continue
        raw = _aggregate(
            searcher,
            _without(query, sub_plan.exists(schema)),
            plan.spec(with_subs=False, terms_size=terms_size),
        )
        per_bucket = plan.read(raw, with_subs=False)
        counts = per_bucket.counts if isinstance(per_bucket, TermsPart | HistPart) else {}
        for key, subs in part.subs.items():
            sub_part = subs[sub_name]
            if isinstance(sub_part, TermsPart):
                sub_part.missing = counts.get(key, 0)


def _without(query: Any, exists: Any) -> Any:
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.MustNot, exists)])
