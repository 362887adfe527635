"""The distributed profile on one machine: every service its own process on the Kafka bus (tansu), two
replicas of enrich and of indexer in the same consumer groups, one of each killed -9 under load, and
every event still indexed exactly once (the picture of what the Helm chart deploys).

The indexer replicas share one embedded event store, taking turns per day (``tantivy_days``); with
OpenSearch as the store they would share the cluster instead.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from prometheus_client.parser import text_string_to_metric_families

from mozdef_common import topics
from mozdef_common.accounts import Role
from mozdef_common.settings import CommonSettings
from tests.support.net import free_port
from tests.support.pipeline import provision_key
from tests.support.processes import ServiceProcesses

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

POSTS = 50
PER_POST = 100
EVENTS = POSTS * PER_POST
#: Events each replica of a stage passes on (the indexers: writes to the shared store) before one dies.
KILL_AFTER = 400
REPLICAS = ("enrich-1", "enrich-2", "indexer-1", "indexer-2")
#: (victim, survivor) per stage.
PAIRS = (("enrich-2", "enrich-1"), ("indexer-2", "indexer-1"))


def post_all(url: str, key: str, run: str, acknowledged: list[int], failures: list[str]) -> None:
    """The shipper: paced 100-event posts, each event numbered; remembers what ingest acknowledged."""
    headers = {"Authorization": f"Bearer {key}", "content-type": "application/json"}
    with httpx.Client(base_url=url, timeout=30) as client:
        for post in range(POSTS):
            seqs = range(post * PER_POST, (post + 1) * PER_POST)
            body = orjson.dumps([{"summary": f"distributed {s}", "seq": s, "hostname": run} for s in seqs])
            response = client.post("/events", content=body, headers=headers)
            if response.status_code < 300:
                acknowledged.extend(seqs)
            else:
                failures.append(f"{response.status_code} {response.text[:200]}")
            time.sleep(0.05)


def counters(port: int) -> dict[str, float]:
    """A stage's events received and sent, and its consumer lag (summed, and how many partitions)."""
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    out = {"received": 0.0, "sent": 0.0, "lag": 0.0, "lag_partitions": 0.0}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "mozdef_events_received_total":
                out["received"] += sample.value
            elif sample.name == "mozdef_events_sent_total":
                out["sent"] += sample.value
            elif sample.name == "mozdef_consumer_lag":
                out["lag"] += sample.value
                out["lag_partitions"] += 1
    return out


async def partitions_of(bootstrap: str, topic: str) -> int:
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        return len(await producer.partitions_for(topic))
    finally:
        await producer.stop()


