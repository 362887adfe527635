"""The _search bodies the store builds, golden, with the real query compiler."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mozdef_common.errors import QueryError
from mozdef_common.query.aggs import parse_aggs
from mozdef_common.query.ast import MatchAll
from mozdef_common.query.parser import parse_query
from mozdef_common.store.base import SearchRequest
from mozdef_common.store.opensearch_search import TOP_LEVEL, field_catalog, get_body, iso, search_body
from mozdef_common.store.opensearch_store import compile_with_now
from tests.common.store_opensearch.conftest import NOW
from tests.common.store_opensearch.golden import assert_golden


def test_the_default_search() -> None:
    body = search_body(SearchRequest(query=MatchAll()), compile_with_now, NOW)
    assert body == {
        "query": {"bool": {"filter": [{"match_all": {}}]}},
        "size": 50,
        "track_total_hits": True,
        "sort": [
            {"utctimestamp": {"order": "desc", "numeric_type": "date_nanos"}},
            {"id": {"order": "desc"}},
        ],
    }


def test_a_windowed_sorted_paged_search_with_aggregations_is_golden() -> None:
    request = SearchRequest(
        query=parse_query(
            'hostname:bastion1 AND details.sourceipaddress:10.0.0.0/8 AND summary:"failed password"'
        ),
        start=datetime(2026, 11, 27, 0, 0, tzinfo=UTC),
        end=datetime(2026, 11, 27, 12, 30, 0, 250000, tzinfo=UTC),
        size=100,
        sort=(("receivedtimestamp", "asc"),),
        search_after=(1795773600000000000, "evt-0042"),
        aggs=parse_aggs(
            {
                "by_host": {
                    "terms": {"field": "hostname", "size": 5},
                    "aggs": {"per_hour": {"date_histogram": {"fixed_interval": "1h"}}},
                },
                "ports": {"terms": {"field": "details.destinationport", "size": 3}},
                "per_day": {"date_histogram": {"calendar_interval": "day", "time_zone": "Europe/Paris"}},
                "bytes": {"histogram": {"field": "details.bytes", "interval": 1000}},
                "byte_stats": {"stats": {"field": "details.bytes"}},
                "users": {"cardinality": {"field": "details.username"}},
                "first": {"min": {"field": "utctimestamp"}},
            }
        ),
    )
    assert_golden("search_windowed_paged_aggs", search_body(request, compile_with_now, NOW))


def test_an_open_window_has_one_bound() -> None:
    body = search_body(SearchRequest(query=MatchAll(), start=datetime(2026, 11, 27)), compile_with_now, NOW)
    assert body["query"]["bool"]["filter"][1] == {
        "range": {"utctimestamp": {"gte": "2026-11-27T00:00:00.000000Z"}}
    }


def test_window_bounds_are_utc_with_microseconds() -> None:
    from datetime import timedelta, timezone

    paris = timezone(timedelta(hours=1))
    assert iso(datetime(2026, 11, 27, 1, 0, 0, 5, tzinfo=paris)) == "2026-11-27T00:00:00.000005Z"


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (SearchRequest(query=MatchAll(), size=10_001), "size must be between 0 and 10000"),
        (SearchRequest(query=MatchAll(), sort=(("hostname", "asc"),)), "cannot sort by 'hostname'"),
        (SearchRequest(query=MatchAll(), search_after=(1,)), "search_after takes the two sort values"),
    ],
)
def test_requests_no_store_can_run_are_refused(request_: SearchRequest, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        search_body(request_, compile_with_now, NOW)


def test_get_reads_the_newest_copy() -> None:
    assert get_body("abc") == {
        "query": {"term": {"id": "abc"}},
        "size": 1,
        "sort": [{"utctimestamp": {"order": "desc", "numeric_type": "date_nanos"}}],
    }


def test_the_field_catalog_types_details_paths_from_sampled_events() -> None:
    leaf = {"type": "keyword", "fields": {"num": {"type": "double"}}}
    mappings = {
        "events-20261126": {"mappings": {"properties": {"details": {"properties": {"old": leaf}}}}},
        "events-20261127": {
            "mappings": {
                "properties": {
                    "utctimestamp": {"type": "date_nanos"},
                    "details": {
                        "properties": {
                            "port": leaf,
                            "ok": leaf,
                            "when": leaf,
                            "user": {"properties": {"name": leaf}},
                        }
                    },
                }
            }
        },
    }
    samples = [
        {"port": 22, "ok": True, "when": "2026-11-27T10:00:00Z", "user": {"name": "a"}},
        {"port": "ssh", "ok": False},
        {"port": 443},
        None,
    ]
    catalog = field_catalog(mappings, samples)
    assert catalog[: len(TOP_LEVEL)] == TOP_LEVEL
    assert ("summary", "text") in TOP_LEVEL
    assert catalog[len(TOP_LEVEL) :] == [
        ("details.ok", "boolean"),
        ("details.old", "keyword"),
        ("details.port", "number"),
        ("details.user", "object"),
        ("details.user.name", "keyword"),
        ("details.when", "date"),
    ]
