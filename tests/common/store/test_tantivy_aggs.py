"""Aggregations on the tantivy store: exact buckets on a small corpus spread over two days."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from mozdef_common.errors import QueryError
from mozdef_common.query.aggs import parse_aggs
from mozdef_common.query.ast import MatchAll
from mozdef_common.query.parser import parse_query
from mozdef_common.store.base import SearchRequest
from mozdef_common.store.tantivy_store import TantivyEventStore
from mozdef_common.types import Event
from tests.support.events import make_event


def corpus() -> list[Event]:
    """Nine events on 2026-11-26 and -27 (UTC): hosts, tags, ports and addresses to count."""
    rows: list[tuple[str, str, str | None, list[str], dict[str, Any]]] = [
        (
            "a1",
            "2026-11-26T08:00:00+00:00",
            "web1",
            ["x"],
            {"destinationport": 22, "sourceipaddress": "1.1.1.1"},
        ),
        ("a2", "2026-11-26T08:30:00+00:00", "web1", ["x", "y"], {"destinationport": 80, "bytes": 1.5}),
        ("a3", "2026-11-26T23:59:59+00:00", "web2", [], {"destinationport": "ssh", "bytes": 10}),
        (
            "b1",
            "2026-11-27T00:00:00+00:00",
            "web1",
            ["y"],
            {"destinationport": 22, "sourceipaddress": "2.2.2.2"},
        ),
        ("b2", "2026-11-27T01:15:00+00:00", "db1", ["x"], {"destinationport": 5432, "bytes": 20}),
        ("b3", "2026-11-27T01:45:00+00:00", "web2", [], {"sourceipaddress": "1.1.1.1"}),
        ("b4", "2026-11-27T10:00:00+00:00", None, ["z"], {"destinationport": 22.0}),
        ("b5", "2026-11-27T10:00:00+00:00", "db1", [], {"sourceipaddress": ["1.1.1.1", "3.3.3.3"]}),
        ("b6", "2026-11-27T23:00:00+00:00", "web1", [], {"bytes": -4}),
    ]
    return [
        make_event(id=i, utctimestamp=t, hostname=h, tags=tags, details=details)
        for i, t, h, tags, details in rows
    ]


@pytest.fixture
async def loaded(store: TantivyEventStore) -> TantivyEventStore:
    result = await store.write("events", corpus())
    assert result.failed == []
    return store


async def aggregate(
    store: TantivyEventStore, spec: dict[str, Any], query: str = "*", **request: Any
) -> dict[str, Any]:
    result = await store.search(SearchRequest(parse_query(query), size=0, aggs=parse_aggs(spec), **request))
    assert result.aggregations is not None
    return result.aggregations


def ms(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp() * 1000)


async def test_terms_across_days_with_other_and_missing(loaded: TantivyEventStore) -> None:
    aggs = await aggregate(loaded, {"h": {"terms": {"field": "hostname", "size": 2}}})
    assert aggs["h"] == {
        "buckets": [{"key": "web1", "doc_count": 4}, {"key": "db1", "doc_count": 2}],
        "sum_other_doc_count": 2,
        "missing": 1,
    }


async def test_terms_ties_order_by_key_and_multi_valued(loaded: TantivyEventStore) -> None:
    aggs = await aggregate(loaded, {"t": {"terms": {"field": "tags"}}})
    assert aggs["t"] == {
        "buckets": [
            {"key": "x", "doc_count": 3},
            {"key": "y", "doc_count": 2},
            {"key": "z", "doc_count": 1},
        ],
        "sum_other_doc_count": 0,
        "missing": 4,
    }


async def test_terms_on_details_mixes_numbers_then_strings(loaded: TantivyEventStore) -> None:
    aggs = await aggregate(
        loaded,
        {
            "port": {"terms": {"field": "details.destinationport"}},
            "ip": {"terms": {"field": "details.sourceipaddress", "size": 1}},
        },
    )
    assert aggs["port"] == {
        "buckets": [
            {"key": 22, "doc_count": 3},  # 22 and 22.0 are one key
            {"key": 80, "doc_count": 1},
            {"key": 5432, "doc_count": 1},
            {"key": "ssh", "doc_count": 1},
        ],
        "sum_other_doc_count": 0,
        "missing": 3,
    }
    assert aggs["ip"] == {
        "buckets": [{"key": "1.1.1.1", "doc_count": 3}],
        "sum_other_doc_count": 2,
        "missing": 5,
    }


async def test_sub_aggregations_under_terms(loaded: TantivyEventStore) -> None:
    spec = {
        "h": {
            "terms": {"field": "hostname", "size": 2},
            "aggs": {
                "tags": {"terms": {"field": "tags", "size": 1}},
                "bytes": {"stats": {"field": "details.bytes"}},
                "ips": {"cardinality": {"field": "details.sourceipaddress"}},
            },
        }
    }
    aggs = await aggregate(loaded, spec)
    web1, db1 = aggs["h"]["buckets"]
    assert web1["tags"] == {"buckets": [{"key": "x", "doc_count": 2}], "sum_other_doc_count": 2, "missing": 1}
    assert web1["bytes"] == {"count": 2, "min": -4.0, "max": 1.5, "avg": -1.25, "sum": -2.5}
    assert web1["ips"] == {"value": 2}
    assert db1["tags"] == {"buckets": [{"key": "x", "doc_count": 1}], "sum_other_doc_count": 0, "missing": 1}
    assert db1["bytes"] == {"count": 1, "min": 20.0, "max": 20.0, "avg": 20.0, "sum": 20.0}
    assert db1["ips"] == {"value": 2}


async def test_fixed_date_histogram_fills_empty_buckets(loaded: TantivyEventStore) -> None:
    aggs = await aggregate(
        loaded,
        {"d": {"date_histogram": {"fixed_interval": "12h"}, "aggs": {"h": {"terms": {"field": "hostname"}}}}},
    )
    buckets = aggs["d"]["buckets"]
    assert [(b["key_as_string"], b["doc_count"]) for b in buckets] == [
        ("2026-11-26T00:00:00.000Z", 2),
        ("2026-11-26T12:00:00.000Z", 1),
        ("2026-11-27T00:00:00.000Z", 5),
        ("2026-11-27T12:00:00.000Z", 1),
    ]
    assert buckets[0]["key"] == ms("2026-11-26T00:00:00+00:00")
    assert buckets[2]["h"]["buckets"] == [
        {"key": "db1", "doc_count": 2},
        {"key": "web1", "doc_count": 1},
        {"key": "web2", "doc_count": 1},
    ]
    assert buckets[2]["h"]["missing"] == 1

    sparse = await aggregate(loaded, {"d": {"date_histogram": {"fixed_interval": "1h", "min_doc_count": 1}}})
    assert len(sparse["d"]["buckets"]) == 6
    dense = await aggregate(loaded, {"d": {"date_histogram": {"fixed_interval": "1h"}}})
    assert len(dense["d"]["buckets"]) == 40  # 2026-11-26T08 to 2026-11-27T23, empty hours included
    assert sum(b["doc_count"] for b in dense["d"]["buckets"]) == 9


async def test_calendar_day_in_a_time_zone(loaded: TantivyEventStore) -> None:
    aggs = await aggregate(
        loaded, {"d": {"date_histogram": {"calendar_interval": "day", "time_zone": "America/New_York"}}}
    )
    assert [(b["key_as_string"], b["doc_count"]) for b in aggs["d"]["buckets"]] == [
        ("2026-11-26T00:00:00.000-05:00", 6),
        ("2026-11-27T00:00:00.000-05:00", 3),
    ]
    assert aggs["d"]["buckets"][0]["key"] == ms("2026-11-26T05:00:00+00:00")


async def test_a_dst_day_lasts_23_hours(store: TantivyEventStore) -> None:
    # Europe/Paris moves to summer time on 2026-03-29 at 02:00 local (01:00 UTC).
    times = ["2026-03-28T22:59:00+00:00", "2026-03-28T23:00:00+00:00", "2026-03-29T21:59:00+00:00",
             "2026-03-29T22:00:00+00:00"]  # fmt: skip
    await store.write("events", [make_event(utctimestamp=t) for t in times])
    aggs = await aggregate(
        store, {"d": {"date_histogram": {"calendar_interval": "1d", "time_zone": "Europe/Paris"}}}
    )
    assert [(b["key"], b["key_as_string"], b["doc_count"]) for b in aggs["d"]["buckets"]] == [
        (ms("2026-03-27T23:00:00+00:00"), "2026-03-28T00:00:00.000+01:00", 1),
        (ms("2026-03-28T23:00:00+00:00"), "2026-03-29T00:00:00.000+01:00", 2),
        (ms("2026-03-29T22:00:00+00:00"), "2026-03-30T00:00:00.000+02:00", 1),
    ]
    hourly = await aggregate(
        store, {"d": {"date_histogram": {"fixed_interval": "1h", "time_zone": "Europe/Paris"}}}
    )
    assert len(hourly["d"]["buckets"]) == 25  # UTC hours 22 on the 28th to 22 on the 29th


async def test_calendar_months_and_quarters(store: TantivyEventStore) -> None:
    times = ["2026-01-31T23:00:00+00:00", "2026-02-01T00:00:00+00:00", "2026-02-28T12:00:00+00:00",
             "2026-04-30T00:00:00+00:00"]  # fmt: skip
    await store.write("events", [make_event(utctimestamp=t) for t in times])
    aggs = await aggregate(
        store,
        {
            "m": {"date_histogram": {"calendar_interval": "month"}},
            "q": {"date_histogram": {"calendar_interval": "quarter"}},
            "y": {"date_histogram": {"calendar_interval": "1y", "time_zone": "+14:00"}},
        },
    )
    assert [(b["key_as_string"], b["doc_count"]) for b in aggs["m"]["buckets"]] == [
        ("2026-01-01T00:00:00.000Z", 1),
        ("2026-02-01T00:00:00.000Z", 2),
        ("2026-03-01T00:00:00.000Z", 0),
        ("2026-04-01T00:00:00.000Z", 1),
    ]
    assert [(b["key_as_string"], b["doc_count"]) for b in aggs["q"]["buckets"]] == [
        ("2026-01-01T00:00:00.000Z", 3),
        ("2026-04-01T00:00:00.000Z", 1),
    ]
    assert [b["key_as_string"] for b in aggs["y"]["buckets"]] == ["2026-01-01T00:00:00.000+14:00"]


async def test_histogram_and_metrics(loaded: TantivyEventStore) -> None:
    aggs = await aggregate(
        loaded,
        {
            "b": {"histogram": {"field": "details.bytes", "interval": 5}},
            "s": {"stats": {"field": "details.bytes"}},
            "min": {"min": {"field": "details.bytes"}},
            "max": {"max": {"field": "details.bytes"}},
            "avg": {"avg": {"field": "details.destinationport"}},
            "sum": {"sum": {"field": "details.bytes"}},
            "first": {"min": {"field": "utctimestamp"}},
            "hosts": {"cardinality": {"field": "hostname"}},
            "ports": {"cardinality": {"field": "details.destinationport"}},
        },
    )
    assert aggs["b"]["buckets"] == [
        {"key": -5.0, "doc_count": 1},
        {"key": 0.0, "doc_count": 1},
        {"key": 5.0, "doc_count": 0},
        {"key": 10.0, "doc_count": 1},
        {"key": 15.0, "doc_count": 0},
        {"key": 20.0, "doc_count": 1},
    ]
    assert aggs["s"] == {"count": 4, "min": -4.0, "max": 20.0, "avg": 6.875, "sum": 27.5}
    assert (aggs["min"], aggs["max"], aggs["sum"]) == ({"value": -4.0}, {"value": 20.0}, {"value": 27.5})
    assert aggs["avg"] == {"value": (22 + 80 + 22 + 5432 + 22) / 5}
    assert aggs["first"] == {"value": float(ms("2026-11-26T08:00:00+00:00"))}
    assert aggs["hosts"] == {"value": 3}
    assert aggs["ports"] == {"value": 4}  # 22, 80, 5432 and "ssh"


async def test_empty_results(loaded: TantivyEventStore, store: TantivyEventStore) -> None:
    spec = {
        "h": {"terms": {"field": "hostname"}},
        "d": {"date_histogram": {"calendar_interval": "month"}},
        "n": {"histogram": {"field": "details.bytes", "interval": 1}},
        "s": {"stats": {"field": "details.bytes"}},
        "a": {"avg": {"field": "details.bytes"}},
        "t": {"sum": {"field": "details.bytes"}},
        "c": {"cardinality": {"field": "hostname"}},
    }
    expected = {
        "h": {"buckets": [], "sum_other_doc_count": 0, "missing": 0},
        "d": {"buckets": []},
        "n": {"buckets": []},
        "s": {"count": 0, "min": None, "max": None, "avg": None, "sum": 0.0},
        "a": {"value": None},
        "t": {"value": 0.0},
        "c": {"value": 0},
    }
    assert await aggregate(loaded, spec, "hostname:nowhere") == expected
    assert await aggregate(loaded, spec, start=datetime(2030, 1, 1, tzinfo=UTC)) == expected


async def test_the_time_window_limits_what_is_counted(loaded: TantivyEventStore) -> None:
    aggs = await aggregate(
        loaded,
        {"h": {"terms": {"field": "hostname"}}},
        start=datetime(2026, 11, 27, tzinfo=UTC),
        end=datetime(2026, 11, 27, 2, tzinfo=UTC),
    )
    assert aggs["h"]["buckets"] == [
        {"key": "db1", "doc_count": 1},
        {"key": "web1", "doc_count": 1},
        {"key": "web2", "doc_count": 1},
    ]


async def test_fields_without_a_column_are_refused_clearly(loaded: TantivyEventStore) -> None:
    with pytest.raises(QueryError, match=r"details.url.*has no column.*details.sourceipaddress"):
        await aggregate(loaded, {"u": {"terms": {"field": "details.url"}}})
    with pytest.raises(QueryError, match="at most 10000"):
        await aggregate(loaded, {"b": {"histogram": {"field": "details.destinationport", "interval": 0.1}}})
    with pytest.raises(QueryError, match="more than 10000 buckets"):
        await aggregate(loaded, {"d": {"date_histogram": {"fixed_interval": "1s"}}})


async def test_hits_and_aggregations_together(loaded: TantivyEventStore) -> None:
    result = await loaded.search(
        SearchRequest(MatchAll(), size=2, aggs=parse_aggs({"c": {"cardinality": {"field": "tags"}}}))
    )
    assert (result.total, [h.id for h in result.hits]) == (9, ["b6", "b5"])
    assert result.aggregations == {"c": {"value": 3}}


async def test_cardinality_is_exact_across_days_and_estimated_past_the_limit(
    store: TantivyEventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mozdef_common.store.tantivy_aggs_plan as plan

    days = ("2026-11-26T10:00:00+00:00", "2026-11-27T10:00:00+00:00")
    # The same five hosts on both days: summed per-day counts would say 10.
    await store.write(
        "events", [make_event(hostname=f"h{i}", utctimestamp=d) for d in days for i in range(5)]
    )
    spec = {"c": {"cardinality": {"field": "hostname"}}}
    assert (await aggregate(store, spec))["c"] == {"value": 5}
    monkeypatch.setattr(plan, "CARDINALITY_EXACT", 2)
    # Past the limit each day adds its HyperLogLog estimate of what it did not list (an upper bound).
    assert 5 <= (await aggregate(store, spec))["c"]["value"] <= 10


async def test_number_text_under_details_is_the_number(store: TantivyEventStore) -> None:
    values: list[object] = [80, "80", "80.0", 80.5, "true", True, "http"]
    await store.write("events", [make_event(details={"destinationport": v}) for v in values])
    aggs = await aggregate(store, {"p": {"terms": {"field": "details.destinationport"}}})
    assert aggs["p"] == {
        "buckets": [
            {"key": 80, "doc_count": 3},
            {"key": 80.5, "doc_count": 1},
            {"key": "http", "doc_count": 1},
        ],
        "sum_other_doc_count": 0,
        "missing": 0,  # "true" and true are not counted, nor missing (OpenSearch holds them as text)
    }


async def test_top_terms_are_counted_exactly_when_a_day_lists_only_its_top(store: TantivyEventStore) -> None:
    day1, day2 = "2026-11-26T10:00:00+00:00", "2026-11-27T10:00:00+00:00"
    events = [make_event(hostname="m", utctimestamp=day1) for _ in range(2)]
    # Day two holds 121 values once each: its list of the top 105 leaves "m" out.
    events += [make_event(hostname=f"a{i:03d}", utctimestamp=day2) for i in range(120)]
    events.append(make_event(hostname="m", utctimestamp=day2))
    await store.write("events", events)
    spec = {"h": {"terms": {"field": "hostname", "size": 2}, "aggs": {"t": {"terms": {"field": "tags"}}}}}
    aggs = await aggregate(store, spec)
    assert aggs["h"]["buckets"][0] == {
        "key": "m",
        "doc_count": 3,
        "t": {"buckets": [], "sum_other_doc_count": 0, "missing": 3},
    }
    assert aggs["h"]["buckets"][1]["key"] == "a000"
    assert (aggs["h"]["sum_other_doc_count"], aggs["h"]["missing"]) == (119, 0)
