"""The store against a real OpenSearch: only when ``MOZDEF_TEST_OPENSEARCH_URL`` names one (credentials
and TLS from the usual ``MOZDEF_OPENSEARCH_*`` variables); every index and template carries a prefix
unique to the run and is deleted afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from typing import Any, Final

import pytest

from mozdef_common.query.aggs import parse_aggs
from mozdef_common.query.parser import parse_query
from mozdef_common.settings import CommonSettings
from mozdef_common.store import open_event_store
from mozdef_common.store.base import SearchRequest
from mozdef_common.store.opensearch_store import OpenSearchEventStore
from tests.support.events import make_event
from tests.support.opensearch import drop_prefix

ENV: Final = "MOZDEF_TEST_OPENSEARCH_URL"

pytestmark = pytest.mark.skipif(
    not os.environ.get(ENV), reason=f"{ENV} is not set: no OpenSearch server to test against"
)


@pytest.fixture
async def live() -> AsyncIterator[OpenSearchEventStore]:
    prefix = f"mozdef-test-{uuid.uuid4().hex[:8]}-"
    settings = CommonSettings(
        events_url=os.environ[ENV], opensearch_index_prefix=prefix, opensearch_replicas=0
    )
    store = open_event_store(settings, writer=True)
    assert isinstance(store, OpenSearchEventStore)
    try:
        yield store
    finally:
        await store.close()
        await drop_prefix(settings, prefix)


def _batch() -> list[dict[str, Any]]:
    return [
        make_event(
            id=f"live-{i}",
            utctimestamp=f"2026-11-27T10:00:{i:02d}.{i:06d}+00:00",
            hostname="web1" if i % 2 else "bastion1",
            summary=f"Failed password for user{i} from 10.0.0.{i}",
            details={"sourceipaddress": f"10.0.0.{i}", "port": 22 if i % 3 else "22", "bytes": i * 100},
        )
        for i in range(10)
    ]


async def test_write_search_page_and_get(live: OpenSearchEventStore) -> None:
    result = await live.write("events", _batch())
    assert (result.written, result.failed) == (10, [])
    found = await live.search(SearchRequest(query=parse_query("hostname:web1 AND summary:failed"), size=2))
    assert found.total == 5
    assert [h.id for h in found.hits] == ["live-9", "live-7"]
    assert found.hits[0].index == f"{live.config.index_prefix}events-20261127"
    following = await live.search(
        SearchRequest(query=parse_query("hostname:web1"), size=2, search_after=found.hits[-1].sort)
    )
    assert [h.id for h in following.hits] == ["live-5", "live-3"]
    subnet = await live.search(SearchRequest(query=parse_query("details.sourceipaddress:10.0.0.0/30")))
    assert subnet.total == 4
    port = await live.search(SearchRequest(query=parse_query("details.port:22")))
    assert port.total == 10
    hit = await live.get("live-3")
    assert hit is not None
    assert hit.source["details"]["bytes"] == 300
    assert await live.get("nope") is None


async def test_a_replay_never_duplicates(live: OpenSearchEventStore) -> None:
    await live.write("events", _batch())
    await live.write("events", _batch())
    assert (await live.search(SearchRequest(query=parse_query("*")))).total == 10
    counts = dict(await live.indices())
    assert counts[f"{live.config.index_prefix}events-20261127"] == 10


async def test_aggregations_have_the_shared_shape(live: OpenSearchEventStore) -> None:
    await live.write("events", _batch())
    aggs = parse_aggs(
        {
            "hosts": {"terms": {"field": "hostname"}},
            "ports": {"terms": {"field": "details.port"}},
            "bytes": {"stats": {"field": "details.bytes"}},
            "per_minute": {"date_histogram": {"fixed_interval": "1m"}},
        }
    )
    result = await live.search(SearchRequest(query=parse_query("*"), size=0, aggs=aggs))
    assert result.aggregations is not None
    assert result.aggregations["hosts"] == {
        "buckets": [{"key": "bastion1", "doc_count": 5}, {"key": "web1", "doc_count": 5}],
        "sum_other_doc_count": 0,
        "missing": 0,
    }
    assert result.aggregations["ports"]["buckets"] == [{"key": 22, "doc_count": 10}]
    assert result.aggregations["bytes"] == {
        "count": 10,
        "min": 0.0,
        "max": 900.0,
        "avg": 450.0,
        "sum": 4500.0,
    }
    assert result.aggregations["per_minute"]["buckets"] == [
        {"key": 1795773600000, "key_as_string": "2026-11-27T10:00:00.000Z", "doc_count": 10}
    ]


async def test_a_mapping_rejection_is_reported_per_event(live: OpenSearchEventStore) -> None:
    first = make_event(id="m1", details={"user": "alice"})
    assert (await live.write("events", [first])).failed == []
    clash = make_event(id="m2", details={"user": {"name": "bob"}})
    fine = make_event(id="m3", details={"user": "carol"})
    result = await live.write("events", [clash, fine])
    assert result.written == 1
    ((position, reason),) = result.failed
    assert position == 0
    assert "details.user" in reason
    assert ("details.user", "keyword") in await live.fields()
