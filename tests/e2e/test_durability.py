"""kill -9 under load loses and duplicates nothing: every acknowledged event searchable exactly once."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import httpx
import orjson
import pytest

from mozdef_common.accounts import Role
from mozdef_common.query.parser import parse_query
from mozdef_common.settings import CommonSettings
from mozdef_common.store import SearchRequest, open_event_store
from tests.support.pipeline import provision_key
from tests.support.processes import ServiceProcesses

pytestmark = pytest.mark.slow

POSTS = 80
PER_POST = 100


def post_all(url: str, key: str, acknowledged: list[int], stop_at: threading.Event, run: str) -> None:
    """The shipper: sequential 100-event posts; remembers what ingest acknowledged."""
    headers = {"Authorization": f"Bearer {key}", "content-type": "application/json"}
    with httpx.Client(base_url=url, timeout=30) as client:
        for post in range(POSTS):
            if stop_at.is_set():
                return
            seqs = list(range(post * PER_POST, (post + 1) * PER_POST))
            body = orjson.dumps([{"summary": f"durability {s}", "seq": s, "hostname": run} for s in seqs])
            if client.post("/events", content=body, headers=headers).status_code < 300:
                acknowledged.extend(seqs)
            time.sleep(0.02)


@pytest.fixture(params=["embedded", pytest.param("kafka", marks=pytest.mark.kafka)])
def bus_env(request: pytest.FixtureRequest) -> dict[str, str]:
    if request.param == "embedded":
        return {"MOZDEF_BUS_URL": "embedded://"}
    bootstrap: str = request.getfixturevalue("kafka_bootstrap")
    # A killed member holds its partitions for a session: keep sessions short so the test is too.
    return {"MOZDEF_BUS_URL": f"kafka://{bootstrap}", "MOZDEF_KAFKA_SESSION_TIMEOUT_MS": "2000"}


async def test_kill9_of_enrich_and_indexer_under_load(tmp_path: Path, bus_env: dict[str, str]) -> None:
    services = ServiceProcesses(
        tmp_path, MOZDEF_BUS_BATCH_SIZE="200", MOZDEF_INDEXER_BATCH_SIZE="300", **bus_env
    )
    key = await provision_key(CommonSettings(data_dir=tmp_path), Role.SHIPPER)
    acknowledged: list[int] = []
    stop_posting = threading.Event()
    try:
        for name in ("indexer", "enrich", "ingest"):
            services.start(name)
        services.wait_ingest_ready()
        # Kafka topics outlive a test (one broker per session): each run tags its events.
        run = f"load-{tmp_path.name}"
        poster = threading.Thread(
            target=post_all, args=(services.ingest_url, key, acknowledged, stop_posting, run)
        )
        poster.start()
        for victim in ("indexer", "enrich", "indexer", "enrich"):
            await asyncio.sleep(0.7)
            services.kill9(victim)
            await asyncio.sleep(0.3)
            services.start(victim)
        poster.join(timeout=120)
        assert not poster.is_alive()
        assert len(acknowledged) > POSTS * PER_POST // 2

        store = open_event_store(CommonSettings(data_dir=tmp_path))
        request = SearchRequest(query=parse_query(f'hostname:"{run}"'), size=POSTS * PER_POST + 100)
        deadline = time.monotonic() + 90
        while True:
            result = await store.search(request)
            if result.total >= len(acknowledged) or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.25)
        await store.close()
        await asyncio.sleep(1.5)  # let the last restarted service finish starting: its stop is clean
    finally:
        stop_posting.set()
        codes = services.stop_all()

    seqs = [hit.source["details"]["seq"] for hit in result.hits]
    assert sorted(seqs) == sorted(set(seqs)), "an event was indexed twice"
    assert set(acknowledged) <= set(seqs), f"lost {len(set(acknowledged) - set(seqs))} acknowledged events"
    assert result.total == len(seqs)
    assert all(code == 0 for code in codes.values()), f"unclean stop: {codes}"