async def search(api_url: str, key: str, run: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
        response = await client.get(
            "/api/v1/events/search",
            params={"q": f'hostname:"{run}"', "size": EVENTS + 100},
            headers={"Authorization": f"Bearer {key}"},
        )
    response.raise_for_status()
    answer: dict[str, Any] = response.json()
    return answer


async def wait_for(what: str, check: Any, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not await asyncio.to_thread(check):
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.2)


async def test_replicas_killed_under_load_index_every_event_once(
    tmp_path: Path, kafka_bootstrap: str
) -> None:
    api_port = free_port()
    ports = {name: free_port() for name in (*REPLICAS, "alerter")}
    services = ServiceProcesses(
        tmp_path,
        MOZDEF_BUS_URL=f"kafka://{kafka_bootstrap}",
        # A killed member holds its partitions for a session: keep sessions short so the test is too.
        MOZDEF_KAFKA_SESSION_TIMEOUT_MS="2000",
        MOZDEF_API_PORT=str(api_port),
        # Small batches: many store commits from both indexers, and work in flight when one dies.
        MOZDEF_BUS_BATCH_SIZE="200",
        MOZDEF_INDEXER_BATCH_SIZE="300",
    )
    settings = CommonSettings(data_dir=tmp_path)
    shipper = await provision_key(settings, Role.SHIPPER)
    analyst = await provision_key(settings, Role.ANALYST)
    api_url = f"http://127.0.0.1:{api_port}"
    # Topics outlive a test (one broker per session): this run's events carry its own hostname.
    run = f"distributed-{tmp_path.name}"
    acknowledged: list[int] = []
    failures: list[str] = []
    posted_at_kill: dict[str, int] = {}
    at_kill: dict[str, dict[str, float]] = {}
    poster = threading.Thread(
        target=post_all, args=(services.ingest_url, shipper, run, acknowledged, failures)
    )
    try:
        services.start("alerter", MOZDEF_METRICS_PORT=str(ports["alerter"]))
        for name in REPLICAS:
            services.start(name, service=name.partition("-")[0], MOZDEF_METRICS_PORT=str(ports[name]))
        services.start("ingest")
        services.start("api")
        for name, port in ports.items():
            await asyncio.to_thread(services.wait_ready, name, f"http://127.0.0.1:{port}", 60)
        await asyncio.to_thread(services.wait_ingest_ready, 60)
        await asyncio.to_thread(services.wait_ready, "api", api_url, 60)
        for topic in (topics.RAW, topics.NORMALIZED):
            partitions = await partitions_of(kafka_bootstrap, topic)
            assert partitions >= 2, f"{topic}: {partitions} partition(s), fewer than the replicas"

        started = time.monotonic()
        poster.start()
        for victim, survivor in PAIRS:
            # Killed only once both replicas of its stage passed KILL_AFTER on: they work side by side
            # (both indexers writing the one store), and the victim dies with the load in full flow.
            await wait_for(
                f"{victim} and {survivor} did not both pass {KILL_AFTER} events on",
                lambda pair=(victim, survivor): all(counters(ports[n])["sent"] >= KILL_AFTER for n in pair),
                60,
            )
            posted_at_kill[victim] = len(acknowledged)
            at_kill[survivor] = counters(ports[survivor])
            services.kill9(victim)
        await asyncio.to_thread(poster.join, 60)
        assert not poster.is_alive()
        assert failures == []
        assert len(acknowledged) == EVENTS

        # Everything indexed, ...
        answer = await search(api_url, analyst, run)
        deadline = time.monotonic() + 60
        while answer["total"] < EVENTS and time.monotonic() < deadline:
            await asyncio.sleep(0.25)
            answer = await search(api_url, analyst, run)
        elapsed = time.monotonic() - started
        survivors = {name: counters(ports[name]) for name in ("enrich-1", "indexer-1")}
        # ... and a whole replay doubles nothing: a third indexer in a group of its own writes every
        # event of mozdef.normalized again, from the start, into the store the others share.
        ports["indexer-replay"] = free_port()
        services.start(
            "indexer-replay",
            service="indexer",
            MOZDEF_METRICS_PORT=str(ports["indexer-replay"]),
            MOZDEF_INDEXER_GROUP=f"replay-{run}",
        )
        url = f"http://127.0.0.1:{ports['indexer-replay']}"
        await asyncio.to_thread(services.wait_ready, "indexer-replay", url, 60)
        await wait_for(
            "the replaying indexer did not catch up",
            lambda: caught_up(counters(ports["indexer-replay"])),
            60,
        )
        replay = counters(ports["indexer-replay"])
        replayed = await search(api_url, analyst, run)
    finally:
        if poster.is_alive():
            poster.join(60)
        codes = services.stop_all()

    for result in (answer, replayed):
        hits = result["hits"]
        ids = [hit["id"] for hit in hits]
        seqs = [hit["source"]["details"]["seq"] for hit in hits]
        assert result["total"] == EVENTS, f"{result['total']} indexed of {EVENTS} after {elapsed:.1f}s"
        assert len(ids) == len(set(ids)) == EVENTS, "an event was indexed twice"
        assert sorted(seqs) == list(range(EVENTS)), "an event was indexed twice, or lost"
    assert replay["sent"] >= EVENTS, "the replay did not write this run's events again"
    # Each victim died before the last post, and its survivor carried on.
    assert all(posted < EVENTS for posted in posted_at_kill.values()), posted_at_kill
    for name, figures in at_kill.items():
        assert survivors[name]["sent"] > figures["sent"], (name, figures, survivors[name])
    assert codes.pop("enrich-2") == codes.pop("indexer-2") == -9
    assert all(code == 0 for code in codes.values()), f"unclean stop: {codes}"


def caught_up(figures: dict[str, float]) -> bool:
    """The stage has read something, reported its lag on every partition, and has none left."""
    return figures["received"] >= EVENTS and figures["lag_partitions"] > 0 and figures["lag"] == 0
