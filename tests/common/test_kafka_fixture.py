from __future__ import annotations

import pytest

pytestmark = pytest.mark.kafka


async def test_broker_answers_metadata(kafka_bootstrap: str) -> None:
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()
    try:
        meta = await producer.send_and_wait("fixture-probe", b"x")
        assert meta.offset >= 0
    finally:
        await producer.stop()
