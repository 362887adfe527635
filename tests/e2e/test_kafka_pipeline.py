"""The same flows with every stage on Kafka (a real Kafka-protocol broker: tansu)."""

from __future__ import annotations

import pytest

from tests.e2e import flows
from tests.support.pipeline import InProcessPipeline

pytestmark = [pytest.mark.kafka, pytest.mark.slow]


async def test_flows_on_kafka(kafka_pipeline: InProcessPipeline) -> None:
    await flows.array_ndjson_gzip_and_bulk(kafka_pipeline)
    await flows.sshd_normalized(kafka_pipeline)
    await flows.custom_endpoint(kafka_pipeline)


async def test_shipper_writing_straight_to_kafka(
    kafka_pipeline: InProcessPipeline, kafka_bootstrap: str
) -> None:
    from aiokafka import AIOKafkaProducer

    tag = flows.marker()
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        for i in range(3):
            await producer.send_and_wait("mozdef.raw", f'{{"message": "kafka {tag} {i}"}}'.encode())
        await producer.send_and_wait("mozdef.raw", f"{{not json {tag}".encode())
    finally:
        await producer.stop()
    answer = await flows.search_until(kafka_pipeline, f"summary:{tag}", expect=3)
    assert answer["total"] == 3
    assert {hit["source"]["mozdef"]["endpoint"] for hit in answer["hits"]} == {"kafka"}
    # What could not be processed is dead-lettered with the reason, and searchable.
    dead = await flows.search_until(kafka_pipeline, f"details.raw:*{tag}*", expect=1, index="deadletter")
    assert dead["total"] == 1
    letter = dead["hits"][0]["source"]
    assert letter["category"] == "deadletter"
    assert letter["details"]["stage"] == "enrich"
    assert "invalid_json" in letter["details"]["reason"]
    assert dead["hits"][0]["index"].startswith("deadletter-")
