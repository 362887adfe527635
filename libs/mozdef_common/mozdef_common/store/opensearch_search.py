"""Search requests and answers of the OpenSearch store, as plain data: the body of ``_search`` built
from a :class:`~mozdef_common.store.base.SearchRequest`, and hits, totals and the field catalog read
back from OpenSearch's JSON.

The body: the compiled query and the ``utctimestamp`` window (both ends inclusive, as on the embedded
store) in a ``bool`` filter (no scores: results are sorted by time), ``track_total_hits: true``
(exact totals), sort on the requested time field then on ``id`` in the same direction. ``id`` is the
tie-breaker that makes ``search_after`` pages exact when many events share a timestamp: it is unique
and a ``keyword`` with doc values, unlike ``_id``, whose sorting loads field data on the heap.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

from mozdef_common.errors import QueryError
from mozdef_common.query.ast import Node
from mozdef_common.query.fields import DATE_FIELDS, DETAILS, KEYWORD_FIELDS, TEXT_FIELDS
from mozdef_common.store.base import Hit, SearchRequest, SearchResult
from mozdef_common.store.common import count_leaf_kinds, primary_sort
from mozdef_common.store.opensearch_aggs import aggs_to_dsl, normalize_aggs

MAX_SIZE: Final = 10_000
#: Compiles the query AST to OpenSearch query DSL (mozdef_common.query.opensearch_compile).
Compile = Callable[[Node, datetime], dict[str, Any]]

MAX_PATHS: Final = 5_000
SAMPLE: Final = 2_000
TOP_LEVEL: Final = sorted(
    [(f, "keyword") for f in KEYWORD_FIELDS]
    + [(f, "text") for f in TEXT_FIELDS]
    + [(f, "date") for f in DATE_FIELDS]
    + [(DETAILS, "object")]
)


def search_body(request: SearchRequest, compile_query: Compile, now: datetime) -> dict[str, Any]:
    if not 0 <= request.size <= MAX_SIZE:
        raise QueryError(f"size must be between 0 and {MAX_SIZE}, not {request.size}")
    sort_field, order = primary_sort(request.sort)
    filters: list[dict[str, Any]] = [compile_query(request.query, now)]
    window: dict[str, str] = {}
    if request.start is not None:
        window["gte"] = iso(request.start)
    if request.end is not None:
        window["lte"] = iso(request.end)
    if window:
        filters.append({"range": {"utctimestamp": window}})
    body: dict[str, Any] = {
        "query": {"bool": {"filter": filters}},
        "size": request.size,
        "track_total_hits": True,
        "sort": [
            {sort_field: {"order": order, "numeric_type": "date_nanos"}},
            {"id": {"order": order}},
        ],
    }
    if request.search_after is not None:
        if len(request.search_after) != 2:
            raise QueryError("search_after takes the two sort values of a hit (time and id)")
        body["search_after"] = list(request.search_after)
    if request.aggs:
        body["aggs"] = aggs_to_dsl(request.aggs)
    return body


def iso(moment: datetime) -> str:
    """A window bound as OpenSearch reads it: UTC, microseconds (naive times are UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def search_result(request: SearchRequest, response: Mapping[str, Any]) -> SearchResult:
    hits_part = response.get("hits") or {}
    total = hits_part.get("total") or {}
    hits = [to_hit(raw) for raw in hits_part.get("hits") or []]
    aggregations = None
    if request.aggs:
        aggregations = normalize_aggs(request.aggs, response.get("aggregations") or {})
    return SearchResult(total=int(total.get("value", 0)), hits=hits, aggregations=aggregations)


def to_hit(raw: Mapping[str, Any]) -> Hit:
    return Hit(
        id=str(raw["_id"]), index=str(raw["_index"]), source=raw["_source"], sort=tuple(raw.get("sort", ()))
    )


def get_body(event_id: str) -> dict[str, Any]:
    """The newest stored copy of an event (one id can sit on two days if its time was changed)."""
    return {
        "query": {"term": {"id": event_id}},
        "size": 1,
        "sort": [{"utctimestamp": {"order": "desc", "numeric_type": "date_nanos"}}],
    }


def field_catalog(mappings: Mapping[str, Any], samples: Sequence[Any] = ()) -> list[tuple[str, str]]:
    """The catalog of :meth:`EventStore.fields`: the top-level fields, then every details path of a
    ``GET <indices>/_mapping`` answer (at most :data:`MAX_PATHS`), each with its type.

    Details leaves are mapped alike whatever their JSON type (see :mod:`.opensearch_template`), so
    their type comes from ``samples``, the ``details`` of the newest events: the JSON type most of
    them hold there (an ISO-8601-looking string is a date), keyword for a path none of them holds.
    A path with sub-paths is an object.
    """
    paths: set[str] = set()
    for index in mappings:
        properties = (mappings[index].get("mappings") or {}).get("properties") or {}
        details = properties.get(DETAILS) or {}
        _paths(details.get("properties") or {}, DETAILS + ".", paths)
    seen: dict[str, Counter[str]] = {}
    for details in samples:
        if isinstance(details, dict):
            count_leaf_kinds(DETAILS, details, seen)
    ordered = sorted(paths)[:MAX_PATHS]
    typed = []
    for i, path in enumerate(ordered):
        if i + 1 < len(ordered) and ordered[i + 1].startswith(path + "."):
            typed.append((path, "object"))
        elif path in seen:
            typed.append((path, seen[path].most_common(1)[0][0]))
        else:
            typed.append((path, "keyword"))
    return TOP_LEVEL + typed


def _paths(properties: Mapping[str, Any], prefix: str, found: set[str]) -> None:
    for name, spec in properties.items():
        found.add(prefix + name)
        if "properties" in spec:
            _paths(spec["properties"], prefix + name + ".", found)


def sample_body() -> dict[str, Any]:
    """The newest events' details, which type the catalog's paths."""
    return {
        "query": {"match_all": {}},
        "size": SAMPLE,
        "_source": [DETAILS],
        "sort": [{"utctimestamp": {"order": "desc", "numeric_type": "date_nanos"}}],
    }
