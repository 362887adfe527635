"""Every stage's metrics, read as Prometheus text from the real running stages, move under load; the
health answer of the running api sees the same pipeline (lag per stage and group, rates)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from mozdef_common.telemetry import LatestStageCollector
from tests.support.pipeline import InProcessPipeline, search_until

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def parse(text: str) -> Samples:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def scrape_stage(stage: str) -> Samples:
    """What ``mozdef run <stage>`` serves on MOZDEF_METRICS_PORT: the stage's registry, collected now."""
    registry = CollectorRegistry()
    registry.register(LatestStageCollector(stage))
    return parse(generate_latest(registry).decode())


def value(samples: Samples, name: str, **labels: str) -> float:
    """The sum of ``name`` over the samples carrying ``labels`` (0 when none does yet)."""
    wanted = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and wanted <= ls)


async def ship(pipeline: InProcessPipeline, batches: int, size: int, tag: str) -> None:
    headers = {"Authorization": f"Bearer {pipeline.ingest_key}"}
    async with httpx.AsyncClient(base_url=pipeline.ingest_url, headers=headers, timeout=10) as ingest:
        for b in range(batches):
            body = [{"summary": f"{tag} {b}-{i}", "category": tag, "hostname": "load1"} for i in range(size)]
            body.append({"not": "an event"} if b == 0 else {"summary": f"{tag} extra {b}", "category": tag})
            (await ingest.post("/events", json=body)).raise_for_status()


async def test_stage_metrics_move_under_load(tmp_path: Path) -> None:
    async with InProcessPipeline(tmp_path) as pipeline:
        before = {stage: scrape_stage(stage) for stage in ("enrich", "indexer")}
        await ship(pipeline, batches=5, size=40, tag="loadtest")
        await search_until(pipeline, "category:loadtest", expect=204)
        async with httpx.AsyncClient(base_url=pipeline.ingest_url) as ingest:
            ingest_text = (await ingest.get("/metrics")).text
        # Lag is sampled at most once a second per stage: give the last sample time to land.
        for _ in range(50):
            enrich, indexer = scrape_stage("enrich"), scrape_stage("indexer")
            caught_up = value(
                indexer, "mozdef_consumer_lag", group="mozdef-indexer", topic="mozdef.normalized"
            )
            if caught_up == 0 and any(name == "mozdef_consumer_lag" for name, _ in enrich):
                break
            await asyncio.sleep(0.1)
        headers = {"Authorization": f"Bearer {pipeline.api_key}"}
        async with httpx.AsyncClient(base_url=pipeline.api_url, headers=headers) as api:
            health = (await api.get("/api/v1/health")).json()

    ingested = parse(ingest_text)
    assert value(ingested, "mozdef_events_received_total", stage="ingest") >= 205
    assert value(ingested, "mozdef_batch_size_count", stage="ingest") >= 5
    for stage, now in (("enrich", enrich), ("indexer", indexer)):
        grown = value(now, "mozdef_events_received_total") - value(
            before[stage], "mozdef_events_received_total"
        )
        assert grown >= 204, stage
        assert value(now, "mozdef_batch_size_count") > value(before[stage], "mozdef_batch_size_count")
        assert value(now, "mozdef_batch_size_sum") >= 204
    assert value(indexer, "mozdef_events_sent_total", stage="indexer") >= 204
    # The store's bulk latency: one observation per bulk, by family.
    assert value(indexer, "mozdef_store_write_seconds_count", family="events") >= 1
    assert value(indexer, "mozdef_store_write_seconds_sum", family="events") > 0
    # Lag carries the consumer group each stage reads under, per topic and partition, and is caught up.
    assert (
        "mozdef_consumer_lag",
        frozenset(
            {
                ("stage", "enrich"),
                ("group", "mozdef-enrich"),
                ("topic", "mozdef.raw"),
                ("partition", "0"),
            }
        ),
    ) in enrich
    assert value(indexer, "mozdef_consumer_lag", group="mozdef-indexer", topic="mozdef.normalized") == 0

    # The running api's health answer sees the same pipeline.
    assert health["rates"]["last_minute"]["events"] >= 204
    assert health["rates"]["last_minute"]["out_per_s"] > 0
    groups = {(s["stage"], s["group"]) for s in health["lag"]["stages"]}
    assert {("enrich", "mozdef-enrich"), ("indexer", "mozdef-indexer")} <= groups
    assert health["store"]["families"]["events"]["documents"] >= 204
