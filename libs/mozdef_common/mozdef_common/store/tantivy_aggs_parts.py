"""Partial aggregation results of one day index: read from tantivy, merged exactly, rendered.

A partial keeps what merging needs and the response drops: every counted term (not only the top
ones), the count of values of a terms aggregation, count and sum beside an average, the distinct
values of a cardinality. Rendering applies the contract of :mod:`mozdef_common.query.aggs`
(order, top-N, ``sum_other_doc_count``, empty buckets, key types).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

Key = int | float | str
_JSON_NUMBER: Final = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_INTEGER: Final = re.compile(r"-?(?:0|[1-9]\d*)")
Subs = dict[str, "Part"]


@dataclass(slots=True)
class TermsPart:
    counts: dict[Key, int] = field(default_factory=dict)
    subs: dict[Key, Subs] = field(default_factory=dict)
    #: Every counted value, the ones left out by the per-index top-N included.
    values: int = 0
    missing: int = 0
    #: Days that listed only their top terms: (the terms listed, the smallest count listed). A
    #: term a day left out may have counted up to that much there.
    cut_days: list[tuple[frozenset[Key], int]] = field(default_factory=list)


@dataclass(slots=True)
class HistPart:
    """Buckets by key (microseconds for date histograms, the bucket's floor for histograms)."""

    counts: dict[Key, int] = field(default_factory=dict)
    subs: dict[Key, Subs] = field(default_factory=dict)


@dataclass(slots=True)
class StatsPart:
    count: int = 0
    total: float = 0.0
    low: float | None = None
    high: float | None = None


@dataclass(slots=True)
class CardPart:
    distinct: set[Key] = field(default_factory=set)
    #: Distinct values beyond those collected (a day held more than the exact limit), estimated.
    beyond: float = 0.0


Part = TermsPart | HistPart | StatsPart | CardPart


def number_key(value: Any) -> Key | None:
    """A number as the contract keys it (integral -> int), None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


def string_key(value: Any) -> Key | None:
    """A string value as the contract keys it: JSON number text counts as that number (OpenSearch
    keeps details values as text and cannot tell them apart), "true" and "false" not at all, other
    strings as themselves."""
    if not isinstance(value, str) or value in ("true", "false"):
        return None  # "true" reads as a boolean on OpenSearch, and booleans are not counted
    if _JSON_NUMBER.fullmatch(value):
        return number_key(int(value) if _INTEGER.fullmatch(value) else float(value))
    return value


def term_order(key: Key) -> tuple[int, float, str]:
    """Numbers before strings; numbers by value, strings by code point."""
    if isinstance(key, str):
        return (1, 0.0, key)
    return (0, float(key), "")


def merge(a: Part, b: Part) -> Part:
    """``a`` updated with ``b`` (same aggregation, another day)."""
    if isinstance(a, TermsPart | HistPart) and isinstance(b, TermsPart | HistPart):
        for key, count in b.counts.items():
            a.counts[key] = a.counts.get(key, 0) + count
        for key, subs in b.subs.items():
            mine = a.subs.get(key)
            a.subs[key] = subs if mine is None else {n: merge(mine[n], p) for n, p in subs.items()}
        if isinstance(a, TermsPart) and isinstance(b, TermsPart):
            a.values += b.values
            a.missing += b.missing
            a.cut_days += b.cut_days
        return a
    if isinstance(a, StatsPart) and isinstance(b, StatsPart):
        a.count += b.count
        a.total += b.total
        a.low = _pick(min, a.low, b.low)
        a.high = _pick(max, a.high, b.high)
        return a
    if isinstance(a, CardPart) and isinstance(b, CardPart):
        a.distinct |= b.distinct
        a.beyond += b.beyond
        return a
    raise TypeError(f"cannot merge {type(a).__name__} with {type(b).__name__}")


def _pick(how: Callable[[float, float], float], x: float | None, y: float | None) -> float | None:
    if x is None:
        return y
    if y is None:
        return x
    return how(x, y)


def render_terms(
    part: TermsPart, size: int, render_subs: Callable[[Subs | None], dict[str, Any]]
) -> dict[str, Any]:
    ranked = sorted(part.counts.items(), key=lambda kv: (-kv[1], term_order(kv[0])))[:size]
    buckets = [{"key": key, "doc_count": count, **render_subs(part.subs.get(key))} for key, count in ranked]
    shown = sum(count for _, count in ranked)
    return {"buckets": buckets, "sum_other_doc_count": part.values - shown, "missing": part.missing}


def render_stats(part: StatsPart, kind: str, scale: float) -> dict[str, Any]:
    """``scale`` turns stored units into the response's (microseconds -> epoch milliseconds)."""
    low = None if part.low is None else part.low / scale
    high = None if part.high is None else part.high / scale
    total = part.total / scale
    avg = total / part.count if part.count else None
    if kind == "stats":
        return {"count": part.count, "min": low, "max": high, "avg": avg, "sum": total}
    value = {"min": low, "max": high, "avg": avg, "sum": total}[kind]
    return {"value": value}


def render_cardinality(part: CardPart) -> dict[str, Any]:
    return {"value": len(part.distinct) + round(part.beyond)}
