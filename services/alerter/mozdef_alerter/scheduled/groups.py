"""Counting matching events per group, in the event store.

The store does the work: each search is a ``size=0`` terms aggregation (with a cardinality under
it when counting distinct values), so no event is pulled into Python, on tantivy and OpenSearch alike.

* No group field: one search, the total (and the cardinality of ``distinct``).
* One field: one terms aggregation listing :data:`PAGE` values, most events first. Only groups with
  at least ``min_count`` events are wanted, so listing stops at the first value below it; when every
  listed value still qualifies and more exist, the next page is the same aggregation with the values
  already listed excluded from the query (at most :data:`MAX_PAGES` pages).
* Several fields: the first field as above, then for each of its qualifying values, the next field
  over the events holding that value, and so on. A group can only qualify if every prefix of it
  does (a subset of events never counts more), so the pruning is exact.

Events missing a group field belong to no group and are not counted (as the terms aggregation's
``missing``): a per-source-IP rule says nothing about events without a source IP. A multi-valued
field (``tags``, a list under details) puts an event in the group of each of its values. Distinct
counts prune on event counts too, which assumes the ``distinct`` field holds one value per event
(a list there could make a group's distinct count exceed its event count and be pruned early).

When the listing had to stop before the end (:data:`MAX_PAGES`, or :data:`MAX_SEARCHES` for
several fields), :attr:`Grouping.truncated` says so; what was found is still exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from mozdef_alerter.scheduled.spec import GroupKey
from mozdef_common.query.aggs import Agg, MetricAgg, TermsAgg
from mozdef_common.query.ast import Bool, Node
from mozdef_common.query.build import term
from mozdef_common.store.base import EventStore, SearchRequest

PAGE: Final = 1000
MAX_PAGES: Final = 10
MAX_SEARCHES: Final = 200


@dataclass(frozen=True, slots=True)
class Bucket:
    key: GroupKey
    count: int
    #: The distinct count of the ``distinct`` field, when asked; else the count.
    value: int


@dataclass(slots=True)
class Grouping:
    buckets: dict[GroupKey, Bucket] = field(default_factory=dict)
    truncated: bool = False
    searches: int = 0


@dataclass(frozen=True, slots=True)
class Window:
    """Both ends inclusive, as the store's ``start``/``end``."""

    start: datetime | None
    end: datetime | None


def group_filter(query: Node, fields: tuple[str, ...], key: GroupKey) -> Node:
    """``query`` restricted to the events of one group."""
    terms = tuple(term(f, v) for f, v in zip(fields, key, strict=True))
    return Bool(must=(query, *terms)) if terms else query


async def count_groups(
    store: EventStore,
    query: Node,
    fields: tuple[str, ...],
    window: Window,
    *,
    min_count: int = 1,
    distinct: str | None = None,
) -> Grouping:
    """Every group with at least ``min_count`` matching events in ``window`` (see the module)."""
    out = Grouping()
    if not fields:
        aggs: dict[str, Agg] = {"d": MetricAgg("cardinality", distinct)} if distinct else {}
        result = await store.search(
            SearchRequest(query, start=window.start, end=window.end, size=0, aggs=aggs)
        )
        out.searches = 1
        if result.total >= min_count and result.total:
            found: dict[str, Any] = result.aggregations or {}
            value = int(found.get("d", {}).get("value", 0)) if distinct else result.total
            out.buckets[()] = Bucket((), result.total, value)
        return out
    await _level(store, query, fields, (), window, min_count, distinct, out)
    return out


async def _level(
    store: EventStore,
    query: Node,
    fields: tuple[str, ...],
    prefix: GroupKey,
    window: Window,
    min_count: int,
    distinct: str | None,
    out: Grouping,
) -> None:
    depth = len(prefix)
    name = fields[depth]
    leaf = depth == len(fields) - 1
    subs: dict[str, Agg] = {"d": MetricAgg("cardinality", distinct)} if leaf and distinct else {}
    scope = group_filter(query, fields[:depth], prefix)
    listed: list[Any] = []
    for _page in range(MAX_PAGES):
        if out.searches >= MAX_SEARCHES:
            out.truncated = True
            return
        narrowed = Bool(must=(scope,), must_not=tuple(term(name, v) for v in listed)) if listed else scope
        result = await store.search(
            SearchRequest(
                narrowed,
                start=window.start,
                end=window.end,
                size=0,
                aggs={"g": TermsAgg(name, PAGE, subs)},
            )
        )
        out.searches += 1
        terms = (result.aggregations or {}).get("g", {})
        buckets: list[dict[str, Any]] = terms.get("buckets", [])
        for bucket in buckets:
            count = int(bucket["doc_count"])
            if count < min_count:
                return  # sorted by count: nothing after this qualifies either
            key = (*prefix, bucket["key"])
            if leaf:
                value = int(bucket["d"]["value"]) if distinct else count
                out.buckets[key] = Bucket(key, count, value)
            else:
                await _level(store, query, fields, key, window, min_count, distinct, out)
        listed.extend(b["key"] for b in buckets)
        if not buckets or not terms.get("sum_other_doc_count"):
            return
    out.truncated = True
