"""Aggregations on OpenSearch: the model of :mod:`mozdef_common.query.aggs` turned into aggregation DSL,
and OpenSearch's answer turned back into exactly the response shape that module's docstring states.

Beside each terms aggregation ``x`` a sibling ``missing`` aggregation named ``_missing_x`` counts
the events without a value (user names never start with ``_``, so it cannot collide). Terms use a
``shard_size`` well above ``size``: every daily index is at least one shard, and top-N counts merged
from shards are exact only when each shard reported enough candidates.

Fields under details (see :mod:`.opensearch_template`) are one ``keyword`` of each value's JSON text
with a ``.num`` double sub-field: terms and cardinality read the keyword, histogram and the numeric
metrics read ``.num``. A terms key that is JSON number text becomes that number (``"22"`` and
``"22.0"`` one key ``22``, their buckets merged) and ``true``/``false`` buckets are dropped, because
the keyword no longer tells a number or boolean from a string that reads the same: the string "22"
counts as the number 22 here, and the string "true" is not counted, unlike on the embedded store.

Keys are normalized here rather than with OpenSearch ``format`` options, so both stores agree by
construction; date_histogram ``key_as_string`` is written by
:func:`mozdef_common.query.aggs_time.key_as_string`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

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
from mozdef_common.query.aggs_time import check_time_zone, key_as_string
from mozdef_common.query.fields import DETAILS
from mozdef_common.query.opensearch_compile import NUM

MISSING_PREFIX: Final = "_missing_"
MAX_SHARD_SIZE: Final = 10_000
MAX_TERMS_ASKED: Final = 2_100
_JSON_NUMBER: Final = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")


def shard_size(size: int) -> int:
    return min(max(size * 5, 100), MAX_SHARD_SIZE)


def terms_size(agg: TermsAgg) -> int:
    """Buckets asked of OpenSearch: more than wanted under details, where keys are re-ordered (numbers
    by value, not as text) and folded before the top ``size`` are kept."""
    return min(agg.size * 2 + 10, MAX_TERMS_ASKED) if agg.field.startswith(DETAILS + ".") else agg.size


def aggs_to_dsl(aggs: Mapping[str, Agg]) -> dict[str, Any]:
    """The ``aggs`` object of a search body."""
    out: dict[str, Any] = {}
    for name, agg in aggs.items():
        out[name] = _one(agg)
        if isinstance(agg, TermsAgg):
            out[MISSING_PREFIX + name] = {"missing": {"field": agg.field}}
    return out


def _one(agg: Agg) -> dict[str, Any]:
    body: dict[str, Any]
    if isinstance(agg, MetricAgg):
        numeric = agg.kind != "cardinality"
        params: dict[str, Any] = {"field": _numeric(agg.field) if numeric else agg.field}
        if agg.kind == "cardinality":
            params["precision_threshold"] = CARDINALITY_EXACT
        return {agg.kind: params}
    if isinstance(agg, TermsAgg):
        size = terms_size(agg)
        body = {"terms": {"field": agg.field, "size": size, "shard_size": shard_size(size)}}
    elif isinstance(agg, DateHistogramAgg):
        params = {"field": agg.field}
        if agg.fixed_interval is not None:
            params["fixed_interval"] = agg.fixed_interval
        else:
            params["calendar_interval"] = agg.calendar_interval
        params["time_zone"] = "UTC" if agg.time_zone == "Z" else agg.time_zone
        params["min_doc_count"] = agg.min_doc_count
        body = {"date_histogram": params}
    else:
        body = {
            "histogram": {
                "field": _numeric(agg.field),
                "interval": agg.interval,
                "min_doc_count": agg.min_doc_count,
            }
        }
    if agg.aggs:
        body["aggs"] = aggs_to_dsl(agg.aggs)
    return body


def _numeric(field: str) -> str:
    """Where numbers of a field are: ``details.x.num``, or the field itself (dates)."""
    return f"{field}.{NUM}" if field.startswith(DETAILS + ".") else field


def normalize_aggs(aggs: Mapping[str, Agg], response: Mapping[str, Any]) -> dict[str, Any]:
    """The ``aggregations`` of an OpenSearch response (or of one bucket) in the shared shape."""
    out: dict[str, Any] = {}
    for name, agg in aggs.items():
        raw = response.get(name) or {}
        if isinstance(agg, MetricAgg):
            out[name] = _metric(agg, raw)
        elif isinstance(agg, TermsAgg):
            missing = response.get(MISSING_PREFIX + name) or {}
            out[name] = _terms(agg, raw, int(missing.get("doc_count", 0)))
        elif isinstance(agg, DateHistogramAgg):
            out[name] = _date_histogram(agg, raw)
        else:
            out[name] = _histogram(agg, raw)
    return out


def _metric(agg: MetricAgg, raw: Mapping[str, Any]) -> dict[str, Any]:
    if agg.kind == "stats":
        count = int(raw.get("count") or 0)
        return {
            "count": count,
            "min": _float_or_none(raw.get("min")) if count else None,
            "max": _float_or_none(raw.get("max")) if count else None,
            "avg": _float_or_none(raw.get("avg")) if count else None,
            "sum": float(raw.get("sum") or 0.0),
        }
    if agg.kind == "cardinality":
        return {"value": int(raw.get("value") or 0)}
    if agg.kind == "sum":
        return {"value": float(raw.get("value") or 0.0)}
    return {"value": _float_or_none(raw.get("value"))}


def _terms(agg: TermsAgg, raw: Mapping[str, Any], missing: int) -> dict[str, Any]:
    merged: dict[Any, dict[str, Any]] = {}
    subs: dict[Any, list[Mapping[str, Any]]] = {}
    details = agg.field.startswith(DETAILS + ".")
    for bucket in raw.get("buckets", []):
        key = bucket["key"]
        if bucket.get("key_as_string") in ("true", "false") or (details and key in ("true", "false")):
            continue  # booleans are not counted (a boolean field, or their JSON text under details)
        key = _term_key(key, details=details)
        entry = merged.setdefault(key, {"key": key, "doc_count": 0})
        entry["doc_count"] += int(bucket["doc_count"])
        subs.setdefault(key, []).append(bucket)
    buckets = list(merged.values())
    for entry in buckets:
        parts = subs[entry["key"]]
        # Two keyword keys fold into one number only for "22" beside "22.0": the sub-results of the
        # first stand for both, a rare approximation.
        entry.update(normalize_aggs(agg.aggs, parts[0]))
    # The contract's order: count, then numbers before strings. OpenSearch sorts keyword keys as
    # text ("100" before "22"), so it is redone here.
    buckets.sort(key=lambda b: (-b["doc_count"], _key_order(b["key"])))
    kept, cut = buckets[: agg.size], buckets[agg.size :]
    return {
        "buckets": kept,
        "sum_other_doc_count": int(raw.get("sum_other_doc_count") or 0) + sum(b["doc_count"] for b in cut),
        "missing": missing,
    }


def _date_histogram(agg: DateHistogramAgg, raw: Mapping[str, Any]) -> dict[str, Any]:
    zone = check_time_zone(agg.time_zone)
    buckets = []
    for bucket in _checked(raw):
        key = int(bucket["key"])
        entry: dict[str, Any] = {
            "key": key,
            "key_as_string": key_as_string(key, zone),
            "doc_count": int(bucket["doc_count"]),
        }
        entry.update(normalize_aggs(agg.aggs, bucket))
        buckets.append(entry)
    return {"buckets": buckets}


def _histogram(agg: HistogramAgg, raw: Mapping[str, Any]) -> dict[str, Any]:
    buckets = []
    for bucket in _checked(raw):
        entry: dict[str, Any] = {"key": float(bucket["key"]), "doc_count": int(bucket["doc_count"])}
        entry.update(normalize_aggs(agg.aggs, bucket))
        buckets.append(entry)
    return {"buckets": buckets}


def _checked(raw: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    buckets: list[Mapping[str, Any]] = raw.get("buckets", [])
    if len(buckets) > MAX_BUCKETS:
        raise QueryError(f"the histogram made more than {MAX_BUCKETS} buckets: widen the interval")
    return buckets


def _term_key(key: Any, *, details: bool) -> Any:
    if details and isinstance(key, str) and _JSON_NUMBER.fullmatch(key):
        key = float(key)
    if isinstance(key, float) and key.is_integer():
        return int(key)
    return key


def _key_order(key: Any) -> tuple[int, Any]:
    if isinstance(key, int | float) and not isinstance(key, bool):
        return (0, key)
    return (1, str(key))


def _float_or_none(value: Any) -> float | None:
    return None if value is None else float(value)
