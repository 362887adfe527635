"""parse_aggs: the Elasticsearch-style request turned into the model, or refused with a named reason."""

from __future__ import annotations

from typing import Any

import pytest

from mozdef_common.errors import QueryError
from mozdef_common.query.aggs import DateHistogramAgg, HistogramAgg, MetricAgg, TermsAgg, parse_aggs


def test_every_kind_parses() -> None:
    parsed = parse_aggs(
        {
            "h": {
                "terms": {"field": "hostname", "size": 5},
                "aggs": {"n": {"cardinality": {"field": "tags"}}},
            },
            "d": {"date_histogram": {"calendar_interval": "1M", "time_zone": "Europe/Paris"}},
            "b": {"histogram": {"field": "details.bytes", "interval": 100}},
            "s": {"stats": {"field": "details.bytes"}},
        }
    )
    assert parsed == {
        "h": TermsAgg("hostname", 5, {"n": MetricAgg("cardinality", "tags")}),
        "d": DateHistogramAgg("utctimestamp", None, "month", "Europe/Paris", 0, {}),
        "b": HistogramAgg("details.bytes", 100.0),
        "s": MetricAgg("stats", "details.bytes"),
    }


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ([], "must be an object"),
        ({"x": {}}, "'x': name exactly one kind"),
        ({"x": {"terms": {"field": "hostname"}, "avg": {"field": "details.n"}}}, "'x': name exactly one"),
        ({"x": {"percentiles": {"field": "details.n"}}}, "not 'percentiles'"),
        (
            {"x": {"terms": {"field": "hostname", "size": 1001}}},
            "'x': size must be an integer from 1 to 1000",
        ),
        (
            {"x": {"terms": {"field": "hostname", "order": {"_key": "asc"}}}},
            "unknown terms parameter 'order'",
        ),
        ({"x": {"terms": {"field": "summary"}}}, "does not apply to the text field 'summary'"),
        ({"x": {"terms": {"field": "nope"}}}, "'x': unknown field 'nope'"),
        ({"x": {"terms": {}}}, "terms needs a field"),
        ({"x": {"avg": {"field": "hostname"}}}, "avg does not apply to the keyword field"),
        ({"x": {"date_histogram": {}}}, "exactly one of fixed_interval and calendar_interval"),
        ({"x": {"date_histogram": {"fixed_interval": "1M"}}}, "fixed_interval '1M'"),
        ({"x": {"date_histogram": {"calendar_interval": "2d"}}}, "calendar_interval '2d'"),
        ({"x": {"date_histogram": {"fixed_interval": "1h", "time_zone": "Mars/Olympus"}}}, "time_zone"),
        ({"x": {"histogram": {"field": "details.n", "interval": 0}}}, "interval must be a number above 0"),
        (
            {"x": {"avg": {"field": "details.n"}, "aggs": {"y": {"avg": {"field": "details.n"}}}}},
            "cannot hold",
        ),
        (
            {"x": {"terms": {"field": "hostname"}, "aggs": {"y": {"terms": {"field": "tags"}, "aggs": {}}}}},
            "only one level",
        ),
        ({f"a{i}": {"avg": {"field": "details.n"}} for i in range(11)}, "too many aggregations: 11"),
        ({"_x": {"avg": {"field": "details.n"}}}, "a name is"),
    ],
)
def test_refusals_name_the_aggregation_and_the_problem(spec: Any, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace("[", r"\[")):
        parse_aggs(spec)
