"""OpenSearch aggregation answers, written by hand as OpenSearch gives them, into the shared shape."""

from __future__ import annotations

from typing import Any

import pytest

from mozdef_common.errors import QueryError
from mozdef_common.query.aggs import parse_aggs
from mozdef_common.store.opensearch_aggs import aggs_to_dsl, normalize_aggs


def test_terms_with_missing_other_and_a_date_histogram_under_it() -> None:
    aggs = parse_aggs(
        {
            "by_host": {
                "terms": {"field": "hostname", "size": 2},
                "aggs": {"per_hour": {"date_histogram": {"fixed_interval": "1h"}}},
            }
        }
    )
    response: dict[str, Any] = {
        "by_host": {
            "doc_count_error_upper_bound": 0,
            "sum_other_doc_count": 7,
            "buckets": [
                {
                    "key": "web1",
                    "doc_count": 5,
                    "per_hour": {
                        "buckets": [
                            {
                                "key_as_string": "2026-11-27T10:00:00.000Z",
                                "key": 1795773600000,
                                "doc_count": 3,
                            },
                            {
                                "key_as_string": "2026-11-27T11:00:00.000Z",
                                "key": 1795777200000,
                                "doc_count": 0,
                            },
                            {
                                "key_as_string": "2026-11-27T12:00:00.000Z",
                                "key": 1795780800000,
                                "doc_count": 2,
                            },
                        ]
                    },
                },
                {"key": "bastion1", "doc_count": 5, "per_hour": {"buckets": []}},
            ],
        },
        "_missing_by_host": {"doc_count": 4},
    }
    assert normalize_aggs(aggs, response) == {
        "by_host": {
            "buckets": [
                {"key": "bastion1", "doc_count": 5, "per_hour": {"buckets": []}},
                {
                    "key": "web1",
                    "doc_count": 5,
                    "per_hour": {
                        "buckets": [
                            {
                                "key": 1795773600000,
                                "key_as_string": "2026-11-27T10:00:00.000Z",
                                "doc_count": 3,
                            },
                            {
                                "key": 1795777200000,
                                "key_as_string": "2026-11-27T11:00:00.000Z",
                                "doc_count": 0,
                            },
                            {
                                "key": 1795780800000,
                                "key_as_string": "2026-11-27T12:00:00.000Z",
                                "doc_count": 2,
                            },
                        ]
                    },
                },
            ],
            "sum_other_doc_count": 7,
            "missing": 4,
        }
    }


def test_missing_is_asked_beside_terms_at_every_level() -> None:
    dsl = aggs_to_dsl(
        parse_aggs(
            {"h": {"terms": {"field": "hostname"}, "aggs": {"u": {"terms": {"field": "details.user"}}}}}
        )
    )
    assert dsl["_missing_h"] == {"missing": {"field": "hostname"}}
    assert dsl["h"]["aggs"]["_missing_u"] == {"missing": {"field": "details.user"}}


def test_details_terms_keys_become_numbers_fold_and_drop_booleans() -> None:
    aggs = parse_aggs({"ports": {"terms": {"field": "details.port", "size": 3}}})
    response = {
        "ports": {
            "sum_other_doc_count": 1,
            "buckets": [
                {"key": "ssh", "doc_count": 9},
                {"key": "true", "doc_count": 8},
                {"key": "443", "doc_count": 4},
                {"key": "22", "doc_count": 3},
                {"key": "22.0", "doc_count": 2},
                {"key": "8080", "doc_count": 1},
                {"key": "-1.5", "doc_count": 1},
            ],
        },
        "_missing_ports": {"doc_count": 0},
    }
    assert normalize_aggs(aggs, response) == {
        "ports": {
            "buckets": [
                {"key": "ssh", "doc_count": 9},
                {"key": 22, "doc_count": 5},
                {"key": 443, "doc_count": 4},
            ],
            # 1 OpenSearch left out, plus -1.5 and 8080 cut after re-ordering
            "sum_other_doc_count": 3,
            "missing": 0,
        }
    }


def test_a_date_histogram_in_a_zone_writes_its_offset() -> None:
    aggs = parse_aggs({"d": {"date_histogram": {"calendar_interval": "day", "time_zone": "Europe/Paris"}}})
    response = {
        "d": {
            "buckets": [
                {"key_as_string": "2026-11-27T00:00:00.000+01:00", "key": 1795734000000, "doc_count": 4}
            ]
        }
    }
    assert normalize_aggs(aggs, response)["d"] == {
        "buckets": [{"key": 1795734000000, "key_as_string": "2026-11-27T00:00:00.000+01:00", "doc_count": 4}]
    }


def test_histogram_keys_are_floats_and_too_many_buckets_are_refused() -> None:
    aggs = parse_aggs({"b": {"histogram": {"field": "details.bytes", "interval": 100}}})
    response = {
        "b": {
            "buckets": [
                {"key": 0.0, "doc_count": 2},
                {"key": 100.0, "doc_count": 0},
                {"key": 200, "doc_count": 1},
            ]
        }
    }
    assert normalize_aggs(aggs, response) == {
        "b": {
            "buckets": [
                {"key": 0.0, "doc_count": 2},
                {"key": 100.0, "doc_count": 0},
                {"key": 200.0, "doc_count": 1},
            ]
        }
    }
    huge = {"b": {"buckets": [{"key": float(i), "doc_count": 1} for i in range(10_001)]}}
    with pytest.raises(QueryError, match="more than 10000 buckets"):
        normalize_aggs(aggs, huge)


def test_metrics() -> None:
    aggs = parse_aggs(
        {
            "s": {"stats": {"field": "details.bytes"}},
            "empty": {"stats": {"field": "details.nothing"}},
            "lo": {"min": {"field": "details.bytes"}},
            "none": {"max": {"field": "details.nothing"}},
            "total": {"sum": {"field": "details.nothing"}},
            "mean": {"avg": {"field": "details.bytes"}},
            "users": {"cardinality": {"field": "details.user"}},
        }
    )
    response = {
        "s": {"count": 3, "min": 10, "max": 30.0, "avg": 20.0, "sum": 60},
        "empty": {"count": 0, "min": None, "max": None, "avg": None, "sum": 0.0},
        "lo": {"value": 10},
        "none": {"value": None},
        "total": {"value": 0.0},
        "mean": {"value": 20.0},
        "users": {"value": 17},
    }
    assert normalize_aggs(aggs, response) == {
        "s": {"count": 3, "min": 10.0, "max": 30.0, "avg": 20.0, "sum": 60.0},
        "empty": {"count": 0, "min": None, "max": None, "avg": None, "sum": 0.0},
        "lo": {"value": 10.0},
        "none": {"value": None},
        "total": {"value": 0.0},
        "mean": {"value": 20.0},
        "users": {"value": 17},
    }
    dsl = aggs_to_dsl(aggs)
    assert dsl["s"] == {"stats": {"field": "details.bytes.num"}}
    assert dsl["users"] == {"cardinality": {"field": "details.user", "precision_threshold": 10000}}


def test_a_boolean_keyword_field_bucket_is_not_counted() -> None:
    aggs = parse_aggs({"t": {"terms": {"field": "tags"}}})
    response = {
        "t": {
            "buckets": [
                {"key": 1, "key_as_string": "true", "doc_count": 2},
                {"key": "x", "doc_count": 1},
                {"key": "true", "doc_count": 1},
            ]
        }
    }
    # A tag that reads "true" is a string on a keyword field, and counted.
    assert normalize_aggs(aggs, response)["t"]["buckets"] == [
        {"key": "true", "doc_count": 1},
        {"key": "x", "doc_count": 1},
    ]
